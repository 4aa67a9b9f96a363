import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DaemonApp, EntraGroup, MemberType, ProtectedApi, SpaApp, WebApp } from '../lib';
import { ruleSites } from './rule-sites';
import { at, makeStack, onlyResource, synth, throwsWith, warnings } from './util';

// docs/input-rules.md gives the source of every rule that refuses a value; these tests keep it
// honest (every entraError call is listed, every value rule cites a source) and hold both sides
// of the rules that issue 22 found refusing values Graph and the provider accept.

const DOC = fs.readFileSync(path.join(__dirname, '..', 'docs', 'input-rules.md'), 'utf8');

/** The rows of the "Every refusal, by file" section: file -> [message, restricts, source][]. */
function documentedSites(): Map<string, string[][]> {
  const byFile = new Map<string, string[][]>();
  const section = DOC.slice(DOC.indexOf('## Every refusal, by file'));
  let file: string | undefined;
  for (const line of section.split('\n')) {
    const heading = /^### `([^`]+)`$/.exec(line);
    if (heading) { file = heading[1]; byFile.set(file, []); continue; }
    if (!file || !line.startsWith('| ') || line.startsWith('| Message') || line.startsWith('| ---')) continue;
    const cells = line.slice(2, -2).split(/ (?<!\\)\| /).map((c) => c.replace(/\\\|/g, '|'));
    cells[0] = cells[0].replace(/^`` | ``$/g, '').replace(/^`|`$/g, '');
    byFile.get(file)!.push(cells);
  }
  return byFile;
}

describe('docs/input-rules.md', () => {
  const documented = documentedSites();

  it('lists every entraError call in lib/, under its file, by its message', () => {
    const missing: string[] = [];
    const actual = new Map<string, string[]>();
    for (const site of ruleSites()) actual.set(site.file, [...(actual.get(site.file) ?? []), site.fragment]);
    for (const [file, fragments] of actual) {
      const rows = (documented.get(file) ?? []).map((r) => r[0]);
      for (const f of fragments) {
        const i = rows.indexOf(f);
        if (i < 0) missing.push(`${file}: add under ### \`${file}\`: | \`${f}\` | (name/text/URI/id/count, or structure) | (its source) |`);
        else rows.splice(i, 1);
      }
      for (const extra of rows) missing.push(`${file}: documented but not in the code: ${extra}`);
    }
    for (const file of documented.keys()) if (!actual.has(file)) missing.push(`${file}: documented, but has no entraError call`);
    assert.deepEqual(missing, [], 'update docs/input-rules.md: the section "Every refusal, by file"');
    assert.ok(ruleSites().length > 100, 'the call sites are found');
  });

  it('gives each refusal of a value a source: Graph, Entra, a provider, Terraform or the external system', () => {
    const unsourced: string[] = [];
    for (const [file, rows] of documented) {
      for (const [message, restricts, source] of rows) {
        if (restricts === 'structure') {
          if (!source?.startsWith('lib (structure): ')) unsourced.push(`${file}: ${message}`);
        } else if (!/^(graph|entra|ad|rm|time|tf|git|github|azure|create): |^see /.test(source ?? '')) {
          unsourced.push(`${file}: ${message} -> ${source}`);
        }
      }
    }
    assert.deepEqual(unsourced, []);
  });
});

const SYNC = { displayName: 'Orders Sync' };

