import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as url from 'node:url';
import { describe, it } from 'node:test';
import { PLATFORMS } from '../../lib/platform';
import { asCdktf } from '../platform-json';

// Every example synthesized by the cdktf package and by its cdktn flavour (scripts/flavour.ts writes it
// into .cdktn/src; `npm run test:cdktn` first), each as a user runs it (`tsx examples/<name>/main.ts`, the
// real App and its outdir), compared file by file: each stack's cdk.tf.json is the same apart from the
// `//` metadata's core version and the provider versions in required_providers (checked to be each
// platform's own), and every other file the stack writes (the access map) is byte-identical.
// Run by `npm run test:all`, not `npm test`: it needs the cdktn flavour installed.

const ROOT = path.resolve(__dirname, '..', '..');
const FLAVOUR = path.join(ROOT, '.cdktn', 'src');
const EXAMPLES = fs.readdirSync(path.join(ROOT, 'examples')).filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'main.ts'))).sort();

/** tsx by its file, for a run whose folder has no node_modules. */
const TSX = url.pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs')).href;

/** Runs examples/<example>/main.ts of `tree` from `cwd` (the same for both, so the local backend's path is too). */
function synth(tree: string, example: string, cwd: string, outdir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, path.join(tree, 'examples', example, 'main.ts')], {
      cwd, env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${tree}: examples/${example} exited ${code}\n${err}`))));
  });
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

describe('every example on cdktf and on cdktn', () => {
  it('the cdktn flavour is there (npm run test:cdktn writes it)', () => {
    assert.ok(fs.existsSync(path.join(FLAVOUR, 'lib', 'platform.ts')), `${FLAVOUR} is missing: run npm run test:cdktn (or tsx scripts/flavour.ts src) first`);
    assert.match(fs.readFileSync(path.join(FLAVOUR, 'lib', 'platform.ts'), 'utf8'), /PLATFORMS\.cdktn; \/\/ flavour-switch/);
    assert.ok(EXAMPLES.length >= 4, `found only ${EXAMPLES.join(', ')}`);
  });

  for (const example of EXAMPLES) {
    it(`examples/${example}: the same Terraform JSON and access map, apart from metadata and provider versions`, async () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `flavours-${example}-`));
      try {
        const out = { cdktf: path.join(tmp, 'cdktf'), cdktn: path.join(tmp, 'cdktn') };
        await Promise.all([synth(ROOT, example, tmp, out.cdktf), synth(FLAVOUR, example, tmp, out.cdktn)]);
        const files = filesUnder(out.cdktf).filter((f) => f !== 'manifest.json');
        assert.deepEqual(filesUnder(out.cdktn).filter((f) => f !== 'manifest.json'), files);
        const stacks = files.filter((f) => f.endsWith('cdk.tf.json'));
        assert.ok(stacks.length > 0, `examples/${example} wrote no stack`);
        for (const f of files) {
          const a = fs.readFileSync(path.join(out.cdktf, f), 'utf8');
          const b = fs.readFileSync(path.join(out.cdktn, f), 'utf8');
          if (f.endsWith('cdk.tf.json')) {
            const cdktn = JSON.parse(b);
            assert.equal(cdktn['//']?.metadata?.version, PLATFORMS.cdktn.coreVersion, `${f} was written by cdktn ${PLATFORMS.cdktn.coreVersion}`);
            assert.equal(JSON.parse(a)['//']?.metadata?.version, PLATFORMS.cdktf.coreVersion);
            assert.deepEqual(asCdktf(cdktn, PLATFORMS.cdktn), JSON.parse(a), f);
          } else {
            assert.equal(b, a, `${f} differs`);
          }
        }
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  }
});
