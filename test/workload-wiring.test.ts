import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DefaultCredentialIdentity, KeyVaultReferenceIdentity } from '../lib';
import { resolved, synth, throwsWith, UAI_REF, workloadSetup, wiredFunctionApp } from './util';

describe('WorkloadWiring', () => {
  it('wires the user-assigned identity alone by default: Key Vault references and DefaultAzureCredential use it', () => {
    const { stack, identity } = workloadSetup();
    const wiring = identity.wiringFor();
    assert.equal(wiring.identity.type, 'UserAssigned');
    assert.deepEqual(resolved(stack, wiring.identity.identityIds), [`${UAI_REF}.id}`]);
    assert.equal(resolved(stack, wiring.keyVaultReferenceIdentityId), `${UAI_REF}.id}`);
    assert.equal(resolved(stack, wiring.containerAppSecretIdentity), `${UAI_REF}.id}`);
    assert.deepEqual(resolved(stack, wiring.appSettings), { AZURE_CLIENT_ID: `${UAI_REF}.client_id}` });
    assert.equal(wiring.keyVaultReferences, KeyVaultReferenceIdentity.USER_ASSIGNED);
    assert.equal(wiring.defaultCredential, DefaultCredentialIdentity.USER_ASSIGNED);
  });

  it('with a system-assigned identity, resolves Key Vault references with it and still points DefaultAzureCredential at the shared one', () => {
    const { identity } = workloadSetup();
    const wiring = identity.wiringFor({ systemAssigned: true });
    assert.equal(wiring.identity.type, 'SystemAssigned, UserAssigned');
    assert.equal(wiring.keyVaultReferenceIdentityId, undefined);
    assert.equal(wiring.containerAppSecretIdentity, 'System');
    assert.deepEqual(Object.keys(wiring.appSettings), ['AZURE_CLIENT_ID']);
  });

  it('puts each API\'s .default scope under the chosen setting name, and the same as container environment variables', () => {
    const { stack, api, identity } = workloadSetup();
    const wiring = identity.wiringFor({ apiScopes: [{ settingName: 'ORDERS_API_SCOPE', api }] });
    assert.equal(resolved(stack, wiring.appSettings.ORDERS_API_SCOPE), resolved(stack, api.defaultScope));
    assert.match(String(resolved(stack, wiring.appSettings.ORDERS_API_SCOPE)), /identifier_uri\}\/\.default$/);
    assert.deepEqual(wiring.environmentVariables.map((e) => e.name), ['AZURE_CLIENT_ID', 'ORDERS_API_SCOPE']);
  });

  it('leaves AZURE_CLIENT_ID out when DefaultAzureCredential should use the system-assigned identity', () => {
    const { identity } = workloadSetup();
    const wiring = identity.wiringFor({ systemAssigned: true, defaultCredential: DefaultCredentialIdentity.SYSTEM_ASSIGNED });
    assert.deepEqual(wiring.appSettings, {});
  });

  it('accepts a wiring a user copied field by field, as C# and Python users do', () => {
    const { stack, identity } = workloadSetup();
    const wiring = identity.wiringFor({ systemAssigned: true });
    const fn = wiredFunctionApp(stack, wiring, {
      identity: { type: wiring.identity.type, identityIds: [identity.resourceId] },
      appSettings: { AZURE_CLIENT_ID: identity.clientId, ORDERS_DB: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db)' },
    });
    identity.bindApp(fn, { ...wiring });
    assert.doesNotThrow(() => synth(stack));
  });

  it('throws if Key Vault references should use a system-assigned identity the wiring does not have', () => {
    const { identity } = workloadSetup();
    throwsWith(() => identity.wiringFor({ keyVaultReferences: KeyVaultReferenceIdentity.SYSTEM_ASSIGNED }),
      /\[test\/Orders\]/, /keyVaultReferences is SYSTEM_ASSIGNED/, /ENTRA-RULES 21/, /systemAssigned: true/);
  });

  it('throws if DefaultAzureCredential should use a system-assigned identity the wiring does not have', () => {
    const { identity } = workloadSetup();
    throwsWith(() => identity.wiringFor({ defaultCredential: DefaultCredentialIdentity.SYSTEM_ASSIGNED }),
      /\[test\/Orders\]/, /defaultCredential is SYSTEM_ASSIGNED/, /systemAssigned: true/);
  });

  it('throws if an API scope setting name is not valid, is AZURE_CLIENT_ID or is used twice', () => {
    const { api, identity } = workloadSetup();
    throwsWith(() => identity.wiringFor({ apiScopes: [{ settingName: 'orders-api.scope', api }] }),
      /settingName 'orders-api\.scope' is not a valid setting name/, /'orders_api_scope'/);
    throwsWith(() => identity.wiringFor({ apiScopes: [{ settingName: 'azure_client_id', api }] }), /DefaultAzureCredential reads/);
    throwsWith(() => identity.wiringFor({ apiScopes: [{ settingName: 'SCOPE', api }, { settingName: 'scope', api }] }), /used twice/);
  });
});
