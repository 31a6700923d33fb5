/**
 * What any text the hub accepts must be: no NUL or other C0 control characters (tab, newline and
 * carriage return excepted), no DEL, and no lone UTF-16 surrogate (it cannot be stored: databases
 * and UTF-8 encoders turn it into U+FFFD, so the stored text would differ from the text echoed).
 * Gateway and subgraphs both use these rules, so a value refused by one is refused by the other.
 */

// Tab (9), newline (10) and carriage return (13) are the only control characters text may hold.
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's job.
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Characters that show nothing: whitespace (including U+3000 and NBSP), zero-width space/joiners
 * (U+200B–U+200D), word joiner and invisible operators (U+2060–U+2064), BOM (U+FEFF), soft hyphen,
 * Mongolian vowel separator, combining grapheme joiner, Hangul fillers and bidi marks. The combining
 * grapheme joiner (U+034F) stands outside the class: inside, it would read as combining with its neighbour.
 */
const INVISIBLE =
  /^(?:[\s\u00AD\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u206A-\u206F\u3164\uFEFF\uFFA0]|\u034F)*$/;

/** Why `text` cannot be accepted as text at all, or null when it can. */
export function textProblem(text: string): string | null {
  const control = FORBIDDEN_CONTROL.exec(text);
  if (control) return `must not contain control character U+${codePoint(control[0])}`;
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) return `must not contain a lone surrogate U+${codePoint(surrogate[0])} (not valid Unicode)`;
  return null;
}

/** Whether `text` shows at least one character (not only whitespace or zero-width characters). */
function hasVisibleCharacters(text: string): boolean {
  return !INVISIBLE.test(text);
}

/**
 * Why `text` cannot be stored as a value someone will read (a name, a reason, a note): the
 * `textProblem`, or that it shows nothing. Null when it can.
 */
export function storedTextProblem(text: string): string | null {
  return textProblem(text) ?? (hasVisibleCharacters(text) ? null : 'must contain visible characters');
}

function codePoint(char: string): string {
  return char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Line breaks (C0, NEL, the Unicode line and paragraph separators), tabs and bidi overrides: a file
 * name in a history entry must read as it was sent. U+FFFD: what a name that was not UTF-8 became.
 */
const NOT_IN_A_FILE_NAME = /[\t\n\r\u0085\u2028\u2029\u202A-\u202E\u2066-\u2069\uFFFD]/;

/** Why `name` cannot be shown as a file's name in history entries and the audit log, or null. */
export function fileNameProblem(name: string): string | null {
  if ([...name].length > 200) return 'must be at most 200 characters';
  const odd = NOT_IN_A_FILE_NAME.exec(name);
  if (odd) {
    return `must not contain U+${codePoint(odd[0])} (a line break, tab, text-direction control, or bytes that were not UTF-8)`;
  }
  return storedTextProblem(name);
}
