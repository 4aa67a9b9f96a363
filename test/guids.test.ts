import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Testing } from 'cdktf';
import { canonicalGuid } from '../lib/private/uuid';
import { U, everyGuidProp } from './fixtures/upper-case-ids';
import { synth } from './util';

// Graph stores and returns every GUID in lower case, and the azuread provider compares ids as
// plain strings (principal_object_id forces a new assignment). A program that gives ids in upper
// case (as some portals' copy buttons and scripts do) must still write them in lower case, or
// every plan after the first shows a change or a replacement. test/fixtures/upper-case-ids.ts
// gives every GUID-bearing prop of the public API in upper case.

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Every string in `value` with its JSON path. */
function* strings(value: unknown, path = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, path ? `${path}.${k}` : k);
}

describe('GUIDs are written in lower case, as Graph stores them', () => {
  const stack = everyGuidProp(Testing.app(), U);
  const json = synth(stack);
  const raw = Testing.synth(stack, true);

  it('writes no GUID with an upper-case letter anywhere in cdk.tf.json', () => {
    const upper = [...strings(json)].flatMap(([p, s]) => (s.match(GUID) ?? []).filter((g) => g !== g.toLowerCase()).map((g) => `${p}: ${g}`));
    assert.deepEqual(upper, []);
  });

  it('writes each GUID given in upper case, in lower case (the fixture really reaches every prop)', () => {
    // Every input GUID reaches the JSON, but an adopted registration's client id (Graph knows it; nothing writes it)
    // and the client ids of user-assigned identities (what their code puts in AZURE_CLIENT_ID).
    for (let n = 1; n <= 24; n++) {
      if ([2, 14, 16, 21].includes(n)) continue;
      assert.ok(raw.includes(U(n).toLowerCase()), `${U(n)} (input ${n}) is not written in lower case`);
    }
  });

  it('writes the grant to an upper-case group id with the lower-case id, in the place the provider compares', () => {
    const grants = Object.values(json.resource.azuread_app_role_assignment) as any[];
    assert.equal(grants.filter((g) => g.principal_object_id === U(8).toLowerCase()).length, 1);
    assert.equal(grants.filter((g) => String(g.principal_object_id).toLowerCase() === U(8).toLowerCase()).length, 1);
  });

  it('writes byte for byte what the same program with lower-case ids writes: keys, logical ids and import ids unchanged', () => {
    assert.equal(raw, Testing.synth(everyGuidProp(Testing.app(), (n) => U(n).toLowerCase()), true));
  });

  it('leaves tokens and names alone', () => {
    assert.equal(canonicalGuid('${azuread_group.x.object_id}'), '${azuread_group.x.object_id}');
    assert.equal(canonicalGuid('Orders'), 'Orders');
    assert.equal(canonicalGuid(undefined), undefined);
  });
});
