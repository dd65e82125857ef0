// Help that teaches (issue 19, item 9): every command and subcommand has a purpose, flags that
// each say what they mean (and, unless boolean, their unit or value syntax), and examples; the
// flags --help documents are the flags the command parses; and every example runs on the bundled
// examples/ through the built CLI with exit 0.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { COMMANDS, main } from '../../../src/cli/main';
import type { CommandHelp, HelpExample, HelpModule } from '../../../src/cli/help';
import { TOPICS } from '../../../src/cli/topics';
import { ROW_EXPRESSION_HELP } from '../../../src/core/expr/restrictedMath';
import type { FlagDoc } from '../../../src/tasks/flags/args';

async function cli(...argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** Every descriptor: [command words, purpose, help]. */
async function descriptors(): Promise<[string[], string, CommandHelp][]> {
  const all: [string[], string, CommandHelp][] = [];
  for (const [name, cmd] of Object.entries(COMMANDS)) {
    const mod = (await cmd.load()) as HelpModule;
    assert.ok(mod.HELP || mod.SUBCOMMANDS, `${name}: exports neither HELP nor SUBCOMMANDS (src/cli/help.ts)`);
    if (mod.HELP) all.push([[name], cmd.summary, mod.HELP]);
    for (const [sub, h] of Object.entries(mod.SUBCOMMANDS ?? {})) all.push([[name, sub], h.purpose, h]);
  }
  return all;
}

test('every command and subcommand has a purpose, documented flags and two or three examples', async () => {
  const problems: string[] = [];
  for (const [words, purpose, h] of await descriptors()) {
    const who = words.join(' ');
    if (!purpose?.trim()) problems.push(`${who}: no purpose`);
    if (!h.usage?.trim()) problems.push(`${who}: no usage line`);
    if (h.examples.length < 2 || h.examples.length > 3) problems.push(`${who}: ${h.examples.length} examples (want 2 or 3)`);
    for (const e of h.examples) {
      if (!e.run.startsWith(who + ' ')) problems.push(`${who}: example '${e.run}' does not run ${who}`);
      if (!e.what?.trim()) problems.push(`${who}: example '${e.run}' does not say what it shows`);
    }
    for (const [flag, entry] of Object.entries(h.flags)) {
      if (typeof entry === 'string') {
        problems.push(`${who} --${flag}: a bare kind '${entry}', no description`);
        continue;
      }
      const doc = entry as FlagDoc;
      if (!doc.help?.trim()) problems.push(`${who} --${flag}: no description`);
      if (doc.kind !== 'boolean' && !doc.unit?.trim()) problems.push(`${who} --${flag}: no unit or value syntax`);
    }
  }
  assert.deepEqual(problems, []);
});

test('--help prints the descriptor, and the flags it documents are the flags the command parses', async () => {
  for (const [words, purpose, h] of await descriptors()) {
    const who = words.join(' ');
    const r = await cli(...words, '--help');
    assert.equal(r.code, 0, `${who} --help: ${r.err}`);
    assert.ok(r.out.startsWith(`scaling-laws ${who}: ${purpose}\n`), `${who} --help starts with its purpose:\n${r.out.slice(0, 200)}`);
    for (const flag of Object.keys(h.flags)) assert.match(r.out, new RegExp(`^  --${flag}\\b`, 'm'), `${who} --help lists --${flag}`);
    for (const e of h.examples) assert.ok(r.out.includes(`scaling-laws ${e.run}\n`), `${who} --help shows '${e.run}'`);
    // The parser's own list of known flags (in its unknown-flag message) is the documented list.
    const bad = await cli(...words, '--no-such-flag');
    assert.equal(bad.code, 2, `${who} --no-such-flag exits 2`);
    const known = /\(known: ([^)]*)\)/.exec(bad.err)?.[1].split(' ').map((f) => f.replace(/^--/, '')).sort();
    assert.deepEqual(known, Object.keys(h.flags).sort(), `${who}: parsed flags = documented flags`);
  }
});

test('scaling-laws help: topics, the where page, and help <command> = <command> --help', async () => {
  const list = await cli('help');
  assert.equal(list.code, 0);
  for (const name of [...Object.keys(TOPICS), ...Object.keys(COMMANDS)]) assert.match(list.out, new RegExp(`^  ${name}\\b`, 'm'));
  const where = await cli('help', 'where');
  assert.equal(where.code, 0);
  assert.ok(where.out.includes(ROW_EXPRESSION_HELP), 'the where page shows the row-expression syntax');
  assert.deepEqual(await cli('help', 'fit'), await cli('fit', '--help'));
  assert.deepEqual(await cli('help', 'curve', 'predict'), await cli('curve', 'predict', '--help'));
  assert.equal((await cli('help', 'no-such-topic')).code, 2);
  assert.match((await cli('--help')).out, /help where/);
});

// Every example, as a user would paste it, from a folder holding the bundled examples/.
const root = resolve(__dirname, '../../..');
const cliJs = join(root, 'dist/cli.js');

test('every help example runs on the bundled examples through dist/cli.js with exit 0', { skip: existsSync(cliJs) ? false : 'dist/cli.js missing: run npm run build' }, async (t) => {
  const examples: HelpExample[] = [];
  for (const [, , h] of await descriptors()) examples.push(...h.examples);
  for (const topic of Object.values(TOPICS)) examples.push(...topic.examples);
  // Examples that write a file other examples read (fit.json, curve.json) run first.
  const writes = (e: HelpExample) => /--out \S+\.json\b/.test(e.run);
  const ordered = [...examples.filter(writes), ...examples.filter((e) => !writes(e))];
  const dir = mkdtempSync(join(tmpdir(), 'sl-help-'));
  symlinkSync(join(root, 'examples'), join(dir, 'examples'));
  try {
    for (const e of ordered) {
      await t.test(e.run, { skip: e.slow && !writes(e) ? e.slow : false }, () => {
        const t0 = Date.now();
        const r = spawnSync('bash', ['-c', `node ${JSON.stringify(cliJs)} ${e.run}`], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
        assert.equal(r.status, 0, `scaling-laws ${e.run}: exit ${r.status}\n${r.stderr}`);
        assert.ok(r.stdout.trim().length > 0, `scaling-laws ${e.run} printed nothing`);
        t.diagnostic(`${((Date.now() - t0) / 1000).toFixed(1)} s  ${e.run}`);
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
