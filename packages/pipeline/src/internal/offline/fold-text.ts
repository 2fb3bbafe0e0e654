const LATIN_ACCENTS = 'áàäâãåéèëêíìïîóòöôõúùüûñçÁÀÄÂÃÅÉÈËÊÍÌÏÎÓÒÖÔÕÚÙÜÛÑÇ';
const LATIN_PLAIN = 'aaaaaaeeeeiiiiooooouuuuncAAAAAAEEEEIIIIOOOOOUUUUNC';
const ACCENTED = new RegExp(`[${LATIN_ACCENTS}]`, 'g');
const BEYOND_LATIN1 = /[^ -\u00ff]/;
const MARKS = /\p{M}/gu;

// Case and accents do not make two names different. The common Latin accents are mapped by table
// (ICU's NFD cost more than the rest of the grouping); anything rarer goes through NFD.
function foldAny(s: string): string {
  const plain = s.replace(ACCENTED, (ch) => LATIN_PLAIN[LATIN_ACCENTS.indexOf(ch)]!);
  return (BEYOND_LATIN1.test(plain) ? plain.normalize('NFD').replace(MARKS, '') : plain).toLowerCase();
}

// The same fold of each Latin-1 character: most names are Latin-1 throughout, and a character
// table is cheaper than a replace with a callback.
const FOLD_CHARS: readonly string[] = Array.from({ length: 0x100 }, (_, c) => foldAny(String.fromCharCode(c)));

/** A name without case or accents, to tell whether two names are the same. */
export function foldText(s: string): string {
  let accented = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0xff) return foldAny(s);
    if (c >= 0xc0) accented = true;
  }
  if (!accented) return s.toLowerCase();
  let folded = '';
  for (let i = 0; i < s.length; i++) folded += FOLD_CHARS[s.charCodeAt(i)]!;
  return folded;
}
