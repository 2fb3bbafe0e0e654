/**
 * Finds an item's text in the input so that its offsets point at it, trying the exact text first
 * and then ignoring case. Returns null when the model paraphrased instead of copying.
 */
export function locate(
  text: string,
  lowerText: string,
  needle: string,
  from = 0,
): { start: number; end: number } | null {
  const exact = text.indexOf(needle, from);
  if (exact >= 0) return { start: exact, end: exact + needle.length };
  const folded = lowerText.indexOf(needle.toLowerCase(), from);
  if (folded >= 0) return { start: folded, end: folded + needle.length };
  return from > 0 ? locate(text, lowerText, needle, 0) : null;
}
