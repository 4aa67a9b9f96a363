import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';

const LIB = path.resolve(__dirname, '..', 'lib');

/** The public source files: the modules lib/index.ts re-exports. */
const files = [...fs.readFileSync(path.join(LIB, 'index.ts'), 'utf8').matchAll(/export \* from '\.\/([^']+)'/g)]
  .map((m) => path.join(LIB, `${m[1]}.ts`));

function docOf(node: ts.Node): string | undefined {
  const docs = (node as any).jsDoc as ts.JSDoc[] | undefined;
  if (!docs || docs.length === 0) return undefined;
  return docs.map((d) => d.getFullText()).join('\n');
}

function isExported(node: ts.Node): boolean {
  return !!(ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export);
}

function isPublicMember(m: ts.ClassElement): boolean {
  const flags = ts.getCombinedModifierFlags(m);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  const name = m.name && ts.isIdentifier(m.name) ? m.name.text : '';
  if (name.startsWith('_')) return false;
  if (ts.isConstructorDeclaration(m)) return false;
  const doc = docOf(m) ?? '';
  return !/@internal/.test(doc);
}

/** Every problem with the public API's doc comments. */
function problems(sources: string[] = files): string[] {
  const out: string[] = [];
  for (const file of sources) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2020, true);
    const where = (n: ts.Node) => `${path.basename(file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    for (const stmt of sf.statements) {
      if (!isExported(stmt)) continue;
      const named = stmt as ts.DeclarationStatement;
      const name = named.name && ts.isIdentifier(named.name) ? named.name.text : '(anonymous)';
      if (ts.isVariableStatement(stmt) || ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt)
        || ts.isInterfaceDeclaration(stmt) || ts.isEnumDeclaration(stmt)) {
        if (!docOf(stmt)) out.push(`${where(stmt)} ${ts.isVariableStatement(stmt) ? 'exported constant' : name} has no doc comment`);
      }
      if (ts.isInterfaceDeclaration(stmt)) {
        for (const m of stmt.members) {
          const mname = m.name && ts.isIdentifier(m.name) ? m.name.text : '?';
          const doc = docOf(m);
          if (!doc) { out.push(`${where(m)} ${name}.${mname} has no doc comment`); continue; }
          if (ts.isPropertySignature(m) && m.questionToken && !/@default/.test(doc)) {
            out.push(`${where(m)} ${name}.${mname} is optional but its doc has no @default`);
          }
        }
      }
      if (ts.isEnumDeclaration(stmt)) {
        for (const m of stmt.members) if (!docOf(m)) out.push(`${where(m)} ${name}.${m.name.getText(sf)} has no doc comment`);
      }
      if (ts.isClassDeclaration(stmt)) {
        for (const m of stmt.members) {
          if (!isPublicMember(m) || ts.isSemicolonClassElement(m)) continue;
          const mname = m.name ? m.name.getText(sf) : '?';
          if (!docOf(m)) out.push(`${where(m)} ${name}.${mname} has no doc comment`);
        }
      }
    }
  }
  return out;
}

describe('public API docs', () => {
  it('reads every public source file', () => {
    assert.ok(files.length >= 15, `expected the library's public files, found ${files.length}`);
  });

  it('documents every public symbol and gives every optional prop a @default', () => {
    assert.deepEqual(problems(), []);
  });

  it('notices a missing doc comment and a missing @default', () => {
    // the checker itself must be able to fail
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-check-'));
    const probe = path.join(dir, 'probe.ts');
    fs.writeFileSync(probe, 'export interface P {\n  /** a */\n  readonly a?: string;\n}\nexport class Q {\n  public x = 1;\n}\n');
    try {
      assert.deepEqual(problems([probe]), [
        'probe.ts:1 P has no doc comment',
        'probe.ts:3 P.a is optional but its doc has no @default',
        'probe.ts:5 Q has no doc comment',
        'probe.ts:6 Q.x has no doc comment',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
