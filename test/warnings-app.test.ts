import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CDKTF_CLI_ENV, STRICT_ENV } from '../lib/private/diagnostics';
import { PLATFORM } from '../lib/platform';

const ROOT = path.resolve(__dirname, '..');

/** Runs test/fixtures/warning-app.ts with plain tsx, as `npm run synth` runs the example. */
function runFixture(env: Record<string, string>) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-warnings-app-'));
  const clean = { ...process.env };
  delete clean[CDKTF_CLI_ENV];
  delete clean[STRICT_ENV];
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'fixtures', 'warning-app.ts')], {
    cwd: ROOT, encoding: 'utf8', env: { ...clean, CDKTF_OUTDIR: outdir, ...env },
  });
}

describe('warnings of a program run with tsx', () => {
  it('prints the library\'s warning on stderr, once, with the construct path', () => {
    const run = runFixture({});
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stderr.split('\n').filter((l) => l.includes('appRoleAssignmentRequired is false'));
    assert.equal(lines.length, 1, run.stderr);
    // Named after this copy's package: cdktf-entra-identity, or cdktn-entra-identity on CDK Terrain.
    assert.ok(lines[0].startsWith(`${PLATFORM.library.npm} warning: [warned/OrdersApi] appRoleAssignmentRequired is false: every user and app`), lines[0]);
  });

  it('fails synth in strict mode, naming the construct', () => {
    const run = runFixture({ [STRICT_ENV]: '1' });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /\[warned\/OrdersApi\] appRoleAssignmentRequired is false.*strict mode makes it an error/);
  });

  it('prints nothing itself when the cdktf CLI runs the program', () => {
    const run = runFixture({ [CDKTF_CLI_ENV]: 'true' });
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stderr, / warning: \[/);
  });
});
