import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TerraformStack } from 'cdktf';
import { DaemonApp, ProtectedApi, PublicClientApp, SpaApp, WebApp } from '../lib';
import { at, makeStack, synth, throwsWith } from './util';

const LIB = path.resolve(__dirname, '..', 'lib');
const CORE = path.join(LIB, 'private', 'app-registration.ts');

/** Every kind of registration the library makes, each with the given shared props. */
const KINDS: [string, (stack: TerraformStack, props: { displayName: string; owners?: string[] }) => unknown][] = [
  ['ProtectedApi', (s, p) => new ProtectedApi(s, 'Reg', p)],
  ['SpaApp', (s, p) => new SpaApp(s, 'Reg', { ...p, redirectUris: ['https://app.contoso.com/'] })],
  ['WebApp', (s, p) => new WebApp(s, 'Reg', { ...p, redirectUris: ['https://app.contoso.com/signin-oidc'] })],
  ['PublicClientApp', (s, p) => new PublicClientApp(s, 'Reg', p)],
  ['DaemonApp', (s, p) => new DaemonApp(s, 'Reg', p)],
];

function libFiles(dir = LIB): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? libFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

describe('app registration core', () => {
  it('is the only place that makes an application or a service principal', () => {
    const makes = /new (Application|ServicePrincipalResource|ServicePrincipal)\(/;
    const makers = libFiles().filter((f) => makes.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(makers.map((f) => path.relative(LIB, f)), [path.relative(LIB, CORE)]);
  });

  for (const [kind, make] of KINDS) {
    it(`gives a ${kind} an application and an enterprise application with the same owners`, () => {
      const stack = makeStack();
      make(stack, { displayName: 'Orders', owners: ['aaaaaaaa-0000-4000-8000-000000000001'] });
      const json = synth(stack);
      const app = at(json, 'azuread_application', 'Reg');
      const sp = at(json, 'azuread_service_principal', 'Reg/ServicePrincipal');
      assert.equal(app.display_name, 'Orders');
      assert.equal(app.prevent_duplicate_names, true);
      assert.deepEqual(app.owners, ['aaaaaaaa-0000-4000-8000-000000000001']);
      assert.deepEqual(sp.owners, app.owners);
      assert.deepEqual(sp.feature_tags, [{ enterprise: true }]);
      assert.match(sp.client_id, /^\$\{azuread_application\.Reg_[0-9A-F]{8}\.client_id\}$/);
    });

    it(`throws the same errors for a ${kind}: empty display name, empty owners, an owner that is not an object id`, () => {
      throwsWith(() => make(makeStack(), { displayName: ' ' }), /\[test\/Reg\]/, /displayName is empty/);
      throwsWith(() => make(makeStack(), { displayName: 'A', owners: [] }), /\[test\/Reg\]/, /owners is empty/, /ENTRA-RULES 16/);
      throwsWith(() => make(makeStack(), { displayName: 'A', owners: ['me@contoso.com'] }), /owner 'me@contoso\.com' is not an object id/);
    });
  }
});
