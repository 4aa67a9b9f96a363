// A structure check for the Mermaid flowcharts the access map writes (no Mermaid in the tests).
import * as assert from 'node:assert/strict';

export interface ParsedMermaid {
  nodes: Map<string, { shape: string; label: string }>;
  edges: { from: string; to: string; label?: string; dotted: boolean }[];
  classes: Map<string, string[]>;
}

const SHAPES: [string, string][] = [['[[', ']]'], ['([', '])'], ['[(', ')]'], ['{{', '}}'], ['[/', '\\]'], ['[\\', '/]'], ['[/', '/]'], ['(', ')'], ['>', ']'], ['[', ']']];

/**
 * A small parser for the flowchart subset the access map writes. Every line must be a
 * header, comment, classDef, node declaration, edge or class assignment; anything else fails.
 */
export function parseMermaid(text: string): ParsedMermaid {
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  assert.equal(lines[0], 'flowchart LR', 'the first line declares the flowchart');
  const nodes = new Map<string, { shape: string; label: string }>();
  const edges: ParsedMermaid['edges'] = [];
  const classes = new Map<string, string[]>();
  const defined = new Set<string>();
  const ID = '[A-Za-z][A-Za-z0-9_]*';
  const LABEL = '"([^"]*)"';
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if (line.startsWith('%%')) continue;
    if ((m = new RegExp(`^classDef (${ID}) ([a-z-]+:[^,]+(?:,[a-z-]+:[^,]+)*)$`).exec(line))) {
      defined.add(m[1]);
      continue;
    }
    if ((m = new RegExp(`^class (${ID}(?:,${ID})*) (${ID})$`).exec(line))) {
      assert.ok(defined.has(m[2]), `class '${m[2]}' is defined before use: ${line}`);
      classes.set(m[2], [...(classes.get(m[2]) ?? []), ...m[1].split(',')]);
      continue;
    }
    if ((m = new RegExp(`^(${ID}) (-->|-\\.->)(?:\\|${LABEL}\\|)? (${ID})$`).exec(line))) {
      edges.push({ from: m[1], to: m[4], label: m[3], dotted: m[2] === '-.->' });
      continue;
    }
    m = new RegExp(`^(${ID})(.*)$`).exec(line);
    const shape = m && SHAPES.find(([open, close]) => m![2].startsWith(`${open}"`) && m![2].endsWith(`"${close}`)
      && !m![2].slice(open.length + 1, m![2].length - close.length - 1).includes('"'));
    assert.ok(m && shape, `line is a header, comment, classDef, class, node or edge: '${line}'`);
    assert.ok(!nodes.has(m[1]), `node ${m[1]} is declared once`);
    nodes.set(m[1], { shape: shape[0], label: m[2].slice(shape[0].length + 1, m[2].length - shape[1].length - 1) });
  }
  return { nodes, edges, classes };
}

export function assertMermaidWellFormed(text: string): ParsedMermaid {
  const g = parseMermaid(text);
  for (const e of g.edges) {
    assert.ok(g.nodes.has(e.from), `edge source ${e.from} is a declared node`);
    assert.ok(g.nodes.has(e.to), `edge target ${e.to} is a declared node`);
  }
  for (const [cls, ids] of g.classes) for (const id of ids) assert.ok(g.nodes.has(id), `class ${cls} names declared node ${id}`);
  return g;
}
