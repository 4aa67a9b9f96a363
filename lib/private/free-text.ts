// Free text the library writes: display names, descriptions, notes, role and scope texts,
// credential issuer and subject. What is refused here and where each rule comes from is listed
// in docs/input-rules.md.

/** C0 and C1 control characters and DEL: never part of a name or text someone means to write. */
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * `text` as a message shows it: control characters as escapes (`\n`, `\u0007`) and white space
 * at either end made visible (`·`), so a user sees what is wrong with a value that looks right.
 * Long text is cut at `max` characters.
 */
export function showText(text: string, max = 80): string {
  const cut = text.length > max ? `${text.slice(0, max)}...` : text;
  const escaped = cut.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    switch (c) {
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      default: return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
  const lead = /^\s+/.exec(escaped)?.[0] ?? '';
  const trail = lead.length === escaped.length ? '' : /\s+$/.exec(escaped)?.[0] ?? '';
  return '\u00b7'.repeat(lead.length) + escaped.slice(lead.length, escaped.length - trail.length) + '\u00b7'.repeat(trail.length);
}
