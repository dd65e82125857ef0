// Ready to install (issue 19, item 11): the .vsix whitelist (.vscodeignore) holds every bundle the
// extension loads, the npm tarball (.npmignore) every file the CLI loads, and the marketplace fields
// point at files that exist.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(__dirname, '../..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const whitelisted = (file: string, p: string) => read(file).split('\n').map((l) => l.trim()).includes(`!${p}`);

/** The bundles scripts/build.mjs writes: outfile: 'dist/x.js' and web('x'). */
function bundles(): string[] {
  const src = read('scripts/build.mjs');
  const out = [...src.matchAll(/outfile: '(dist\/[\w.-]+\.js)'/g)].map((m) => m[1]);
  const web = [...src.matchAll(/web\('([\w-]+)'\)/g)].map((m) => `dist/${m[1]}.js`);
  return [...new Set([...out, ...web])];
}

test('the .vsix ships every bundle build.mjs makes except the CLI and the HTML report renderer', () => {
  const cliOnly = new Set(['dist/cli.js', 'dist/report.js']);
  const built = bundles();
  assert.ok(built.includes('dist/extension.js') && built.includes('dist/results.js'), `bundles found: ${built.join(', ')}`);
  const missing = built.filter((b) => !cliOnly.has(b) && !whitelisted('.vscodeignore', b));
  assert.deepEqual(missing, [], 'add these to .vscodeignore as !dist/…');
  assert.ok(whitelisted('.vscodeignore', 'dist/plotly.min.js') && whitelisted('.vscodeignore', 'CHANGELOG.md') && whitelisted('.vscodeignore', 'media/**'));
});

test('the npm tarball ships what the CLI loads', () => {
  for (const f of ['dist/cli.js', 'dist/fitThread.js', 'dist/report.js', 'dist/plotly.min.js']) assert.ok(whitelisted('.npmignore', `/${f}`), `.npmignore keeps ${f}`);
  const pkg = JSON.parse(read('package.json'));
  assert.equal(pkg.bin['scaling-laws'], 'dist/cli.js');
  assert.equal(pkg.files, undefined, 'vsce refuses a files list next to .vscodeignore');
});

test('marketplace fields: icon is a 128×128 PNG, readme and changelog exist, screenshots are shipped', () => {
  const pkg = JSON.parse(read('package.json'));
  for (const k of ['displayName', 'description', 'icon', 'galleryBanner', 'keywords', 'categories']) assert.ok(pkg[k], `package.json ${k}`);
  assert.ok(pkg.keywords.length <= 30, 'vsce allows at most 30 keywords');
  const png = readFileSync(join(root, pkg.icon));
  assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  const readme = /--readme-path (\S+)/.exec(pkg.scripts.package)?.[1];
  assert.ok(readme && existsSync(join(root, readme)), 'npm run package names an existing readme');
  for (const [, img] of read(readme).matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
    assert.ok(img.startsWith('media/') && existsSync(join(root, img)), `${readme}: image ${img} exists under media/ (shipped)`);
  }
  assert.ok(existsSync(join(root, 'CHANGELOG.md')));
  const projectReadme = read('README.md');
  for (const line of ['npm ci && npm run report', 'npm test', 'code --install-extension scaling-laws.vsix', 'npm install -g ./scaling-laws-0.1.0.tgz']) {
    assert.ok(projectReadme.includes(line), `README.md says '${line}'`);
  }
});

test('the Get started walkthrough: four steps, each linking a contributed command, with shipped media and example', () => {
  const pkg = JSON.parse(read('package.json'));
  const commands = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  const [walk] = pkg.contributes.walkthroughs;
  assert.equal(walk.steps.length, 4);
  for (const step of walk.steps) {
    const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
    assert.ok(linked.length > 0, `${step.id} has a button`);
    for (const c of [...linked, ...step.completionEvents.map((e: string) => e.replace(/^onCommand:/, ''))]) assert.ok(commands.has(c), `${step.id}: ${c} is a contributed command`);
    assert.ok(step.media.image.startsWith('media/') && existsSync(join(root, step.media.image)), `${step.id}: ${step.media.image}`);
  }
  // scalingLaws.openExample opens this file from the installed extension (src/extension/walkthrough).
  assert.ok(read('src/extension/walkthrough/walkthrough.ts').includes("['examples', 'chinchilla-runs.csv']"));
  assert.ok(existsSync(join(root, 'examples/chinchilla-runs.csv')) && whitelisted('.vscodeignore', 'examples/chinchilla-runs.csv'));
});
