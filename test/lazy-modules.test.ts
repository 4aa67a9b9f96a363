import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { reexportedModules } from '../scripts/lazy-index';

const ROOT = path.resolve(__dirname, '..');
const LIB = path.join(ROOT, 'lib');

/**
 * Modules of lib/ that `require()` of the library must not load: the implementation of tools and
 * opt-in reports behind the public classes, `require`d on first use (docs/performance.md, "What is
 * left" (a)). Each is V8 compile time that every program would pay on import. A static import of one
 * of them from a module the index loads puts it back on the import path; this test then fails.
 */
const LAZY = [
  'access/collect.ts', // AccessMap.toModel
  'access/render.ts', // AccessMap.toMarkdown / toMermaid
  'access/schema.ts', // AccessMap.toJson, AccessDiff.toJson
  'cli/access-compare.ts', // AccessDiff.compare
  'cli/guard-compare.ts', // ReplacementGuard.compare
  'private/workload-config.ts', // AppIdentityBinding and KeyVaultSecretsGrant checks
  'private/workload-validation.ts', // AppIdentityBinding checks
  'rights/compute.ts', // RequiredRights, DeploymentIdentity, the access map's report
  'rights/table.ts',
];

/**
 * In a fresh process: requires the library (lib/index.ts through tsx), builds and synthesizes a
 * program that uses no tool and no report (an API with a role and a scope, a group granted the role,
 * a SPA that requests the scope), and prints which lib/ modules were loaded. With `tools`, it then
 * uses every public entry point the LAZY modules serve and prints what was loaded after that.
 */
function loadedModules(tools: boolean): { program: string[]; afterTools: string[] } {
  const script = `
    const fs = require('fs');
    const os = require('os');
    const path = require('path');
    const { App, TerraformStack } = require('cdktf');
    const { AzureadProvider } = require('@cdktf/provider-azuread/lib/provider');
    const lib = require(${JSON.stringify(LIB)});
    const loaded = () => Object.keys(require.cache).filter((k) => k.startsWith(${JSON.stringify(LIB + path.sep)}))
      .map((k) => path.relative(${JSON.stringify(LIB)}, k).split(path.sep).join('/')).sort();
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-lazy-'));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'orders');
    new AzureadProvider(stack, 'azuread', {});
    const api = new lib.ProtectedApi(stack, 'OrdersApi', {
      displayName: 'Orders API',
      appRoles: [{ value: 'Orders.Read', description: 'Read orders', allowedMemberTypes: [lib.MemberType.USER] }],
    });
    api.addScope('Orders.Access', { adminConsentDescription: 'Call the Orders API as the signed-in user' });
    api.grantAppRole(lib.EntraGroup.fromObjectId(stack, 'Readers', '11111111-2222-3333-4444-555555555555', { displayName: 'Readers' }), api.appRole('Orders.Read'));
    const web = new lib.SpaApp(stack, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'] });
    web.requestScope(api, api.scope('Orders.Access'));
    app.synth();
    const json = fs.readFileSync(path.join(outdir, 'stacks', 'orders', 'cdk.tf.json'), 'utf8');
    if (!json.includes('azuread_app_role_assignment')) throw new Error('the program did not synthesize its grant');
    const program = loaded();
    let afterTools = [];
    if (${tools}) {
      const map = lib.AccessMap.of(stack);
      lib.AccessDiff.compare(map.toJson(), map.toJson()).toJson();
      map.toMarkdown();
      lib.ReplacementGuard.compare(json, json);
      lib.RequiredRights.fromStackJson(json).toJson();
      afterTools = loaded();
    }
    fs.rmSync(outdir, { recursive: true, force: true });
    process.stdout.write(JSON.stringify({ program, afterTools }));`;
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' }));
}

describe('require() of the library loads no tool or report implementation', () => {
  it('a program that uses none of them synthesizes without loading them', () => {
    for (const m of LAZY) assert.ok(fs.existsSync(path.join(LIB, m)), `lib/${m} is gone: update LAZY`);
    const { program } = loadedModules(false);
    // the program did load the library: its constructs and the public shells of the tools
    for (const m of ['index.ts', 'protected-api.ts', 'spa-app.ts', 'cli/replacement-guard.ts', 'cli/access-diff.ts', 'required-rights.ts']) {
      assert.ok(program.includes(m), `expected lib/${m} among the loaded modules: ${program.join(', ')}`);
    }
    assert.deepEqual(program.filter((m) => LAZY.includes(m)), []);
    // no command and nothing of adopt or audit either
    assert.deepEqual(program.filter((m) => m.startsWith('tenant/') || /^cli\/.*(-command|-section|main|io|review)\.ts$/.test(m)), []);
  });

  it('loads each of them once its feature is used (the check above can fail)', () => {
    const { program, afterTools } = loadedModules(true);
    assert.deepEqual(program.filter((m) => LAZY.includes(m)), []);
    const workload = ['private/workload-config.ts', 'private/workload-validation.ts'];
    assert.deepEqual(LAZY.filter((m) => !workload.includes(m) && !afterTools.includes(m)), []);
  });
});

