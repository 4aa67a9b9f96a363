import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { principalFacts, readTenantExport } from '../lib/tenant/tenant-export';
import { CONTOSO, appIdOf, principalId, writeFixtures } from './fixtures/tenant-export/generate';

const ROOT = path.join(__dirname, 'fixtures', 'tenant-export');

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else if (e.name.endsWith('.json')) out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

function withCopy(fn: (dir: string) => void): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'export-'));
  try {
    fs.cpSync(path.join(ROOT, 'contoso'), tmp, { recursive: true });
    fn(tmp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

describe('tenant export', () => {
  it('fixtures on disk are what generate.ts writes, so their ids are reproducible', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fixtures-'));
    try {
      writeFixtures(tmp);
      const expected = files(tmp);
      const actual = Object.fromEntries(Object.entries(files(ROOT)));
      assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
      for (const k of Object.keys(expected)) assert.equal(actual[k], expected[k], k);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('joins the pages of appRoleAssignedTo in order', () => {
    const exp = readTenantExport(path.join(ROOT, 'contoso'));
    const orders = exp.apps.find((a) => a.application.appId === appIdOf('orders-api'))!;
    assert.equal(orders.appRoleAssignedTo.length, 8);
    assert.equal(new Set(orders.appRoleAssignedTo.map((a) => a.id)).size, 8);
    assert.deepEqual(exp.apps.map((a) => a.application.displayName), ['Orders API', 'Orders Sync', 'Orders Web', 'Reports API', 'Reports Portal']);
  });

  it('tells managed identities from service principals by the exported az ad sp show', () => {
    const exp = readTenantExport(path.join(ROOT, 'contoso'));
    const facts = (p: { key: string; id?: string }, type = 'ServicePrincipal') => principalFacts(exp, { principalId: principalId(p as never), principalType: type, principalDisplayName: 'x' });
    assert.deepEqual([facts(CONTOSO.principals.worker).kind, facts(CONTOSO.principals.worker).identityType], ['ManagedIdentity', 'UserAssigned']);
    assert.equal(facts(CONTOSO.principals.worker).clientId, CONTOSO.principals.worker.sp!.appId);
    assert.deepEqual([facts(CONTOSO.principals.funcOrders).kind, facts(CONTOSO.principals.funcOrders).identityType], ['ManagedIdentity', 'SystemAssigned']);
    assert.equal(facts(CONTOSO.principals.billing).kind, 'ServicePrincipal');
    assert.equal(facts(CONTOSO.principals.orderAdmins, 'Group').kind, 'Group');
    assert.equal(facts({ key: 'nobody' }).known, false);
  });

  it('throws, naming the file, when a folder is not named by its app id', () => {
    withCopy((dir) => {
      const from = path.join(dir, 'apps', appIdOf('orders-web'));
      fs.renameSync(from, path.join(dir, 'apps', 'orders-web'));
      assert.throws(() => readTenantExport(dir), /apps\/orders-web\/application\.json is the app [0-9a-f-]+ \(Orders Web\), but its folder is named orders-web/);
    });
  });

  it('throws when a list file is only the first page, or pages of two exports are mixed', () => {
    withCopy((dir) => {
      const file = path.join(dir, 'apps', appIdOf('reports-portal'), 'oauth2-permission-grants.json');
      const page = JSON.parse(fs.readFileSync(file, 'utf8'));
      fs.writeFileSync(file, JSON.stringify({ ...page, '@odata.nextLink': 'https://graph.microsoft.com/v1.0/next' }));
      assert.throws(() => readTenantExport(dir), /oauth2-permission-grants\.json has an @odata\.nextLink: it is only the first page/);
    });
    withCopy((dir) => {
      const appDir = path.join(dir, 'apps', appIdOf('reports-api'));
      fs.copyFileSync(path.join(appDir, 'app-role-assigned-to.json'), path.join(appDir, 'app-role-assigned-to.2.json'));
      assert.throws(() => readTenantExport(dir), /app-role-assigned-to\.json has no @odata\.nextLink, yet .*app-role-assigned-to\.2\.json exists/);
    });
  });

  it('throws when a file is not JSON or not what its command prints', () => {
    withCopy((dir) => {
      fs.writeFileSync(path.join(dir, 'apps', appIdOf('orders-web'), 'service-principal.json'), 'Orders Web\n');
      assert.throws(() => readTenantExport(dir), /service-principal\.json is not JSON .*write it with the CLI's default --output json/);
    });
    withCopy((dir) => {
      fs.writeFileSync(path.join(dir, 'apps', appIdOf('orders-web'), 'application.json'), '[]');
      assert.throws(() => readTenantExport(dir), /application\.json holds a list, not one object/);
    });
  });
});
