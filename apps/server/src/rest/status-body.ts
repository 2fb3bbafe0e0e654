import { createHash } from 'node:crypto';
import type { JobSnapshot } from '@noticias/contract';
import { compileSerializer, jobSnapshotSchema } from './schemas.ts';

export interface SnapshotJson {
  /** The `data` object of `GET /status/{job_id}`, as `jobSnapshotSchema` serialises it. */
  json: string;
  /** A weak ETag of this version (the envelope's timestamp changes per answer, the data does not). */
  etag: string;
  /** The REST live-status event of this version (`id`, `event: status`, `data`). */
  frame?: string;
  /** The last 200 body built of this version, and the millisecond its timestamp says. */
  envelope?: string;
  envelopeAt?: number;
}

/**
 * Per job version, built once: the tracker hands out one frozen snapshot object per version, so
 * the JSON, its ETag and its SSE frame are kept per object and every poll, 304 and stream
 * event reuses them.
 */
export class StatusBodies {
  readonly #stringify = compileSerializer<JobSnapshot>(jobSnapshotSchema);
  readonly #cache = new WeakMap<JobSnapshot, SnapshotJson>();
  readonly #versionJson: string;

  constructor(
    version: string,
    private readonly now: () => number,
  ) {
    this.#versionJson = JSON.stringify(version);
  }

  of(job: JobSnapshot): SnapshotJson {
    let entry = this.#cache.get(job);
    if (entry === undefined) {
      const json = this.#stringify(job);
      const digest = createHash('sha256').update(json).digest('base64url').slice(0, 22);
      entry = { json, etag: `W/"${digest}"` };
      this.#cache.set(job, entry);
    }
    return entry;
  }

  /** The 200 body of `GET /status/{job_id}`. */
  envelope(job: JobSnapshot): string {
    const entry = this.of(job);
    const at = this.now();
    // Polls of one version within one millisecond answer the same bytes: built (and flattened,
    // a copy of the whole body) once, not per request.
    if (entry.envelopeAt !== at || entry.envelope === undefined) {
      // job_id matches JOB_ID_PATTERN (no characters JSON escapes); an ISO timestamp neither.
      entry.envelope = `{"success":true,"request_id":"${job.job_id}","timestamp":"${new Date(at).toISOString()}","api_version":${this.#versionJson},"data":${entry.json}}`;
      entry.envelopeAt = at;
    }
    return entry.envelope;
  }

  /** The live-status event of a version; `id` is the tracker's seq of it. */
  frame(id: string, job: JobSnapshot): string {
    const entry = this.of(job);
    entry.frame ??= `id: ${id}\nevent: status\ndata: ${entry.json}\n\n`;
    return entry.frame;
  }
}

/** RFC 9110 `If-None-Match` with weak comparison, as GET uses it. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || (tag.startsWith('W/') ? tag.slice(2) : tag) === opaque;
  });
}
