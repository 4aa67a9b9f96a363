// The typed plan `adopt` makes from a tenant export: the constructs of the program, their props
// and the calls on them, as data. One plan is rendered as the program's TypeScript source
// (`renderStatements`) and built, the same, into a stack in memory (`adopt-build.ts`), so the
// program written and the program checked are one. No cdktf or provider imports.

/** A value in the plan: a literal, a list, an object, an enum member, a variable, `this`, or a call. */
export type PlanValue =
  | string | number | boolean | null
  | readonly PlanValue[]
  | PlanObject
  | { readonly kind: 'enum'; readonly type: string; readonly member: string; readonly value: string }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'scope' }
  | PlanCall;

/** A field of an object literal, with an optional comment after it. */
export interface PlanField {
  readonly name: string;
  readonly value: PlanValue;
  readonly comment?: string;
}

/** An object literal; its fields keep their order. */
export interface PlanObject {
  readonly kind: 'object';
  readonly fields: readonly PlanField[];
}

/** `new Class(args)`, `Class.method(args)` or `variable.method(args)`. */
export interface PlanCall {
  readonly kind: 'call';
  /** A library class (`new` or a static method) or a variable of the program. */
  readonly target: { readonly cls: string } | { readonly var: string };
  /** The method; absent for `new`. */
  readonly method?: string;
  readonly args: readonly PlanValue[];
}

/** One statement: an optional `const name =`, a call, and comments. */
export interface PlanStatement {
  /** Comment lines before the statement (without `//`); an empty array gives a blank line. */
  readonly before?: readonly string[];
  /** Whether a blank line comes before the statement. */
  readonly blank?: boolean;
  readonly assign?: string;
  readonly call: PlanCall;
  /** A comment after the statement, on its line. */
  readonly trailing?: string;
}

/** Builders for plan values. */
export const P = {
  obj(fields: (PlanField | undefined | false)[]): PlanObject {
    return { kind: 'object', fields: fields.filter((f): f is PlanField => !!f) };
  },
  field(name: string, value: PlanValue, comment?: string): PlanField {
    return { name, value, comment };
  },
  enumOf(type: string, member: string, value: string): PlanValue {
    return { kind: 'enum', type, member, value };
  },
  v(name: string): PlanValue {
    return { kind: 'var', name };
  },
  scope: { kind: 'scope' } as PlanValue,
  make(cls: string, args: PlanValue[]): PlanCall {
    return { kind: 'call', target: { cls }, args };
  },
  staticCall(cls: string, method: string, args: PlanValue[]): PlanCall {
    return { kind: 'call', target: { cls }, method, args };
  },
  call(variable: string, method: string, args: PlanValue[]): PlanCall {
    return { kind: 'call', target: { var: variable }, method, args };
  },
};

/** The library classes and enums a plan uses (what the program imports). */
export function planImports(statements: readonly PlanStatement[]): string[] {
  const names = new Set<string>();
  const visit = (v: PlanValue): void => {
    if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (v !== null && typeof v === 'object') {
      const o = v as Exclude<PlanValue, readonly PlanValue[] | string | number | boolean | null>;
      if (o.kind === 'enum') names.add(o.type);
      else if (o.kind === 'object') o.fields.forEach((f) => visit(f.value));
      else if (o.kind === 'call') {
        if ('cls' in o.target) names.add(o.target.cls);
        o.args.forEach(visit);
      }
    }
  };
  for (const s of statements) visit(s.call);
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A TypeScript string literal. */
export function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, '\\\'').replace(/\r/g, '\\r').replace(/\n/g, '\\n')}'`;
}

function isObj(v: PlanValue): v is PlanObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && (v as PlanObject).kind === 'object';
}

/** A value inline, on one line. */
function inline(v: PlanValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  const o = v as Exclude<PlanValue, readonly PlanValue[] | string | number | boolean | null>;
  switch (o.kind) {
    case 'object': return o.fields.length === 0 ? '{}' : `{ ${o.fields.map((f) => `${f.name}: ${inline(f.value)}`).join(', ')} }`;
    case 'enum': return `${o.type}.${o.member}`;
    case 'var': return o.name;
    case 'scope': return 'this';
    case 'call': return callText(o, inline);
  }
}

