import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..');
const ROOT_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)['"]@cdktf\/provider-(?:azuread|azurerm|time)['"]/;

function files(dir: string, ext: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, ext) : ext.test(e.name) ? [p] : [];
  });
}

describe('provider imports', () => {
  it('no source, test, example or declaration file imports a provider package from its root', () => {
    const all = ['lib', 'test', 'examples', 'bench', 'bin', 'build'].flatMap((d) => files(path.join(ROOT, d), /\.(ts|js|mjs|cjs)$/));
    assert.ok(all.length > 10);
    const offenders = all.filter((f) => f !== __filename && ROOT_IMPORT.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
  });

  it('loading the library loads provider submodules only, never a provider index', () => {
    const script = `
      require(${JSON.stringify(path.join(ROOT, 'lib', 'index.ts'))});
      const roots = Object.keys(require.cache).filter((k) => /@cdktf[\\\\/]provider-[a-z]+[\\\\/]lib[\\\\/](index|lazy-index)\\.js$/.test(k));
      const subs = Object.keys(require.cache).filter((k) => /@cdktf[\\\\/]provider-azuread[\\\\/]lib[\\\\/][a-z-]+[\\\\/]index\\.js$/.test(k));
      process.stdout.write(JSON.stringify({ roots, subs: subs.length }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' }));
    assert.deepEqual(out.roots, []);
    assert.ok(out.subs >= 3, `expected the library to load some azuread submodules, got ${out.subs}`);
  });
});
