// Cleaning keeps every character at its index (one UTF-16 unit in, one out), so offsets found in
// the cleaned text point at the same place in the caller's text.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00A0\u2000-\u200B\u202F\u205F\u3000\uFEFF]/g;
const LONE_CR = /\r(?!\n)/g;
const CR = /\r/g;

// Most texts have nothing to clean: one scan to find out is cheaper than three replaces.
const ANYTHING_TO_CLEAN =
  // eslint-disable-next-line no-control-regex
  /[\r\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00A0\u2000-\u200B\u202F\u205F\u3000\uFEFF]/;

export function cleanText(text: string): string {
  if (!ANYTHING_TO_CLEAN.test(text)) return text;
  return text.replace(LONE_CR, '\n').replace(CR, ' ').replace(INVISIBLE, ' ');
}
