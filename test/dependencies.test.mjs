// What users install holds one coherent, exactly pinned OpenTelemetry 3.x set: a single copy of each package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function collect(node, out) {
  for (const [name, dep] of Object.entries(node.dependencies ?? {})) {
    if (name.startsWith('@opentelemetry/') && dep.version) (out[name] ??= new Set()).add(dep.version);
    collect(dep, out);
  }
  return out;
}

test('npm ls --all --omit=dev: one version of every @opentelemetry package, no api-logs', () => {
  let json;
  try {
    json = execFileSync('npm', ['ls', '--all', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    json = e.stdout; // npm ls exits 1 on extraneous or invalid packages; the tree is still printed
  }
  const versions = collect(JSON.parse(json), {});
  const duplicated = Object.entries(versions).filter(([, v]) => v.size > 1).map(([n, v]) => `${n}: ${[...v].join(', ')}`);
  assert.deepEqual(duplicated, []);
  assert.ok(!('@opentelemetry/api-logs' in versions), 'the 2.x api-logs line must not be installed for users');
  assert.deepEqual([...(versions['@opentelemetry/api'] ?? [])], ['1.10.0']);
  assert.deepEqual([...(versions['@opentelemetry/sdk-logs'] ?? [])], ['3.1.0']);
});

test('packages pin their dependencies exactly and declare Node >= 22.15', () => {
  for (const d of readdirSync(join(root, 'packages'))) {
    const f = join(root, 'packages', d, 'package.json');
    if (!existsSync(f)) continue;
    const pkg = JSON.parse(readFileSync(f, 'utf8'));
    assert.equal(pkg.engines?.node, '>=22.15.0', `${pkg.name} engines`);
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.peerDependencies })) {
      if (name.startsWith('@opentelemetry/')) assert.match(range, /^\d+\.\d+\.\d+$/, `${pkg.name} pins ${name} exactly`);
    }
  }
});

test('each package tsconfig references the workspace packages it depends on (tsc -b builds projects in parallel otherwise)', () => {
  const dirs = readdirSync(join(root, 'packages')).filter((d) => existsSync(join(root, 'packages', d, 'package.json')));
  const byName = new Map(dirs.map((d) => [JSON.parse(readFileSync(join(root, 'packages', d, 'package.json'), 'utf8')).name, d]));
  for (const d of dirs) {
    const pkg = JSON.parse(readFileSync(join(root, 'packages', d, 'package.json'), 'utf8'));
    const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies }).filter((n) => byName.has(n));
    const ts = JSON.parse(readFileSync(join(root, 'packages', d, 'tsconfig.json'), 'utf8'));
    const refs = (ts.references ?? []).map((r) => r.path.replace(/^\.\.\//, ''));
    assert.deepEqual(refs.sort(), deps.map((n) => byName.get(n)).sort(), `${pkg.name}: tsconfig references`);
  }
});
