// Free text the library writes: display names, descriptions, notes, role and scope texts,
// credential issuer and subject. What is refused here and where each rule comes from is listed
// in docs/input-rules.md.
import { isUnresolved } from './validation';

/** Whether `code` is a C0 or C1 control character or DEL: never part of a name or text someone means to write. */
function isControlCode(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/** Whether `text` has a control character (C0, DEL, C1). */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isControlCode(text.charCodeAt(i))) return true;
  return false;
}

/**
 * `text` as a message shows it: control characters as escapes (`\n`, `\u0007`) and white space
 * at either end made visible (`·`), so a user sees what is wrong with a value that looks right.
 * Long text is cut at `max` characters.
 */
export function showText(text: string, max = 80): string {
  const cut = text.length > max ? `${text.slice(0, max)}...` : text;
  let escaped = '';
  for (const c of cut) {
    const code = c.charCodeAt(0);
    if (!isControlCode(code)) escaped += c;
    else if (c === '\n') escaped += '\\n';
    else if (c === '\r') escaped += '\\r';
    else if (c === '\t') escaped += '\\t';
    else escaped += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  const lead = /^\s+/.exec(escaped)?.[0] ?? '';
  const trail = lead.length === escaped.length ? '' : /\s+$/.exec(escaped)?.[0] ?? '';
  return '\u00b7'.repeat(lead.length) + escaped.slice(lead.length, escaped.length - trail.length) + '\u00b7'.repeat(trail.length);
}

/** Graph's documented length of `application.displayName` (and `group.displayName`), in characters. */
export const MAX_DISPLAY_NAME_CHARS = 256;
/** Graph's documented length of a federated credential's issuer, subject, audience and description. */
export const MAX_FEDERATED_TEXT_CHARS = 600;

/** Characters as Graph counts them: code points, so a letter outside the BMP is one. */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Problems with free text the library writes, or undefined: a control character, white space at
 * the start or end, more than `maxChars` characters (with `limitSource`, where the limit is
 * documented). `what` names the value in the message, which shows it with the bad characters
 * visible. `multiline` text (descriptions, notes) may hold line breaks and tabs. A token is
 * never judged.
 */
export function freeTextProblem(name: string | (() => string), text: string, maxChars?: number, limitSource?: string, multiline = false): string | undefined {
  // Empty and all-white-space text is the empty-value checks' to refuse, with their own message.
  if (typeof text !== 'string' || text.trim().length === 0 || isUnresolved(text)) return undefined;
  // A table checks thousands of rows: their names are built only for a message.
  const what = (): string => (typeof name === 'function' ? name() : name);
  if (hasControlCharacter(multiline ? text.replace(/[\n\r\t]/g, '') : text)) {
    return `${what()} '${showText(text)}' has a control character (a line break, tab or the like); Graph keeps it, and every portal, `
      + `token and log then shows it. Remove it${multiline ? ' (line breaks and tabs are fine inside the text)' : ''}`;
  }
  if (text.trim() !== text) {
    return `${what()} '${showText(text)}' has white space at its start or end (shown as ·), usually left over from a copy; `
      + 'Graph keeps it, and lookups and comparisons by name then miss. Remove it';
  }
  const n = maxChars === undefined ? 0 : charCount(text);
  if (maxChars !== undefined && n > maxChars) {
    return `${what()} is ${n} characters long ('${showText(text, 40)}'); ${limitSource ?? 'Graph'} allows at most ${maxChars}. Shorten it`;
  }
  return undefined;
}