describe('values Graph and the provider accept are never refused (issue 22)', () => {
  it('takes a GitHub Actions environment with a space, and writes it into the subject as it is', () => {
    const stack = makeStack();
    new DaemonApp(stack, 'Sync', SYNC).addGithubActionsCredential('gh-prod', { organization: 'contoso', repository: 'orders', environment: 'Production EU' });
    const cred = onlyResource(synth(stack), 'azuread_application_federated_identity_credential');
    assert.equal(cred.subject, 'repo:contoso/orders:environment:Production EU');
  });

  it('refuses the nearest bad environment names: empty, white space at an end, a control character, over 255 characters', () => {
    for (const [env, shown] of [['', /''/], [' Production', /'·Production'/], ['Production ', /'Production·'/], ['Prod\nEU', /'Prod\\nEU'/], ['x'.repeat(256), /x{80}\.\.\./]] as const) {
      throwsWith(() => new DaemonApp(makeStack(), 'Sync', SYNC).addGithubActionsCredential('gh', { organization: 'c', repository: 'o', environment: env }),
        /test\/Sync/, /GitHub Actions environment/, shown, /255 characters/);
    }
  });

  it('takes a client secret display name with non-ASCII characters and a slash, and writes it unchanged', () => {
    const stack = makeStack();
    new DaemonApp(stack, 'Sync', SYNC).addClientSecret({ displayName: 'CI/CD – Schlüssel' });
    assert.equal(onlyResource(synth(stack), 'azuread_application_password').display_name, 'CI/CD – Schlüssel');
    throwsWith(() => new DaemonApp(makeStack(), 'Sync', SYNC).addClientSecret({ displayName: '' }), /client secret display name is empty/, /sends no name/);
  });

  it('takes federated credential names with dots, and refuses one over 120 bytes or empty', () => {
    const stack = makeStack();
    const sync = new DaemonApp(stack, 'Sync', SYNC);
    sync.addFederatedCredential('gitlab.orders.main', { issuer: 'https://gitlab.com', subject: 'project_path:contoso/orders:ref_type:branch:ref:main' });
    sync.addFederatedCredential('partner.example.com-main', { issuer: 'https://partner.example.com', subject: 'orders-main' });
    sync.addFederatedCredential('n'.repeat(120), { issuer: 'https://partner.example.com', subject: 'orders-120' });
    const names = Object.values(synth(stack).resource.azuread_application_federated_identity_credential).map((c: any) => c.display_name).sort();
    assert.deepEqual(names, ['gitlab.orders.main', 'n'.repeat(120), 'partner.example.com-main']);
    assert.deepEqual(warnings(stack).filter((w) => /URL friendly/.test(w)), []);
    throwsWith(() => sync.addFederatedCredential('ü'.repeat(61), { issuer: 'https://i.example.com', subject: 's' }), /122 bytes long/, /1 to 120/);
    throwsWith(() => sync.addFederatedCredential('', { issuer: 'https://i.example.com', subject: 's' }), /0 bytes long/);
  });

  it('warns, and still writes, a federated credential name with characters a URL must escape', () => {
    const stack = makeStack();
    new DaemonApp(stack, 'Sync', SYNC).addFederatedCredential('orders main', { issuer: 'https://i.example.com', subject: 's' });
    assert.equal(onlyResource(synth(stack), 'azuread_application_federated_identity_credential').display_name, 'orders main');
    assert.ok(warnings(stack).some((w) => /'orders main' has characters a URL must escape/.test(w) && /URL friendly/.test(w)));
  });

  it('takes an identifier URI on a verified domain with a port, and refuses the same URI on another domain', () => {
    const stack = makeStack();
    new ProtectedApi(stack, 'Api', { displayName: 'Orders API', identifierUri: 'https://orders.contoso.com:8443/api', verifiedDomains: ['contoso.com'] });
    const json = synth(stack);
    assert.deepEqual(at(json, 'azuread_application', 'Api').identifier_uris, ['https://orders.contoso.com:8443/api']);
    throwsWith(() => new ProtectedApi(makeStack(), 'Api', { displayName: 'Orders API', identifierUri: 'https://orders.fabrikam.com:8443/api', verifiedDomains: ['contoso.com'] }),
      /uses host 'orders\.fabrikam\.com', which is not one of the verified domains/);
  });

  it('takes urn:ietf:wg:oauth:2.0:oob as a web redirect URI, as the provider does, and still refuses it for a SPA', () => {
    const stack = makeStack();
    new WebApp(stack, 'Portal', { displayName: 'Portal', redirectUris: ['urn:ietf:wg:oauth:2.0:oob'] });
    assert.deepEqual(at(synth(stack), 'azuread_application', 'Portal').web.redirect_uris, ['urn:ietf:wg:oauth:2.0:oob']);
    throwsWith(() => new SpaApp(makeStack(), 'Web', { displayName: 'Web', redirectUris: ['urn:ietf:wg:oauth:2.0:oob'] }), /SPA redirect URI 'urn:ietf:wg:oauth:2\.0:oob'/);
  });

  it('takes a client secret that lives three years, with a warning that names the portal\'s limit and tenant policies', () => {
    const stack = makeStack();
    new DaemonApp(stack, 'Sync', SYNC).addClientSecret({ rotationDays: 1065, graceDays: 30 });
    const json = synth(stack);
    assert.equal(onlyResource(json, 'time_rotating').rotation_days, 1065);
    assert.match(onlyResource(json, 'azuread_application_password').end_date, /"720h"/);
    assert.ok(warnings(stack).some((w) => /1095 days/.test(w) && /two years \(730 days\) the Entra portal offers/.test(w) && /policy/.test(w)));
  });

  it('grants a role to a group given by an upper-case object id with the lower-case id', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
    const role = api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER] });
    api.grantAppRole(EntraGroup.fromObjectId(stack, 'Admins', '0D9B8A76-1A2B-4C3D-8E9F-A0B1C2D3E4F5'), role);
    assert.equal(onlyResource(synth(stack), 'azuread_app_role_assignment').principal_object_id, '0d9b8a76-1a2b-4c3d-8e9f-a0b1c2d3e4f5');
  });
});
