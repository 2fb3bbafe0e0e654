/**
 * Reads a number as the text's language writes it: "485.000" and "6,2" in Spanish, "3,000" and
 * "1.4" in English. A thousands separator is only believed when every group after it has three
 * digits, so "2.4" is still 2.4 in a Spanish text that uses the dot for decimals.
 */
export function parseLocalNumber(raw: string, language: 'es' | 'en'): number {
  const decimal = language === 'es' ? ',' : '.';
  const thousands = language === 'es' ? '.' : ',';
  const hasDot = raw.includes('.');
  const hasComma = raw.includes(',');
  if (hasDot && hasComma) {
    const lastSep = Math.max(raw.lastIndexOf('.'), raw.lastIndexOf(','));
    const dec = raw[lastSep]!;
    const other = dec === '.' ? ',' : '.';
    return Number(raw.replaceAll(other, '').replace(dec, '.'));
  }
  if (raw.includes(decimal)) return Number(raw.replaceAll(thousands, '').replace(decimal, '.'));
  if (raw.includes(thousands)) {
    const groups = raw.split(thousands);
    const grouped = groups.slice(1).every((g) => g.length === 3);
    return grouped ? Number(groups.join('')) : Number(raw.replace(thousands, '.'));
  }
  return Number(raw);
}