describe('the lazy index (scripts/lazy-index.ts, run by npm run build after jsii)', () => {
  // What jsii's tsc writes for lib/index.ts: the same compiler and module settings.
  const compiled = ts.transpileModule(fs.readFileSync(path.join(LIB, 'index.ts'), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 }, fileName: 'index.ts',
  }).outputText;
  const modules = reexportedModules(compiled);

  it('reads every re-export of lib/index.ts, and refuses an index of another shape', () => {
    const declared = [...fs.readFileSync(path.join(LIB, 'index.ts'), 'utf8').matchAll(/^export \* from '(\.\/[^']+)';$/gm)].map((m) => m[1]);
    assert.deepEqual(modules, declared);
    assert.ok(modules.length >= 25, `expected the library's modules, found ${modules.length}`);
    assert.throws(() => reexportedModules(`${compiled}exports.x = 1;\n`), /expected only __exportStar/);
    assert.throws(() => reexportedModules('"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\n'), /no __exportStar/);
  });

  it('gives the same names, each the very value of the eager index, loads nothing until a name is used, and keeps named ESM imports', () => {
    const script = `
      const fs = require('fs');
      const os = require('os');
      const path = require('path');
      const { createRequire } = require('module');
      const { lazyIndex } = require(${JSON.stringify(path.join(ROOT, 'scripts', 'lazy-index.ts'))});
      const lib = ${JSON.stringify(LIB)};
      const modules = ${JSON.stringify(modules)};
      // The names each module exports, read in a child, as the build does, so this process starts clean.
      const names = JSON.parse(require('child_process').execFileSync(process.execPath, ['--import', 'tsx', '-e',
        'const p = require("path"); process.stdout.write(JSON.stringify(Object.fromEntries(' + JSON.stringify(modules) + '.map((m) => [m, Object.keys(require(p.join(' + JSON.stringify(lib) + ', m)))]))))'],
        { encoding: 'utf8' }));
      const code = lazyIndex(modules, (m) => names[m]);
      const loaded = () => Object.keys(require.cache).filter((k) => k.startsWith(lib + path.sep)).map((k) => path.relative(lib, k)).sort();
      const exportsObj = {};
      new Function('exports', 'require', code)(exportsObj, createRequire(path.join(lib, 'index.ts')));
      const atLoad = loaded();
      const api = exportsObj.ProtectedApi;
      const afterOne = loaded();
      exportsObj.AccessMap; exportsObj.WorkloadIdentity;
      const afterMain = loaded();
      const eager = require(lib);
      const same = Object.keys(eager).filter((k) => exportsObj[k] !== eager[k]);
      // Node's ESM loader finds CommonJS names by reading the source (cjs-module-lexer), not by running it.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-lazy-index-'));
      fs.writeFileSync(path.join(dir, 'index.cjs'), code.split('require("./').join('require(' + JSON.stringify(lib + path.sep).slice(0, -1)));
      import(path.join(dir, 'index.cjs')).then((ns) => {
        fs.rmSync(dir, { recursive: true, force: true });
        process.stdout.write(JSON.stringify({ atLoad, afterOne, afterMain, api: typeof api, keys: Object.keys(exportsObj), eagerKeys: Object.keys(eager), notSame: same,
          esm: Object.keys(ns).filter((k) => !['default', 'module.exports', '__esModule'].includes(k)), esmApi: ns.ProtectedApi === eager.ProtectedApi }));
      });`;
    const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' }));
    assert.deepEqual(out.atLoad, []);
    assert.equal(out.api, 'function');
    assert.ok(out.afterOne.includes('protected-api.ts'), out.afterOne.join(', '));
    // nor what only some programs use: the tools, the reports, the grants table, other APIs, credentials
    for (const m of ['cli/replacement-guard.ts', 'cli/access-diff.ts', 'access/access-map.ts', 'required-rights.ts', 'workload-identity.ts', 'deployment-identity.ts',
      'app-role-assignment-table.ts', 'registered-api.ts', 'client-secret.ts', 'client-certificate.ts', 'federated-identity-credential.ts']) {
      assert.ok(!out.afterOne.includes(m), `ProtectedApi alone loaded lib/${m}`);
    }
    // the other names the main example imports: the map and the identity, not what they do only on request
    assert.ok(out.afterMain.includes('access/access-map.ts') && out.afterMain.includes('workload-identity.ts'), out.afterMain.join(', '));
    for (const m of ['required-rights.ts', 'rights/compute.ts', 'access/collect.ts', 'app-identity-binding.ts', 'key-vault-secrets-grant.ts']) {
      assert.ok(!out.afterMain.includes(m), `AccessMap or WorkloadIdentity alone loaded lib/${m}`);
    }
    assert.deepEqual(out.keys, out.eagerKeys);
    assert.deepEqual(out.notSame, []);
    assert.deepEqual([...out.esm].sort(), [...out.eagerKeys].sort());
    assert.equal(out.esmApi, true);
  });
});
