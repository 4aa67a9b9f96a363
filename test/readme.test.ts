import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TerraformStack, Testing } from 'cdktf';
import * as ts from 'typescript';
import { buildApp } from '../examples/orders/main';
import { AccessMap } from '../lib';
import { checkRedirectUri } from '../lib/private/client-validation';
import { providerRuleErrors } from './provider-rules-check';

const ROOT = path.resolve(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The TypeScript blocks of the README that import the library, with the import pointed at lib/. */
function snippets(): string[] {
  return [...README.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .filter((code) => code.includes("from 'cdktf-entra-identity'") && code.includes('app.synth()'))
    .map((code) => code.replace(/from 'cdktf-entra-identity'/g, `from ${JSON.stringify(path.join(ROOT, 'lib'))}`));
}

describe('README', () => {
  it('opens with the two commands: the synth command and the whole-suite command', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
    const commands = firstBlock.split('\n').filter((l) => l.trim() !== '').map((l) => l.replace(/#.*$/, '').trim());
    assert.deepEqual(commands, ['npm ci && npm run synth', 'npm run test:all']);
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
    assert.ok(scripts.synth && scripts.test);
    assert.equal(scripts['test:all'], 'npm test && npm run test:cdktn', 'test:all runs the suite on both flavours');
  });

  it('shows the consumer cdktf.json and tsconfig.json that the consumer test uses, byte for byte', () => {
    for (const file of ['cdktf.json', 'tsconfig.json']) {
      const shown = new RegExp(`\`${file.replace('.', '\\.')}\`:\n\n\`\`\`json\n([\\s\\S]*?)\`\`\``).exec(README)?.[1];
      assert.ok(shown, `README.md shows no ${file} block`);
      assert.equal(shown, fs.readFileSync(path.join(ROOT, 'test', 'consumer', 'template', file), 'utf8'), `README's ${file} differs from test/consumer/template/${file}`);
    }
    const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'consumer', 'template', 'tsconfig.json'), 'utf8'));
    assert.notEqual(tsconfig.compilerOptions.moduleResolution?.toLowerCase(), 'node', 'TypeScript 7 rejects moduleResolution "node"');
    assert.equal(tsconfig.compilerOptions.skipLibCheck, false, "the library's .d.ts must be type-checked");
  });

  it('gives SPA and web apps only redirect URIs the library and the azuread provider accept, in every snippet', () => {
    const uses = [...README.matchAll(/new (SpaApp|WebApp)\([^;]*?redirectUris: \[([^\]]*)\]/g)];
    assert.ok(uses.length >= 1, 'README shows no SpaApp or WebApp with redirectUris');
    for (const [, kind, list] of uses) {
      for (const [, uri] of list.matchAll(/'([^']*)'/g)) {
        assert.equal(checkRedirectUri(kind === 'SpaApp' ? 'spa' : 'web', uri), undefined, `README's ${kind} redirect URI ${uri}`);
      }
    }
  });

  const blocks = snippets();
  it('has runnable examples', () => assert.ok(blocks.length >= 1));

  blocks.forEach((code, i) => {
    it(`example ${i + 1} type-checks and synthesizes values the providers accept`, () => {
      const dir = fs.mkdtempSync(path.join(ROOT, 'test', '.readme-'));
      try {
        const file = path.join(dir, 'main.ts');
        fs.writeFileSync(file, code);
        const program = ts.createProgram([file], {
          strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2020,
          module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, types: ['node'],
        });
        const diags = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        assert.deepEqual(diags, []);
        const out = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-out-'));
        execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: out }, stdio: 'pipe' });
        const stacks = fs.readdirSync(path.join(out, 'stacks'));
        assert.ok(stacks.length >= 1);
        const json = JSON.parse(fs.readFileSync(path.join(out, 'stacks', stacks[0], 'cdk.tf.json'), 'utf8'));
        assert.ok(Object.keys(json.resource?.azuread_app_role_assignment ?? {}).length >= 1, 'the example grants a role');
        assert.deepEqual(providerRuleErrors(json), [], 'the example writes only values the real providers accept');
        fs.rmSync(out, { recursive: true, force: true });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('README access map', () => {
  it('shows the current map of the main example', () => {
    const app = Testing.app();
    buildApp(app);
    const stack = app.node.findChild('orders') as TerraformStack;
    const mermaid: string = AccessMap.of(stack).toMermaid().trim();
    const inReadme = /```mermaid\n([\s\S]*?)```/.exec(README)?.[1]?.trim();
    assert.ok(mermaid.length > 100);
    assert.equal(inReadme, mermaid, 'README.md shows a stale access map; paste the one from cdktf.out/stacks/orders/access-map.md');
  });
});

describe('README: From Python, Java and Go', () => {
  const section = /\n## From Python, Java and Go\n([\s\S]*?)\n## /.exec(README)?.[1] ?? '';
  /** Each language's snippets must be excerpts of the program CI runs in that language (test/bindings/run.ts). */
  const programs: Record<string, string[]> = {
    python: ['examples/entra-only/main.py', 'examples/orders/main.py'],
    go: ['examples/entra-only/main.go'],
  };
  // Compared line by line with leading whitespace removed, so a snippet may be dedented.
  const lines = (code: string) => code.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const contains = (program: string[], snippet: string[]) =>
    program.some((_, i) => snippet.every((l, j) => program[i + j] === l));

  it('exists', () => assert.ok(section.length > 500, 'README.md has no "From Python, Java and Go" section'));

  for (const [language, files] of Object.entries(programs)) {
    it(`its ${language} snippets are taken from ${files.join(' or ')}, the programs CI runs`, () => {
      const snippets = [...section.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => lines(m[1]));
      assert.ok(snippets.length >= 1, `the section has no ${language} snippet`);
      const sources = files.map((f) => lines(fs.readFileSync(path.join(ROOT, f), 'utf8')));
      for (const snippet of snippets) {
        assert.ok(snippet.length >= 5, 'a snippet shows at least a few lines');
        assert.ok(sources.some((src) => contains(src, snippet)),
          `this ${language} snippet is not an excerpt of ${files.join(' or ')}; copy it from there:\n${snippet.join('\n')}`);
      }
    });
  }
});
