import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebApp } from '../lib';
import { makeStack, ref, synth, throwsWith, warnings } from './util';

const PORTAL = { displayName: 'Orders Portal', redirectUris: ['https://portal.contoso.com/signin-oidc'] };

describe('ConfidentialClientAppBase', () => {
  it('throws if two secrets would get the same output name, naming both', () => {
    const portal = new WebApp(makeStack(), 'Portal', PORTAL);
    portal.addClientSecret({ displayName: 'a-b' });
    portal.addClientSecret({ displayName: 'aB' });
    throwsWith(() => portal.addOutputs({ includeClientSecrets: true }), /'a-b' and 'aB' would both be output as 'portalClientSecretAB'/);
  });

  it('throws at synth if a secret is added after its outputs were made', () => {
    const stack = makeStack();
    const portal = new WebApp(stack, 'Portal', PORTAL);
    portal.addClientSecret({ displayName: 'first' });
    portal.addOutputs({ includeClientSecrets: true });
    portal.addClientSecret({ displayName: 'late' });
    throwsWith(() => synth(stack), /client secret 'late' was added after addOutputs/);
  });

  it('never outputs a secret unless asked, and then only as sensitive', () => {
    const stack = makeStack();
    const portal = new WebApp(stack, 'Portal', PORTAL);
    portal.addClientSecret();
    portal.addOutputs();
    let json = synth(stack);
    assert.ok(!JSON.stringify(json.output).includes('azuread_application_password'), 'no secret in outputs by default');
    const stack2 = makeStack();
    const portal2 = new WebApp(stack2, 'Portal', PORTAL);
    portal2.addClientSecret();
    portal2.addOutputs({ includeClientSecrets: true });
    json = synth(stack2);
    const out = json.output.portalClientSecretTerraform;
    assert.equal(out.sensitive, true);
    assert.equal(out.value, ref(json, 'azuread_application_password', 'Portal/ClientSecret:terraform', 'value'));
    for (const [name, o] of Object.entries<any>(json.output)) {
      if (String(o.value).includes('azuread_application_password')) assert.equal(o.sensitive, true, `${name} must be sensitive`);
    }
  });

  it('warns that a secret is a long-lived credential', () => {
    const stack = makeStack();
    new WebApp(stack, 'Portal', PORTAL).addClientSecret();
    assert.ok(warnings(stack).some((w) => /long-lived credential/.test(w) && /federated credential/.test(w)));
  });

  it('throws if two secrets have the same name', () => {
    const portal = new WebApp(makeStack(), 'Portal', PORTAL);
    portal.addClientSecret();
    throwsWith(() => portal.addClientSecret(), /test\/Portal/, /already has a client secret named 'terraform'/);
  });

  it('throws if the secret name is empty, and takes any other text', () => {
    throwsWith(() => new WebApp(makeStack(), 'Portal', PORTAL).addClientSecret({ displayName: '' }), /client secret display name is empty/);
    new WebApp(makeStack(), 'Portal', PORTAL).addClientSecret({ displayName: 'my secret' });
  });
});
