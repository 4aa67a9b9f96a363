import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const LIB = path.join(ROOT, 'lib');

function libModules(dir = LIB): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? libModules(p) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  }).sort();
}

/**
 * The lib modules `file` requires when it loads: the top-level `require`s of its compiled
 * JavaScript (TypeScript drops imports used only as types), not the lazy ones inside functions.
 */
function loadTimeImports(file: string): string[] {
  const js = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 }, fileName: file,
  }).outputText;
  const out: string[] = [];
  for (const m of js.matchAll(/^(?:(?:const|var|let) \w+ = )?(?:__exportStar\()?require\("(\.{1,2}\/[^"]+)"\)/gm)) {
    out.push(path.resolve(path.dirname(file), `${m[1]}.ts`));
  }
  return out;
}

/** The cycles of a graph, each as the list of its nodes; empty when there are none. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === 'open') found.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of graph.keys()) if (!state.has(n)) visit(n);
  return found;
}

describe('module graph', () => {
  const modules = libModules();

  it('has no import cycle among the modules lib/ loads at require time', () => {
    assert.ok(modules.length >= 40, `expected the library's modules, found ${modules.length}`);
    const graph = new Map(modules.map((m) => [m, loadTimeImports(m)]));
    for (const [m, deps] of graph) for (const d of deps) assert.ok(graph.has(d), `${path.relative(ROOT, m)} requires ${d}, which is not a module of lib/`);
    assert.deepEqual(cycles(graph).map((c) => c.map((m) => path.relative(LIB, m)).join(' -> ')), []);
  });

  it('finds a cycle when there is one', () => {
    // the checker itself must be able to fail
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    assert.deepEqual(cycles(graph), [['a', 'b', 'c', 'a']]);
    assert.deepEqual(loadTimeImports(path.join(LIB, 'index.ts')).length > 10, true);
  });

  it('loads each module alone, first, with every export defined', () => {
    // One process; before each module, lib/ is dropped from the require cache, so the module is
    // the first of the library to load, as when a user deep-imports it.
    const script = `
      const path = require('path');
      const lib = ${JSON.stringify(LIB + path.sep)};
      const problems = [];
      for (const file of ${JSON.stringify(modules)}) {
        for (const k of Object.keys(require.cache)) if (k.startsWith(lib)) delete require.cache[k];
        try {
          const exported = require(file);
          for (const [name, value] of Object.entries(exported)) if (value === undefined) problems.push(path.relative(lib, file) + ': ' + name + ' is undefined');
        } catch (e) {
          problems.push(path.relative(lib, file) + ': ' + e.message.split('\\n')[0]);
        }
      }
      process.stdout.write(JSON.stringify(problems));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), []);
  });
});
