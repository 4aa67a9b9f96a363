import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Construct } from 'constructs';
import { MemberType, ProtectedApi } from '../lib';
import { isGuid, uuidV5 } from '../lib/private/uuid';
import { makeStack, onlyResource, synth } from './util';

const BOTH = [MemberType.USER, MemberType.APPLICATION];

function roleIds(declare: (api: ProtectedApi) => void, id = 'Api', scope?: (s: Construct) => Construct): Record<string, string> {
  const stack = makeStack();
  const api = new ProtectedApi(scope ? scope(stack) : stack, id, { displayName: 'A' });
  declare(api);
  const app = onlyResource(synth(stack), 'azuread_application');
  return Object.fromEntries((app.app_role ?? []).map((r: any) => [r.value, r.id]));
}

describe('deterministic ids', () => {
  it('derives name-based UUIDs exactly as RFC 9562 version 5 does', () => {
    // the RFC's example: the DNS namespace and "www.example.com"
    assert.equal(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
    const id = uuidV5('anything');
    assert.ok(isGuid(id));
    assert.equal(id[14], '5', 'version 5');
    assert.ok('89ab'.includes(id[19]), 'RFC 4122 variant');
  });

  it('gives the same role ids on every run', () => {
    const a = roleIds((api) => api.addAppRole('Orders.Read', { description: 'd', allowedMemberTypes: BOTH }));
    const b = roleIds((api) => api.addAppRole('Orders.Read', { description: 'd', allowedMemberTypes: BOTH }));
    assert.deepEqual(a, b);
  });

  it('never changes an existing role id when roles are added, removed or reordered', () => {
    const before = roleIds((api) => {
      api.addAppRole('Orders.Read', { description: 'd', allowedMemberTypes: BOTH });
      api.addAppRole('Orders.Write', { description: 'd', allowedMemberTypes: BOTH });
    });
    const after = roleIds((api) => {
      api.addAppRole('Orders.Admin', { description: 'new', allowedMemberTypes: BOTH });
      api.addAppRole('Orders.Write', { description: 'changed text', allowedMemberTypes: [MemberType.APPLICATION] });
    });
    assert.equal(after['Orders.Write'], before['Orders.Write']);
    assert.notEqual(after['Orders.Admin'], before['Orders.Read']);
    assert.equal(new Set(Object.values({ ...before, ...after })).size, 3);
  });

  it('gives different APIs different ids for the same role value', () => {
    const a = roleIds((api) => api.addAppRole('Orders.Read', { description: 'd', allowedMemberTypes: BOTH }), 'Orders');
    const b = roleIds((api) => api.addAppRole('Orders.Read', { description: 'd', allowedMemberTypes: BOTH }), 'Billing');
    assert.notEqual(a['Orders.Read'], b['Orders.Read']);
  });

  it('keeps ids when the API moves, if its idSeed is kept', () => {
    const stack = makeStack();
    const moved = new ProtectedApi(new Construct(stack, 'Platform'), 'Api', { displayName: 'A', idSeed: 'Api' });
    const original = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
    assert.equal(original.idSeed, 'Api');
    assert.equal(moved.addAppRole('R.X', { description: 'd', allowedMemberTypes: BOTH }).roleId,
      original.addAppRole('R.X', { description: 'd', allowedMemberTypes: BOTH }).roleId);
  });

  it('gives role and scope ids from separate name spaces', () => {
    const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
    const r = api.addAppRole('Orders.Read', { description: 'd', allowedMemberTypes: BOTH });
    const s = api.addScope('Orders.Access', { adminConsentDescription: 'a' });
    assert.equal(r.roleId, uuidV5('Api/app-role/Orders.Read'));
    assert.equal(s.scopeId, uuidV5('Api/scope/Orders.Access'));
  });

  it('synthesizes the example byte-identically in two separate processes', () => {
    const root = path.resolve(__dirname, '..');
    const outs = [0, 1].map((i) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `entra-det-${i}-`));
      execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'examples', 'orders', 'main.ts')], {
        cwd: root, env: { ...process.env, CDKTF_OUTDIR: dir }, stdio: 'pipe',
      });
      const text = fs.readFileSync(path.join(dir, 'stacks', 'orders', 'cdk.tf.json'), 'utf8');
      fs.rmSync(dir, { recursive: true, force: true });
      return text;
    });
    assert.ok(outs[0].length > 1000, 'the example synthesized something');
    assert.equal(outs[0], outs[1]);
  });

  it('renders roles in a stable order whatever the declaration order', () => {
    const render = (values: string[]) => {
      const s = makeStack();
      const api = new ProtectedApi(s, 'Api', { displayName: 'A' });
      for (const v of values) api.addAppRole(v, { description: 'd', allowedMemberTypes: BOTH });
      return JSON.stringify(onlyResource(synth(s), 'azuread_application').app_role);
    };
    assert.equal(render(['B.Read', 'A.Read', 'C.Read']), render(['C.Read', 'B.Read', 'A.Read']));
  });
});
