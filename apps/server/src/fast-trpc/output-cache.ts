import type { FastPathMeta } from '@noticias/api';

/**
 * The JSON of the transformer's serialisation of a procedure's result, remembered per result
 * object for the procedures that declare `immutableOutput`. The tracker hands every reader the same cached
 * snapshot object per job version, so a polled status or a job's event fanned out to its
 * subscribers is serialised once rather than once per request or per subscriber. Only sound
 * for results nobody mutates after returning them; other procedures are serialised every time.
 */
export class OutputCache {
  readonly #serialize: (value: unknown) => unknown;
  readonly #paths: ReadonlySet<string>;
  readonly #json = new WeakMap<object, string>();

  constructor(serialize: (value: unknown) => unknown, hints: ReadonlyMap<string, FastPathMeta>) {
    this.#serialize = serialize;
    this.#paths = new Set([...hints].flatMap(([path, hint]) => (hint.immutableOutput ? [path] : [])));
  }

  /** `JSON.stringify(serialize(data))`, from the cache when `path` is immutable and `data` an object. */
  json(path: string, data: unknown): string {
    if (!this.#paths.has(path) || typeof data !== 'object' || data === null)
      return JSON.stringify(this.#serialize(data));
    let json = this.#json.get(data);
    if (json === undefined) {
      json = JSON.stringify(this.#serialize(data));
      this.#json.set(data, json);
    }
    return json;
  }
}
