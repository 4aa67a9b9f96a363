import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { App, TerraformStack, Testing } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { Construct } from 'constructs';
import {
  CDKTF_CLI_ENV, STRICT_CONTEXT_KEY, STRICT_ENV, entraWarning, libraryWarnings, resetPrintedWarnings, setWarningSink,
} from '../lib/private/diagnostics';
import { warnings } from './util';
import { PLATFORM } from '../lib/platform';

function appWithStack(context?: Record<string, unknown>) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-warnings-'));
  const app = new App({ outdir, context });
  const stack = new TerraformStack(app, 'orders');
  new AzureadProvider(stack, 'azuread', {});
  return { app, stack, outdir };
}

describe('library warnings', () => {
  let printed: string[];
  let previous: (t: string) => void;
  const savedEnv = { cli: process.env[CDKTF_CLI_ENV], strict: process.env[STRICT_ENV] };
  beforeEach(() => {
    printed = [];
    previous = setWarningSink((t) => printed.push(t));
    resetPrintedWarnings();
    delete process.env[CDKTF_CLI_ENV];
    delete process.env[STRICT_ENV];
  });
  afterEach(() => {
    setWarningSink(previous);
    for (const [k, v] of [[CDKTF_CLI_ENV, savedEnv.cli], [STRICT_ENV, savedEnv.strict]] as const) {
      if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  });

  it('annotates the construct as a cdktf warning and records it for its stack', () => {
    const { stack } = appWithStack();
    const api = new Construct(stack, 'OrdersApi');
    entraWarning(api, 'assignment is not required');
    assert.deepEqual(warnings(stack), ['[orders/OrdersApi] assignment is not required']);
    assert.deepEqual(libraryWarnings(stack), ['[orders/OrdersApi] assignment is not required']);
  });

  it('prints each warning once to stderr with its construct path when the app synthesizes', () => {
    const { app, stack, outdir } = appWithStack();
    const api = new Construct(stack, 'OrdersApi');
    entraWarning(api, 'assignment is not required');
    entraWarning(api, 'assignment is not required');
    entraWarning(new Construct(stack, 'Web'), 'wildcard redirect');
    app.synth();
    app.synth();
    assert.deepEqual(printed, [
      `${PLATFORM.library.npm} warning: [orders/OrdersApi] assignment is not required\n`,
      `${PLATFORM.library.npm} warning: [orders/Web] wildcard redirect\n`,
    ]);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    assert.equal(manifest.stacks.orders.annotations.length, 2, 'the manifest has each warning once too');
  });

  it('prints nothing under the cdktf CLI, which prints the manifest\'s annotations itself', () => {
    process.env[CDKTF_CLI_ENV] = 'true';
    const { app, stack } = appWithStack();
    entraWarning(new Construct(stack, 'OrdersApi'), 'assignment is not required');
    app.synth();
    assert.deepEqual(printed, []);
  });

  it('renders nothing into cdk.tf.json', () => {
    const quiet = appWithStack().stack;
    new Construct(quiet, 'OrdersApi');
    const warned = appWithStack().stack;
    entraWarning(new Construct(warned, 'OrdersApi'), 'assignment is not required');
    assert.equal(Testing.synth(warned, true), Testing.synth(quiet, true));
  });

  it('throws at synth in strict mode set by context, naming the construct and the warning', () => {
    const { stack } = appWithStack({ [STRICT_CONTEXT_KEY]: true });
    entraWarning(new Construct(stack, 'OrdersApi'), 'assignment is not required');
    assert.throws(() => Testing.synth(stack, true), (e: Error) => {
      assert.ok(e.message.includes(`[orders/OrdersApi] assignment is not required (a warning of ${PLATFORM.library.npm}; strict mode makes it an error`), e.message);
      assert.equal(e.message.split('assignment is not required').length - 1, 1, 'named once');
      return true;
    });
  });

  it('throws at synth in strict mode set by the environment variable, and not without it', () => {
    const { stack } = appWithStack();
    entraWarning(new Construct(stack, 'OrdersApi'), 'assignment is not required');
    assert.doesNotThrow(() => Testing.synth(stack, true));
    process.env[STRICT_ENV] = '1';
    assert.throws(() => Testing.synth(stack, true), (e: Error) => e.message.includes(`[orders/OrdersApi] assignment is not required (a warning of ${PLATFORM.library.npm};`));
  });

  it('lets the context key switch strict mode off where the environment turns it on', () => {
    process.env[STRICT_ENV] = 'true';
    const { stack } = appWithStack({ [STRICT_CONTEXT_KEY]: false });
    entraWarning(new Construct(stack, 'OrdersApi'), 'assignment is not required');
    assert.doesNotThrow(() => Testing.synth(stack, true));
  });
});
