import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerraformStack, Testing } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { DaemonApp, ProtectedApi, SpaApp } from '../lib';
import { makeStack, synth, throwsWith } from './util';

describe('duplicate display names', () => {
  it('fails synth when two APIs of a stack share a display name, naming both', () => {
    const stack = makeStack();
    new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API' });
    new ProtectedApi(stack, 'OrdersApiV2', { displayName: 'Orders API' });
    throwsWith(() => synth(stack), /\[test\/OrdersApiV2\] display name 'Orders API' is also the display name of test\/OrdersApi, and test\/OrdersApiV2 and test\/OrdersApi keep preventDuplicateNames/);
  });

  it('fails synth when registrations in two stacks of one app share a name, differing only in case', () => {
    const app = Testing.app();
    const stacks = ['east', 'west'].map((id) => {
      const s = new TerraformStack(app, id);
      new AzureadProvider(s, 'azuread', {});
      return s;
    });
    new SpaApp(stacks[0], 'Web', { displayName: 'Orders Web', redirectUris: ['https://a.contoso.com/'] });
    new SpaApp(stacks[1], 'Web', { displayName: 'orders web', redirectUris: ['https://b.contoso.com/'] });
    throwsWith(() => Testing.synth(stacks[0], true), /\[east\/Web\] display name 'Orders Web' \(and 'orders web', the same but for case\) is also the display name of west\/Web/);
    throwsWith(() => Testing.synth(stacks[1], true), /\[west\/Web\] .* is also the display name of east\/Web/);
  });

  it('fails synth when only one of the two keeps preventDuplicateNames, saying which', () => {
    const stack = makeStack();
    new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders', preventDuplicateNames: false });
    new DaemonApp(stack, 'Worker', { displayName: 'Orders' });
    throwsWith(() => synth(stack), /is also the display name of test\/OrdersApi, and test\/Worker keeps preventDuplicateNames/);
  });

  it('allows the same name when neither keeps preventDuplicateNames, and different names', () => {
    const stack = makeStack();
    new ProtectedApi(stack, 'A', { displayName: 'Orders', preventDuplicateNames: false });
    new ProtectedApi(stack, 'B', { displayName: 'Orders', preventDuplicateNames: false });
    new ProtectedApi(stack, 'C', { displayName: 'Invoices' });
    const apps = Object.values<any>(synth(stack).resource.azuread_application);
    assert.equal(apps.length, 3);
  });
});
