// Every webview page: strict CSP, scripts only by a fresh crypto nonce, no inline script, escaped title.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentSecurityPolicy, makeNonce, webviewHtml } from '../../../../src/extension/host/html';

test('webview pages: strict CSP, scripts only by nonce, no inline script, no unsafe-eval', () => {
  const html = webviewHtml({ cspSource: 'vscode-webview://x', nonce: 'N0nce', scripts: ['a.js', 'b.js'], styles: ['s.css'], panel: 'phases', title: 'T <x>' });
  assert.match(html, /default-src 'none'; script-src 'nonce-N0nce'; style-src vscode-webview:\/\/x 'unsafe-inline'; img-src vscode-webview:\/\/x data: blob:; font-src vscode-webview:\/\/x/);
  const scripts = html.match(/<script[^>]*>/g)!;
  assert.equal(scripts.length, 2);
  for (const s of scripts) assert.match(s, /nonce="N0nce" src="/);
  assert.ok(!/<script nonce="N0nce">/.test(html));
  assert.ok(!/unsafe-eval/.test(contentSecurityPolicy('x', 'n')));
  assert.match(html, /<title>T &lt;x&gt;<\/title>/);
  assert.match(html, /<body data-panel="phases">/);
});

test('nonces are fresh, long and unguessable (crypto, not Math.random)', () => {
  const seen = new Set(Array.from({ length: 200 }, () => makeNonce()));
  assert.equal(seen.size, 200);
  for (const n of seen) assert.match(n, /^[A-Za-z0-9]{20,}$/);
  const original = Math.random;
  Math.random = () => 0.5; // a predictable Math.random must not make predictable nonces
  try {
    assert.notEqual(makeNonce(), makeNonce());
  } finally {
    Math.random = original;
  }
});
