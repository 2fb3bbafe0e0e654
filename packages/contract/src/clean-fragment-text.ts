// Control characters (other than line breaks) become spaces, runs of spaces collapse within a
// line, and each line and the whole text are trimmed. Line breaks are kept because paragraph
// boundaries matter to the sentence splitter downstream.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const SPACES = /[ \u00A0]{2,}/g;

export function cleanFragmentText(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, ' ')
    .split('\n')
    .map((line) => line.replace(SPACES, ' ').trim())
    .join('\n')
    .trim();
}
