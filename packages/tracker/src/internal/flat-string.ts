/**
 * V8 keeps a string built by concatenation as a tree of its pieces: a UUID from
 * `crypto.randomUUID()` costs ~480 bytes that way against 56 flat. Reading a character makes V8
 * flatten the string in place, and the garbage collector then drops the pieces. Strings the
 * tracker keeps for an hour go through this.
 */
export function flat(value: string): string {
  if (typeof value === 'string' && value.length > 0) value.charCodeAt(0);
  return value;
}
