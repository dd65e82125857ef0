// Issue 16 item 13: the config hover's markdown is trusted (it carries command links), so text
// from the user's config or fit label must not be able to add links, HTML or table cells.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeConfig, hoverMarkdown, mdText, type FitLaw } from '../../../../src/extension/config/logic';

const root = join(__dirname, '../../../..');
const evil = '[run me](command:workbench.action.terminal.new) <img src=x> | cell `code` \n# heading';

test('user strings in the trusted hover cannot add links, commands, HTML or cells', () => {
  const fit: FitLaw = { law: { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 }, draws: [], label: evil };
  const a = analyzeConfig(readFileSync(join(root, 'examples/configs/config.json'), 'utf8'), 'config.json', fit)!;
  a.arch.warnings.push(evil);
  const md = hoverMarkdown(a, { ...a.arch.keys[0], key: evil, value: evil });
  // The only links are the panel's own (code spans render as text, so they are left out).
  const text = md.replace(/`[^`\n]*`/g, '');
  const links = [...text.matchAll(/(?<!\\)\]\((command:[^)]*)\)/g)].map((m) => m[1]);
  assert.deepEqual(links.filter((l) => !l.startsWith('command:scalingLaws.')), []);
  assert.ok(!/(?<!\\)<img/.test(text), 'no raw HTML');
  assert.ok(!md.includes('\n# heading'), 'no new block from a newline');
  assert.equal(mdText('a|b'), 'a\\|b');
});
