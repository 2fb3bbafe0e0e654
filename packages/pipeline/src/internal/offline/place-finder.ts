const LATIN_LIMIT = 512;
const FEW_PLACES = 8;

/**
 * Which of a list of place names occur in a stretch of text, in the list's order: the same answer
 * as testing `slice.includes(place)` for every place, without trying every place on every
 * sentence (which grew with places x sentences on long texts). Places are bucketed by their
 * first character, and only positions holding such a character are tried. A short list is still
 * tested place by place: a few native substring searches beat a walk over the stretch.
 */
export function createPlaceFinder(places: readonly string[]): (text: string, start: number, end: number) => string[] {
  if (places.length <= FEW_PLACES) {
    return (text, start, end) => {
      const stretch = text.slice(start, end);
      return places.filter((place) => stretch.includes(place));
    };
  }
  const buckets = new Map<number, number[]>();
  const everywhere: number[] = [];
  places.forEach((place, index) => {
    // The empty string is in every text.
    if (place.length === 0) {
      everywhere.push(index);
      return;
    }
    const first = place.charCodeAt(0);
    const bucket = buckets.get(first);
    if (bucket) bucket.push(index);
    else buckets.set(first, [index]);
  });
  // First characters below 512 as a bit set (nearly every character of a text is there); a
  // 64-byte typed array is allocated on the heap, a bigger one costs a microsecond.
  const latinFirsts = new Int32Array(LATIN_LIMIT >> 5);
  for (const code of buckets.keys()) if (code < LATIN_LIMIT) latinFirsts[code >> 5]! |= 1 << (code & 31);
  // The last stretch each place was found in, so a place is listed once per call.
  const foundIn = new Int32Array(places.length);
  let call = 0;

  return (text, start, end) => {
    call++;
    const found: number[] = [...everywhere];
    for (let i = start; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code < LATIN_LIMIT ? (latinFirsts[code >> 5]! & (1 << (code & 31))) === 0 : !buckets.has(code)) continue;
      for (const index of buckets.get(code)!) {
        const place = places[index]!;
        if (foundIn[index] === call || i + place.length > end || !text.startsWith(place, i)) continue;
        foundIn[index] = call;
        found.push(index);
      }
    }
    if (found.length > 1) found.sort((a, b) => a - b);
    return found.map((index) => places[index]!);
  };
}
