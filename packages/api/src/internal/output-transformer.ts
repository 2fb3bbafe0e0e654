import superjson, { type SuperJSONResult } from 'superjson';

// superjson refuses these keys (prototype pollution); such values go to superjson so it refuses them.
const REFUSED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * True when `value` is a tree of JSON values only: null, booleans, strings, finite numbers but -0, arrays
 * without holes and plain objects, no object reached twice. For such a value superjson's output
 * is `{ json: <a copy of value> }` with no `meta` (the property test checks this against superjson).
 */
function isJsonTree(value: unknown, seen: Set<object>): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      // superjson annotates -0 (JSON would turn it into 0).
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (seen.has(value)) return false;
      seen.add(value);
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isJsonTree(value[i], seen)) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      for (const key in value) {
        if (REFUSED_KEYS.has(key) || !isJsonTree((value as Record<string, unknown>)[key], seen)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * superjson's serialisation without superjson's walk when there is nothing for it to annotate.
 * Procedure results here are mostly JSON trees (job snapshots, 10-25 KB result trees from the
 * pipeline), and superjson's walk (paths, identity maps, a copy of every node) costs about ten
 * times this check on such a tree, on the event loop (docs/performance.md). The
 * output is byte-for-byte what superjson gives, so any superjson client reads it unchanged;
 * anything else (Dates, Maps, undefined, shared objects) still goes through superjson.
 */
export function serializeOutput(value: unknown): SuperJSONResult {
  return isJsonTree(value, new Set()) ? { json: value as SuperJSONResult['json'] } : superjson.serialize(value);
}

/** The router's transformer: superjson both ways, with the shortcut above for outputs. */
export const outputTransformer = {
  serialize: serializeOutput,
  deserialize: (payload: SuperJSONResult): unknown => superjson.deserialize(payload),
};
