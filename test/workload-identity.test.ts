import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PrincipalKind, WorkloadIdentity } from '../lib';
import {
  makeStack, onlyResource, resolved, resources, synth, throwsWith, assignmentNamed, ADOPTED_RESOURCE_ID, ADOPTED_CLIENT_ID, ADOPTED_PRINCIPAL_ID, UAI_REF, workloadSetup, wiredFunctionApp,
} from './util';

describe('WorkloadIdentity', () => {
  it('creates a user-assigned identity that is a managed-identity principal', () => {
    const { stack, identity } = workloadSetup();
    const json = synth(stack);
    const uai = onlyResource(json, 'azurerm_user_assigned_identity');
    assert.deepEqual([uai.name, uai.resource_group_name, uai.location], ['id-orders', 'rg', 'westeurope']);
    assert.equal(identity.principalKind, PrincipalKind.MANAGED_IDENTITY);
    assert.equal(identity.principalName, 'id-orders');
    assert.equal(resolved(stack, identity.principalObjectId), `${UAI_REF}.principal_id}`);
    assert.equal(resolved(stack, identity.clientId), `${UAI_REF}.client_id}`);
    assert.equal(resolved(stack, identity.resourceId), `${UAI_REF}.id}`);
  });

  it('adopts an existing identity by its ids, creating no identity resource', () => {
    const { stack, api } = workloadSetup();
    const old = WorkloadIdentity.fromIdentityAttributes(stack, 'Old', { resourceId: ADOPTED_RESOURCE_ID, clientId: ADOPTED_CLIENT_ID, principalId: ADOPTED_PRINCIPAL_ID, displayName: 'id-old' });
    const wiring = old.wiringFor();
    old.bindApp(wiredFunctionApp(stack, wiring), wiring);
    api.grantAppRole(old, api.appRole('Orders.Write'));
    const json = synth(stack);
    assert.equal(Object.keys(resources(json, 'azurerm_user_assigned_identity')).length, 1); // only workloadSetup()'s
    assert.deepEqual(onlyResource(json, 'azurerm_linux_function_app').identity.identity_ids, [ADOPTED_RESOURCE_ID]);
    assert.equal(onlyResource(json, 'azurerm_linux_function_app').app_settings.AZURE_CLIENT_ID, ADOPTED_CLIENT_ID);
    const grant = assignmentNamed(json, `Api_Grant${ADOPTED_PRINCIPAL_ID}OrdersWrite_`);
    assert.equal(grant.principal_object_id, ADOPTED_PRINCIPAL_ID);
    assert.equal(grant.timeouts, undefined); // a known principal needs no replication wait
  });

  it('throws if the identity name is not one Azure allows', () => {
    throwsWith(() => new WorkloadIdentity(makeStack(), 'Bad', { name: 'id orders', resourceGroupName: 'rg', location: 'westeurope' }),
      /\[test\/Bad\]/, /identity name 'id orders' is not valid/, /'id-orders'/);
  });

  it('throws if an adopted identity\'s resource id, client id or principal id is wrong', () => {
    throwsWith(() => WorkloadIdentity.fromIdentityAttributes(makeStack(), 'Old', { resourceId: ADOPTED_CLIENT_ID, clientId: ADOPTED_CLIENT_ID, principalId: ADOPTED_PRINCIPAL_ID }),
      /\[test\/Old\]/, /resourceId '.*' is not a user-assigned identity's resource id/, /userAssignedIdentities/);
    throwsWith(() => WorkloadIdentity.fromIdentityAttributes(makeStack(), 'Old', { resourceId: ADOPTED_RESOURCE_ID, clientId: 'id-old', principalId: ADOPTED_PRINCIPAL_ID }),
      /clientId 'id-old' is not a GUID/, /ENTRA-RULES 2/);
    throwsWith(() => WorkloadIdentity.fromIdentityAttributes(makeStack(), 'Old', { resourceId: ADOPTED_RESOURCE_ID, clientId: ADOPTED_CLIENT_ID, principalId: ADOPTED_CLIENT_ID }),
      /clientId and principalId are both/);
  });
});
