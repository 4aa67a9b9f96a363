import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { AccessMap, EntraGroup, MemberType, ProtectedApi } from '../lib';
import { makeStack } from './util';

const ROOT = path.resolve(__dirname, '..');
const LIB = path.join(ROOT, 'lib');
const CLI = path.join(LIB, 'cli');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  }).sort();
}

/** Every module `file` names in an import or export (type-only ones too), resolved to a path. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import|require\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => path.resolve(path.dirname(file), m[1]));
}

/** A small program's cdk.tf.json and access-map.json, `readers` adds a grant. */
function synthesize(dir: string, readers: boolean): void {
  const stack = makeStack('orders');
  const api = new ProtectedApi(stack, 'OrdersApi', {
    displayName: 'Orders API',
    appRoles: [{ value: 'Orders.Read', description: 'Read', allowedMemberTypes: [MemberType.USER] }],
  });
  if (readers) api.grantAppRole(EntraGroup.fromObjectId(stack, 'Readers', '11111111-2222-3333-4444-555555555555', { displayName: 'Readers' }), api.appRole('Orders.Read'));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'access-map.json'), AccessMap.of(stack).toJson());
  const { Testing } = require('cdktf') as typeof import('cdktf');
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), Testing.synth(stack, true));
}

describe('the command line is a layer of its own (lib/cli/)', () => {
  it('runs every command on real inputs without loading cdktf, constructs or a provider package (adopt alone builds its program in memory)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-cli-layer-'));
    synthesize(path.join(dir, 'base'), false);
    synthesize(path.join(dir, 'change'), true);
    const script = `
      const { main } = require(${JSON.stringify(path.join(CLI, 'main.ts'))});
      const fs = require('fs');
      const codes = {};
      const io = { stdout: () => {}, stderr: () => {}, readFile: (f) => fs.readFileSync(f, 'utf8') };
      const d = ${JSON.stringify(dir)};
      codes.diff = main(['access-diff', d + '/base/access-map.json', d + '/change/access-map.json'], io);
      codes.guard = main(['replacement-guard', d + '/base/cdk.tf.json', d + '/change/cdk.tf.json'], io);
      codes.review = main(['review', d + '/base/cdk.tf.json', d + '/change/cdk.tf.json', '--tenant-export', ${JSON.stringify(path.join(__dirname, 'fixtures', 'tenant-export', 'contoso'))}], io);
      codes.audit = main(['audit', ${JSON.stringify(path.join(__dirname, 'fixtures', 'tenant-export', 'contoso'))}, d + '/change/access-map.json'], io);
      // tsx and the esbuild it transpiles with are the test's loader, not the library's
      const loaded = Object.keys(require.cache).filter((k) => k.includes('node_modules') && !/node_modules[\\\\/](tsx|esbuild)[\\\\/]/.test(k));
      // adopt builds the program it writes in memory (tenant/adopt-check.ts), so it alone loads cdktf, on use.
      codes.adopt = main(['adopt', ${JSON.stringify(path.join(__dirname, 'fixtures', 'tenant-export', 'contoso'))}], io);
      process.stdout.write(JSON.stringify({ codes, loaded }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' }));
    // the commands really ran: the grant widens access, the audit finds the contoso export's script-made assignment
    assert.deepEqual(out.codes, { diff: 3, guard: 0, review: 3, audit: 3, adopt: 0 });
    assert.deepEqual(out.loaded, []);
  });

  it('bin/ names the package it belongs to when the compiled library is missing (cdktn-entra-identity on CDK Terrain)', () => {
    for (const name of ['cdktn-entra-identity', 'cdktf-entra-identity']) {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-bin-'));
      fs.mkdirSync(path.join(root, 'bin'));
      fs.copyFileSync(path.join(__dirname, '..', 'bin', 'cdktf-entra-identity.js'), path.join(root, 'bin', 'cdktf-entra-identity.js'));
      fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name, main: 'build/index.js' }));
      // Plain node, no tsx: the published package without its build.
      const r = spawnSync(process.execPath, [path.join(root, 'bin', 'cdktf-entra-identity.js'), 'review'], { encoding: 'utf8' });
      assert.equal(r.status, 1);
      assert.equal(r.stderr, `${name}: cannot find the compiled library (looked for build/cli/main.js, lib/cli/main.js). `
        + 'Build the package (npm run build) or install it from the registry.\n');
    }
  });

  it('no construct imports a tool: only lib/index.ts (the public AccessDiff and ReplacementGuard) and lib/cli/ itself name lib/cli/', () => {
    const offenders = sources(LIB)
      .filter((f) => !f.startsWith(CLI + path.sep) && f !== path.join(LIB, 'index.ts'))
      .filter((f) => importsOf(f).some((m) => m === CLI || m.startsWith(CLI + path.sep)));
    assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
    // the check sees imports at all: main.ts imports its commands
    assert.ok(importsOf(path.join(CLI, 'main.ts')).includes(path.join(CLI, 'io')));
  });

  it('lib/cli/ reads the access map only through the format leaf and the model (no construct module at run time)', () => {
    // platform: the leaf that names the package (the command's name), which imports nothing.
    const allowed = new Set(['access/format', 'access/model', 'access/schema', 'private/order', 'tenant/', 'rights/', 'platform']);
    const problems: string[] = [];
    for (const f of sources(CLI)) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/^import (?!type )[^;]*from '\.\.\/([^']+)'/gm)) {
        if (![...allowed].some((a) => m[1] === a || (a.endsWith('/') && m[1].startsWith(a)))) problems.push(`${path.relative(ROOT, f)} imports ../${m[1]}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('the access-map schema version and parser exist once (lib/access/format.ts), and lib/ has no `as any`', () => {
    const defining = (re: RegExp) => sources(LIB).filter((f) => re.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(LIB, f));
    // The access map's version; required-rights.json has its own layout and version (rights/model.ts).
    assert.deepEqual(defining(/^(?:export )?const (?!REQUIRED_RIGHTS_)\w*VERSION\w* = \d/m), [path.join('access', 'format.ts')]);
    assert.deepEqual(defining(/function parse\w*Map\w*\(/), [path.join('access', 'format.ts')]);
    assert.deepEqual(defining(/\bas any\b/), []);
    assert.deepEqual(defining(/\b(?:GuardIo|AuditIo|AdoptIo)\b/), []);
  });
});
