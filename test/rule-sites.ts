import * as fs from 'node:fs';
import * as path from 'node:path';

/** One `entraError(...)` call in lib/: the file, and the fragment of its message docs/input-rules.md quotes. */
export interface RuleSite {
  readonly file: string;
  readonly line: number;
  readonly fragment: string;
}

const LIB = path.join(__dirname, '..', 'lib');

function* files(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

/** The text of the call's arguments: from after `entraError(` to its closing parenthesis. */
function argumentsOf(src: string, start: number): string {
  let depth = 1;
  let quote: string | undefined;
  for (let i = start; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\') { i++; continue; }
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '\'' || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return src.slice(start, i);
  }
  return src.slice(start);
}

/**
 * The message's longest literal piece (template placeholders and string joins removed), or, when
 * the message is built elsewhere (`${problem}.`), the expression as written.
 */
export function fragmentOf(args: string, messageArgument = 1): string {
  const message = topLevelArguments(args)[messageArgument] ?? '';
  const pieces: string[] = [];
  const literal = /'((?:[^'\\]|\\.)*)'|`((?:[^`\\]|\\.)*)`/g;
  for (let m = literal.exec(message); m; m = literal.exec(message)) {
    const text = (m[1] ?? m[2]).replace(/\\(.)/g, '$1');
    pieces.push(...text.split(/\$\{(?:[^{}]|\{[^{}]*\})*\}/));
  }
  const longest = pieces.map((p) => p.trim()).sort((a, b) => b.length - a.length)[0] ?? '';
  return longest.length >= 10 ? longest : message.replace(/\s+/g, ' ').replace(/^`(.*)`$/, '$1');
}

/** The call's arguments, split at the commas outside brackets, strings and templates. */
function topLevelArguments(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (quote) {
      if (c === '\\') { i++; continue; }
      if (c === quote) quote = undefined;
      else if (quote === '`' && c === '$' && args[i + 1] === '{') {
        // a placeholder: skip to its closing brace
        let d = 0;
        for (i++; i < args.length; i++) { if (args[i] === '{') d++; else if (args[i] === '}' && --d === 0) break; }
      }
      continue;
    }
    if (c === '\'' || c === '"' || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) { out.push(args.slice(start, i).trim()); start = i + 1; }
  }
  out.push(args.slice(start).trim());
  return out;
}

/** Every call of `entraError` (and `refuseUnlessAdopted`, which throws it on create) in lib/, in file order. */
export function ruleSites(): RuleSite[] {
  const sites: RuleSite[] = [];
  for (const file of files(LIB)) {
    const src = fs.readFileSync(file, 'utf8');
    const call = /(?<!function )\b(entraError|refuseUnlessAdopted)\(/g;
    for (let m = call.exec(src); m; m = call.exec(src)) {
      const lineStart = src.lastIndexOf('\n', m.index) + 1;
      if (/^\s*(\*|\/\/)/.test(src.slice(lineStart, m.index))) continue; // a comment
      sites.push({
        file: path.relative(path.join(LIB, '..'), file).split(path.sep).join('/'),
        line: src.slice(0, m.index).split('\n').length,
        fragment: fragmentOf(argumentsOf(src, m.index + m[0].length), m[1] === 'refuseUnlessAdopted' ? 2 : 1),
      });
    }
  }
  return sites;
}