function callText(c: PlanCall, arg: (v: PlanValue) => string): string {
  const args = c.args.map(arg).join(', ');
  if ('cls' in c.target) return c.method ? `${c.target.cls}.${c.method}(${args})` : `new ${c.target.cls}(${args})`;
  return `${c.target.var}.${c.method}(${args})`;
}

/**
 * An object whose fields go one a line (construct props): lists of objects one object a line,
 * comments after their field. `indent` is the indentation of the closing brace.
 */
function block(o: PlanObject, indent: string): string {
  const inner = `${indent}  `;
  const lines = o.fields.map((f) => {
    let text: string;
    if (Array.isArray(f.value) && f.value.length > 0 && f.value.some((x) => isObj(x))) {
      text = `${f.name}: [\n${(f.value as PlanValue[]).map((x) => `${inner}  ${inline(x)},`).join('\n')}\n${inner}],`;
    } else {
      text = `${f.name}: ${inline(f.value)},`;
    }
    return `${inner}${text}${f.comment ? ` // ${f.comment}` : ''}`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** The statements as TypeScript lines, without indentation. */
export function renderStatements(statements: readonly PlanStatement[]): string[] {
  const out: string[] = [];
  for (const s of statements) {
    if (s.blank) out.push('');
    for (const c of s.before ?? []) out.push(c === '' ? '' : `// ${c}`);
    const last = s.call.args[s.call.args.length - 1];
    // Construct props (the last argument of `new`, an object with several fields) go one field a line.
    const multiline = last !== undefined && isObj(last) && !s.call.method && (last.fields.length > 2 || last.fields.some((f) => f.comment));
    const multilineArray = s.call.args.length === 1 && Array.isArray(last) && (last as PlanValue[]).length > 0 && (last as PlanValue[]).every(isObj);
    let text: string;
    if (multiline) {
      text = callText({ ...s.call, args: s.call.args.slice(0, -1) }, inline).replace(/\)$/, '');
      text = `${text}${s.call.args.length > 1 ? ', ' : ''}${block(last as PlanObject, '')})`;
    } else if (multilineArray) {
      text = `${callText({ ...s.call, args: [] }, inline).replace(/\)$/, '')}[\n${(last as PlanValue[]).map((x) => `  ${inline(x)},`).join('\n')}\n])`;
    } else {
      text = callText(s.call, inline);
    }
    out.push(...`${s.assign ? `const ${s.assign} = ` : ''}${text};${s.trailing ? ` // ${s.trailing}` : ''}`.split('\n'));
  }
  return out;
}

/** What {@link buildStatements} needs: the library's exports, and the stack the plan's `this` is. */
export interface BuildContext {
  readonly library: Record<string, any>;
  readonly scope: unknown;
}

/** Builds the plan's constructs in `ctx.scope`: what running the rendered program does. */
export function buildStatements(statements: readonly PlanStatement[], ctx: BuildContext): void {
  const vars = new Map<string, unknown>();
  const value = (v: PlanValue): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(value);
    const o = v as Exclude<PlanValue, readonly PlanValue[] | string | number | boolean | null>;
    switch (o.kind) {
      case 'object': return Object.fromEntries(o.fields.map((f) => [f.name, value(f.value)]));
      case 'enum': return ctx.library[o.type][o.member];
      case 'var': {
        if (!vars.has(o.name)) throw new Error(`adopt plan: variable ${o.name} used before it is declared`);
        return vars.get(o.name);
      }
      case 'scope': return ctx.scope;
      case 'call': return call(o);
    }
  };
  const call = (c: PlanCall): unknown => {
    const args = c.args.map(value);
    if ('cls' in c.target) {
      const cls = ctx.library[c.target.cls];
      if (cls === undefined) throw new Error(`adopt plan: the library has no ${c.target.cls}`);
      return c.method ? cls[c.method](...args) : new cls(...args);
    }
    const receiver = vars.get(c.target.var) as Record<string, (...a: unknown[]) => unknown>;
    if (receiver === undefined) throw new Error(`adopt plan: variable ${c.target.var} used before it is declared`);
    return receiver[c.method!](...args);
  };
  for (const s of statements) {
    const result = call(s.call);
    if (s.assign) vars.set(s.assign, result);
  }
}
