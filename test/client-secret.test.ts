import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { WebApp, DaemonApp } from '../lib';
import { at, idAt, makeStack, ref, synth, throwsWith, warnings } from './util';

const PORTAL = { displayName: 'Orders Portal', redirectUris: ['https://portal.contoso.com/signin-oidc'] };

const SYNC = { displayName: 'Orders Sync' };

describe('ClientSecret', () => {
  it('rotates on a schedule with time_rotating, stays valid for a grace period, and is replaced before it is destroyed', () => {
    const stack = makeStack();
    const portal = new WebApp(stack, 'Portal', PORTAL);
    const secret = portal.addClientSecret();
    const json = synth(stack);
    const rotation = at(json, 'time_rotating', 'Portal/ClientSecret:terraform/Rotation');
    assert.equal(rotation.rotation_days, 180);
    const password = at(json, 'azuread_application_password', 'Portal/ClientSecret:terraform');
    assert.equal(password.application_id, ref(json, 'azuread_application', 'Portal', 'id'));
    assert.equal(password.display_name, 'terraform');
    assert.deepEqual(password.rotate_when_changed, { rotation: ref(json, 'time_rotating', 'Portal/ClientSecret:terraform/Rotation', 'id') });
    assert.equal(password.end_date, `\${timeadd(time_rotating.${idAt(json, 'time_rotating', 'Portal/ClientSecret:terraform/Rotation')}.rotation_rfc3339, "720h")}`);
    assert.deepEqual(password.lifecycle, { create_before_destroy: true });
    assert.deepEqual(portal.clientSecrets, [secret]);
    assert.ok(json.provider.time, 'the time provider is configured for the stack');
  });

  it('takes the rotation period, grace period and name', () => {
    const stack = makeStack();
    new WebApp(stack, 'Portal', PORTAL).addClientSecret({ displayName: 'ci', rotationDays: 30, graceDays: 7 });
    const json = synth(stack);
    assert.equal(at(json, 'time_rotating', 'Portal/ClientSecret:ci/Rotation').rotation_days, 30);
    const password = at(json, 'azuread_application_password', 'Portal/ClientSecret:ci');
    assert.equal(password.display_name, 'ci');
    assert.match(password.end_date, /, "168h"\)\}$/);
  });

  it('adds the time provider once per stack, and not when the stack declares one', () => {
    const stack = makeStack();
    const portal = new WebApp(stack, 'Portal', PORTAL);
    portal.addClientSecret({ displayName: 'a' });
    portal.addClientSecret({ displayName: 'b' });
    assert.equal(synth(stack).provider.time.length, 1);
  });

  it('uses a time provider the stack declared first', () => {
    const stack = makeStack();
    new TimeProvider(stack, 'time', {});
    new WebApp(stack, 'Portal', PORTAL).addClientSecret();
    assert.equal(synth(stack).provider.time.length, 1);
  });

  it('throws at synth if a time provider is declared after the first secret', () => {
    const stack = makeStack();
    new WebApp(stack, 'Portal', PORTAL).addClientSecret();
    new TimeProvider(stack, 'time', {});
    throwsWith(() => synth(stack), /hashicorp\/time provider is configured twice/, /test\/time/, /before the library's constructs/);
  });

  it('throws if the rotation period is not a whole number of days', () => {
    const portal = new WebApp(makeStack(), 'Portal', PORTAL);
    throwsWith(() => portal.addClientSecret({ rotationDays: 0 }), /rotationDays 0 is not a whole number of days of at least 1/);
    throwsWith(() => portal.addClientSecret({ displayName: 'x', rotationDays: 1.5 }), /rotationDays 1\.5/);
    throwsWith(() => portal.addClientSecret({ displayName: 'y', graceDays: -1 }), /graceDays -1/);
  });

  it('warns, naming the portal\'s limit and tenant policies, when a secret lives longer than two years; Graph sets no maximum', () => {
    const stack = makeStack();
    new WebApp(stack, 'Portal', PORTAL).addClientSecret({ displayName: 'z', rotationDays: 1065, graceDays: 30 });
    const json = synth(stack);
    assert.equal(at(json, 'time_rotating', 'Portal/ClientSecret:z/Rotation').rotation_days, 1065);
    const [w] = warnings(stack).filter((m) => m.includes('1095 days'));
    assert.match(w, /two years \(730 days\) the Entra portal offers/);
    assert.match(w, /app management policy/);
    const ok = makeStack();
    new WebApp(ok, 'Portal', PORTAL).addClientSecret({ displayName: 'z', rotationDays: 700, graceDays: 30 });
    assert.ok(!warnings(ok).some((m) => m.includes('730 days')), 'exactly two years is not warned about');
  });

  it('adds a rotating client secret when asked', () => {
    const stack = makeStack();
    new DaemonApp(stack, 'Sync', SYNC).addClientSecret({ rotationDays: 60 });
    const json = synth(stack);
    assert.equal(at(json, 'time_rotating', 'Sync/ClientSecret:terraform/Rotation').rotation_days, 60);
    assert.ok(idAt(json, 'azuread_application_password', 'Sync/ClientSecret:terraform'));
  });
});
