// Free text the library writes: display names, descriptions, notes, role and scope texts,
// credential issuer and subject. What is refused here and where each rule comes from is listed
// in docs/input-rules.md.

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
