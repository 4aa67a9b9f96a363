/**
 * Compares strings by UTF-16 code units, not by locale: the same order on every machine, so
 * synthesized output stays byte-identical.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
