import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { ManagedIdentity, ManagedIdentityType, PrincipalKind } from '../lib';
import { makeStack, resolved, resources, synth, throwsWith } from './util';

const P = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const C = '9a8b7c6d-1111-4222-8333-444455556666';

describe('ManagedIdentity', () => {
  it('takes a user-assigned identity from the azurerm resource: principal id receives roles, client id is for code', () => {
    const stack = makeStack();
    const uai = new UserAssignedIdentity(stack, 'Uai', { name: 'id-worker', location: 'westeurope', resourceGroupName: 'rg' });
    const mi = ManagedIdentity.fromUserAssignedIdentity(stack, 'Worker', uai);
    assert.equal(mi.principalKind, PrincipalKind.MANAGED_IDENTITY);
    assert.equal(mi.identityType, ManagedIdentityType.USER_ASSIGNED);
    assert.equal(resolved(stack, mi.principalObjectId), '${azurerm_user_assigned_identity.Uai.principal_id}');
    assert.equal(resolved(stack, mi.clientId), '${azurerm_user_assigned_identity.Uai.client_id}');
    assert.equal(resolved(stack, mi.resourceId), '${azurerm_user_assigned_identity.Uai.id}');
    assert.equal(mi.principalName, 'id-worker');
    // no extra resources: the grant waits for replication itself
    assert.deepEqual(Object.keys(resources(synth(stack), 'azuread_service_principal')), []);
  });

  it('throws if fromUserAssignedIdentity is given another kind of resource, naming it and the fix', () => {
    const stack = makeStack();
    const rg = new ResourceGroup(stack, 'Rg', { name: 'rg-orders', location: 'westeurope' });
    throwsWith(() => ManagedIdentity.fromUserAssignedIdentity(stack, 'Worker', rg),
      /^\[test\] ManagedIdentity\.fromUserAssignedIdentity\('Worker'\) was given test\/Rg, a azurerm_resource_group; /,
      /pass an azurerm UserAssignedIdentity \(azurerm_user_assigned_identity\)/, /ManagedIdentity\.fromUserAssignedAttributes/);
  });

  it('takes a user-assigned identity by its ids', () => {
    const mi = ManagedIdentity.fromUserAssignedAttributes(makeStack(), 'Worker', { principalId: P, clientId: C, displayName: 'worker' });
    assert.equal(mi.principalObjectId, P);
    assert.equal(mi.clientId, C);
    assert.equal(mi.principalName, 'worker');
  });

  it('takes a system-assigned identity by principal id; it has no client id', () => {
    const mi = ManagedIdentity.fromSystemAssigned(makeStack(), 'Fn', { principalId: P, displayName: 'func-orders' });
    assert.equal(mi.identityType, ManagedIdentityType.SYSTEM_ASSIGNED);
    assert.equal(mi.principalObjectId, P);
    assert.equal(mi.clientId, undefined);
  });

  it('throws if a principal id is not a GUID, pointing at the id that is meant', () => {
    throwsWith(() => ManagedIdentity.fromSystemAssigned(makeStack(), 'Fn', {
      principalId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id',
    }), /\[test\/Fn\]/, /is not a GUID/, /not its resource id or client id/, /ENTRA-RULES 2/);
  });

  it('throws if the client id and the principal id are the same value', () => {
    throwsWith(() => ManagedIdentity.fromUserAssignedAttributes(makeStack(), 'W', { principalId: P, clientId: P.toUpperCase() }),
      /client id and principal id are both/, /ENTRA-RULES 2/);
  });

  it('throws if a client id is not a GUID', () => {
    throwsWith(() => ManagedIdentity.fromUserAssignedAttributes(makeStack(), 'W', { principalId: P, clientId: 'worker' }),
      /client id 'worker' is not a GUID/);
  });
});
