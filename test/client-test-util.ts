import * as assert from 'node:assert/strict';
import { resources } from './util';

/**
 * The logical-id stem cdktf gives a construct path: segments without `Resource`/`Default`,
 * each stripped of what is not a letter, digit, `_` or `-`, joined with `_`.
 */
function stem(path: string): string {
  return path.split('/').filter((p) => p !== 'Resource' && p !== 'Default')
    .map((p) => p.replace(/[^A-Za-z0-9_-]/g, '')).join('_');
}

/** The logical id of the one resource (or data source, with `kind`) of a type at a construct path in the stack. */
export function idAt(json: any, type: string, path: string, kind: 'resource' | 'data' = 'resource'): string {
  const all = Object.keys(json[kind]?.[type] ?? {});
  const re = new RegExp(`^${stem(path)}_[0-9A-F]{8}$`);
  const found = all.filter((k) => re.test(k));
  assert.equal(found.length, 1, `expected one ${type} at '${path}', found [${found.join(', ')}] among [${all.join(', ')}]`);
  return found[0];
}

/** The one resource of a type at a construct path in the stack (e.g. `Web` for `Web/Resource`). */
export function at(json: any, type: string, path: string): any {
  return resources(json, type)[idAt(json, type, path)];
}

/** The one data source of a type at a construct path in the stack. */
export function dataAt(json: any, type: string, path: string): any {
  return json.data[type][idAt(json, type, path, 'data')];
}

/** `${type.id.attr}` of the resource at `path`. */
export function ref(json: any, type: string, path: string, attr: string): string {
  return `\${${type}.${idAt(json, type, path)}.${attr}}`;
}

/** `${data.type.id.attr}` of the data source at `path`. */
export function dataRef(json: any, type: string, path: string, attr: string): string {
  return `\${data.${type}.${idAt(json, type, path, 'data')}.${attr}}`;
}
