import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateText, isKitMessage, kitHtml, shortStep } from '../../../../src/extension/phases/kitProtocol';

test('status bar text reads like the issue: est. final loss 2.71 ± 0.02 at step 72k', () => {
  assert.equal(estimateText({ estimate: 2.7134, lower: 2.6934, upper: 2.7334, step: 71999 }), 'est. final loss 2.71 ± 0.02 at step 72k');
  assert.equal(estimateText({ estimate: 3.2101, lower: 3.2071, upper: 3.2131, step: 23999 }), 'est. final loss 3.210 ± 0.003 at step 24k');
  assert.equal(estimateText({ estimate: 2.5, lower: NaN, upper: NaN, step: 950 }), 'est. final loss 2.500 at step 950');
  assert.equal(shortStep(1_499_999), '1.5M');
});

test('kit pages: strict CSP, scripts only by nonce, no inline script', () => {
  const html = kitHtml({ cspSource: 'vscode-webview://x', nonce: 'N0nce', scripts: ['a.js', 'b.js'], styles: ['s.css'], panel: 'phases', title: 'T <x>' });
  assert.match(html, /default-src 'none'; script-src 'nonce-N0nce'; style-src vscode-webview:\/\/x 'unsafe-inline'; img-src vscode-webview:\/\/x data: blob:; font-src vscode-webview:\/\/x/);
  const scripts = html.match(/<script[^>]*>/g)!;
  assert.equal(scripts.length, 2);
  for (const s of scripts) assert.match(s, /nonce="N0nce" src="/);
  assert.ok(!/<script nonce="N0nce">/.test(html));
  assert.match(html, /<title>T &lt;x&gt;<\/title>/);
});

test('only the kit envelope is accepted from webviews', () => {
  assert.ok(isKitMessage({ type: 'ready' }));
  assert.ok(isKitMessage({ type: 'action', action: 'select' }));
  assert.ok(!isKitMessage({ type: 'show' }));
  assert.ok(!isKitMessage(null));
});
