import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { adoptProgram } from '../lib/tenant/adopt';
import { adoptMain } from '../lib/cli/adopt-command';
import { CliIo, EXIT_OK as ADOPT_OK, EXIT_USAGE as ADOPT_USAGE } from '../lib/cli/io';
import { readTenantExport } from '../lib/tenant/tenant-export';

const FIXTURES = path.join(__dirname, 'fixtures', 'tenant-export');
const CONTOSO = path.join(FIXTURES, 'contoso');
const UNEXPRESSIBLE = path.join(FIXTURES, 'unexpressible');

function run(args: string[], existing: string[] = []): { code: number; out: string; err: string; written: Record<string, string> } {
  const r = { code: 0, out: '', err: '', written: {} as Record<string, string> };
  const io: CliIo = {
    stdout: (t) => { r.out += t; },
    stderr: (t) => { r.err += t; },
    readFile: (f) => { throw new Error(`adopt reads the export through io.fs, not readFile('${f}')`); },
    writeFile: (f, t) => { r.written[f] = t; },
    exists: (f) => existing.includes(f),
  };
  r.code = adoptMain(args, io);
  return r;
}

/** The program's header comment lines, joined back into one text. */
function headerOf(program: string): string {
  return program.split('\n').filter((l) => l.startsWith('//')).map((l) => l.replace(/^\/\/\s*/, '')).join(' ');
}

describe('adopt', () => {
  it('lists what it leaves as it is and every computed difference, in the program\'s header and on standard error', () => {
    const r = run([UNEXPRESSIBLE]);
    assert.equal(r.code, ADOPT_OK, r.err);
    const left = [
      /client secret 'portal secret' \(key id [0-9a-f-]+\) is not adopted: the provider cannot import secrets/,
      /Some Partner App \([0-9a-f-]+\) is a service principal the export does not describe; it is declared as EntraServicePrincipal/,
      /gives Warehouse staff \(Group [0-9a-f-]+\) role id [0-9a-f-]+, which the API does not define \(a deleted role\?\); it cannot be declared/,
      /user [0-9a-f-]+ consented to \[Inventory\.Access\] on Legacy Inventory API \(oauth2PermissionGrant [A-Za-z0-9_-]+\); the library expresses tenant-wide admin consent only/,
    ];
    const header = headerOf(r.out);
    for (const e of left) {
      assert.match(r.err, e);
      assert.match(header, e);
    }
    const result = adoptProgram(readTenantExport(UNEXPRESSIBLE));
    assert.ok(result.differences.length > 0);
    for (const d of result.differences) {
      assert.ok(header.includes(d.replace(/\s+/g, ' ')) || header.replace(/\s+/g, ' ').includes(d.replace(/\s+/g, ' ')), `header misses: ${d}`);
      assert.ok(r.err.includes(d), `standard error misses: ${d}`);
    }
    assert.ok(r.err.includes(`First plan, besides imports (${result.differences.length}, computed`), r.err);
    // What cannot be declared is not declared: no grant of the deleted role, no stray principal for it.
    assert.doesNotMatch(r.out, /WarehouseStaff/);
  });

  it('reports nothing as unexpressible for a tenant the library can express', () => {
    const result = adoptProgram(readTenantExport(CONTOSO));
    assert.deepEqual(result.unexpressible, []);
    assert.deepEqual(result.differences, []);
    assert.match(result.program, /The first plan shows imports and no changes \(computed/);
    assert.deepEqual(result.counts, { apis: 2, clients: 3, grants: 9, preAuthorizations: 1, consents: 1, federatedCredentials: 1 });
    assert.equal(result.imports, 23);
  });

  it('writes the same program on every run', () => {
    const a = adoptProgram(readTenantExport(CONTOSO), { library: '../../lib' }).program;
    const b = adoptProgram(readTenantExport(CONTOSO), { library: '../../lib' }).program;
    assert.equal(a, b);
  });

  it('writes to --out, and refuses to overwrite a file without --force', () => {
    const r = run([CONTOSO, '--out', 'adopted/main.ts', '--stack', 'contoso']);
    assert.equal(r.code, ADOPT_OK, r.err);
    assert.equal(r.out, '');
    assert.match(r.written['adopted/main.ts'], /new AdoptedStack\(app, 'contoso'\);/);
    assert.match(r.err, /^Adopted 2 API\(s\), 3 client\(s\), 9 app-role grant\(s\), 1 pre-authorization\(s\), 1 admin consent\(s\) and 1 federated credential\(s\): 23 import block\(s\), written to adopted\/main\.ts\./);

    const again = run([CONTOSO, '--out', 'adopted/main.ts'], ['adopted/main.ts']);
    assert.equal(again.code, ADOPT_USAGE);
    assert.match(again.err, /'adopted\/main\.ts' exists; pass --force/);
    assert.equal(run([CONTOSO, '--out', 'adopted/main.ts', '--force'], ['adopted/main.ts']).code, ADOPT_OK);
  });

  it('throws usage errors with exit code 2', () => {
    assert.equal(run([]).code, ADOPT_USAGE);
    assert.match(run([CONTOSO, '--stack', '1x']).err, /--stack '1x' is not a stack name/);
    assert.match(run([CONTOSO, '--out']).err, /--out needs a value/);
    assert.match(run([CONTOSO, '--what']).err, /unknown option '--what'/);
    assert.match(run([CONTOSO, '--table-from', '0']).err, /--table-from '0' is not a whole number of at least 1/);
    assert.match(run([path.join(FIXTURES, 'nowhere')]).err, /has no apps\/ folder; it is not a tenant export/);
  });
});
