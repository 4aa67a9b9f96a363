import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConsentType, MemberType, ProtectedApi } from '../lib';
import { makeStack, onlyResource, synth, throwsWith } from './util';

const BOTH = [MemberType.USER, MemberType.APPLICATION];

describe('PermissionScope', () => {
  it('renders admin-consent scopes by default with user texts defaulting to admin texts', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'A' });
    const s = api.addScope('Orders.Access', { adminConsentDescription: 'Call the API as the user' });
    const scopes = onlyResource(synth(stack), 'azuread_application').api.oauth2_permission_scope;
    assert.deepEqual(scopes, [{
      admin_consent_description: 'Call the API as the user', admin_consent_display_name: 'Orders.Access', enabled: true,
      id: s.scopeId, type: 'Admin', user_consent_description: 'Call the API as the user',
      user_consent_display_name: 'Orders.Access', value: 'Orders.Access',
    }]);
    assert.match(s.fullScope, /\/Orders\.Access$/);
  });

  it('renders user-consent scopes with their own texts', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', {
      displayName: 'A',
      scopes: [{ value: 'Orders.Access', adminConsentDescription: 'a', consentType: ConsentType.USER, userConsentDescription: 'u', userConsentDisplayName: 'U' }],
    });
    const s = onlyResource(synth(stack), 'azuread_application').api.oauth2_permission_scope[0];
    assert.equal(s.type, 'User');
    assert.equal(s.user_consent_description, 'u');
    assert.equal(api.permissionScopes[0].userConsentDisplayName, 'U');
  });

  it('throws if a scope has an empty admin consent description', () => {
    const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
    throwsWith(() => api.addScope('Orders.Access', { adminConsentDescription: '' }), /empty adminConsentDescription/);
  });

  it('throws if a scope value is invalid or clashes with a role', () => {
    const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
    throwsWith(() => api.addScope('Orders Access', { adminConsentDescription: 'a' }), /scope value 'Orders Access' contains white space/);
    api.addAppRole('Orders.Read', { description: 'd', allowedMemberTypes: BOTH });
    throwsWith(() => api.addScope('Orders.Read', { adminConsentDescription: 'a' }), /already used by an app role/);
  });

  it('throws if a looked-up scope was never declared', () => {
    const api = new ProtectedApi(makeStack(), 'Api', { displayName: 'A' });
    throwsWith(() => api.scope('Orders.Access'), /has no scope 'Orders.Access'/);
  });
});
