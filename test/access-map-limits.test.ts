// The access map under load: the Markdown report's Mermaid diagram stays within what Mermaid
// renders by default (maxEdges 500, maxTextSize 50,000 characters). Past them the diagram is
// summarized, and the report says so; the tables and the JSON stay complete.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerraformStack } from 'cdktf';
import { AccessMap, AppRoleAssignmentTable, EntraGroup, MemberType, PrincipalKind, ProtectedApi } from '../lib';
import { assertMermaidWellFormed } from './mermaid-check';
import { makeStack } from './util';

/** Mermaid's defaults (mermaid `config.schema.yaml`: maxEdges 500, maxTextSize 50000). */
const MAX_EDGES = 500;
const MAX_TEXT_SIZE = 50_000;

function objectId(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

/** One API with three roles and a grants table of `rows` rows: groups, users and managed identities. */
function tableStack(rows: number, stack: TerraformStack = makeStack()): TerraformStack {
  const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
  const roles = [
    api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] }),
    api.addAppRole('Orders.Write', { description: 'Write', allowedMemberTypes: [MemberType.APPLICATION] }),
    api.addAppRole('Orders.Admin', { description: 'Admin', allowedMemberTypes: [MemberType.USER] }),
  ];
  const table = new AppRoleAssignmentTable(stack, 'Grants', { api });
  for (let i = 0; i < rows; i++) {
    const kind = i % 10 === 0 ? PrincipalKind.MANAGED_IDENTITY : i % 3 === 0 ? PrincipalKind.USER : PrincipalKind.GROUP;
    const role = kind === PrincipalKind.MANAGED_IDENTITY ? roles[i % 20 === 0 ? 1 : 0] : roles[i % 7 === 0 ? 2 : 0];
    table.addRow({ principalName: `Principal ${i}`, principalObjectId: objectId(i), principalKind: kind, role });
  }
  return stack;
}

/** The Mermaid block of a Markdown report. */
function diagramOf(markdown: string): string {
  const m = /```mermaid\n([\s\S]*?)\n```/.exec(markdown);
  assert.ok(m, 'the report has a Mermaid block');
  return m[1];
}

/** Mermaid counts every link; the map writes one per line. */
function edgeCount(diagram: string): number {
  return diagram.split('\n').filter((l) => /^\s*\S+ (-->|-\.->)/.test(l)).length;
}

function assertWithinLimits(diagram: string): void {
  assert.ok(edgeCount(diagram) <= MAX_EDGES, `${edgeCount(diagram)} edges, Mermaid renders at most ${MAX_EDGES}`);
  assert.ok(diagram.length <= MAX_TEXT_SIZE, `${diagram.length} characters, Mermaid renders at most ${MAX_TEXT_SIZE}`);
  assert.doesNotMatch(diagram, /TfToken|\$\{/);
  assertMermaidWellFormed(diagram);
}

describe('the access map under load', () => {
  it('draws a 500-row table within Mermaid\'s default limits, summarized, and says so', () => {
    const map = AccessMap.of(tableStack(500));
    const markdown = map.toMarkdown();
    const diagram = diagramOf(markdown);
    assertWithinLimits(diagram);
    // Drawn in full, the diagram would be over the limits: the test is about the summary.
    assert.match(markdown, /summarized/i);
    assert.match(markdown, /500 edges/);
    assert.match(markdown, /50,000 characters/);
    // One node for the table, with its counts.
    assert.match(diagram, /Grants.*500 rows/);
    assert.match(diagram, /\|"assigned to \d+/);
    assert.equal(map.toMermaid(), `${diagram}\n`, 'toMermaid() gives the same diagram as the report');
  });

  it('keeps the tables and the JSON complete when the diagram is summarized', () => {
    const map = AccessMap.of(tableStack(500));
    const markdown = map.toMarkdown();
    for (const i of [0, 1, 250, 499]) assert.ok(markdown.includes(`| Principal ${i} (`), `the report's table lists row ${i}`);
    const rows = markdown.split('\n').filter((l) => /^\| Principal \d+ \(/.test(l));
    assert.equal(rows.length, 500);
    const api = map.toModel().apis.find((a) => a.path === 'Api')!;
    assert.equal(api.access.length, 500);
    assert.equal(JSON.parse(map.toJson()).apis[0].access.length, 500);
  });

  it('draws a small map in full, without a summary note', () => {
    const map = AccessMap.of(tableStack(20));
    const markdown = map.toMarkdown();
    assert.doesNotMatch(markdown, /summarized/i);
    const diagram = diagramOf(markdown);
    for (const i of [0, 19]) assert.match(diagram, new RegExp(`"Principal ${i}"`));
  });

  it('stays within the limits for 600 single grants, and for an API with 700 roles', () => {
    const stack = makeStack();
    const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
    const read = api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER] });
    for (let i = 0; i < 600; i++) api.grantAppRole(EntraGroup.fromObjectId(stack, `Group${i}`, objectId(i), { displayName: `Group ${i}` }), read);
    assertWithinLimits(diagramOf(AccessMap.of(stack).toMarkdown()));

    const wide = makeStack();
    const many = new ProtectedApi(wide, 'Api', { displayName: 'Wide API' });
    for (let i = 0; i < 700; i++) many.addAppRole(`Role.${i}`, { description: `Role ${i}`, allowedMemberTypes: [MemberType.USER] });
    const markdown = AccessMap.of(wide).toMarkdown();
    assertWithinLimits(diagramOf(markdown));
    assert.match(markdown, /summarized/i);
  });

  it('summarizes several tables, one node each, with counts per role', () => {
    const stack = tableStack(300);
    const api = stack.node.findChild('Api') as ProtectedApi;
    const more = new AppRoleAssignmentTable(stack, 'MoreGrants', { api });
    for (let i = 0; i < 300; i++) {
      more.addRow({ principalName: `Other ${i}`, principalObjectId: objectId(10_000 + i), principalKind: PrincipalKind.GROUP, role: api.appRole('Orders.Admin') });
    }
    const diagram = diagramOf(AccessMap.of(stack).toMarkdown());
    assertWithinLimits(diagram);
    assert.match(diagram, /MoreGrants.*300 rows/);
    assert.match(diagram, /\|"assigned to 300"\|/);
  });

  it('honours lower limits a viewer is configured with', () => {
    const map = AccessMap.of(tableStack(20));
    const diagram = map.toMermaid({ maxEdges: 10 });
    assert.ok(edgeCount(diagram) <= 10, `${edgeCount(diagram)} edges`);
    assert.match(diagram, /%% summarized/);
    assert.match(map.toMarkdown({ maxTextSize: 800 }), /summarized/i);
    assert.ok(diagramOf(map.toMarkdown({ maxTextSize: 800 })).length <= 800);
  });
});
