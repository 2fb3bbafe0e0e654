import {
  PIPELINE_PHASES,
  type JobError,
  type JobKind,
  type JobMetadata,
  type JobProgress,
  type JobResultSummary,
} from '@noticias/contract';
import type { ProgressUpdate } from '../job-tracker.ts';
import { TrackerError } from '../tracker-error.ts';
import { flat } from './flat-string.ts';

// The tracker keeps its own frozen copies of what callers hand it, with the contract's fields
// only: a caller mutating its object later cannot change a stored job, snapshots can share the
// stored objects without copying on every read, and memory per job stays predictable (a
// caller passing a whole pipeline result where a summary is expected stores only the summary).

const MAX_TITULAR_CHARS = 100;

export function copyMetadata(kind: JobKind, metadata: JobMetadata): Readonly<JobMetadata> {
  if (metadata.tipo !== kind) {
    throw new TrackerError(
      'INVALID_ARGUMENT',
      `metadata.tipo '${String(metadata.tipo)}' no corresponde al tipo de job '${kind}'`,
    );
  }
  if (metadata.tipo === 'articulo') {
    return Object.freeze({
      tipo: metadata.tipo,
      medio: flat(metadata.medio),
      titular: flat(metadata.titular.slice(0, MAX_TITULAR_CHARS)),
      fecha_publicacion: flat(metadata.fecha_publicacion),
      longitud_contenido: metadata.longitud_contenido,
    });
  }
  return Object.freeze({
    tipo: metadata.tipo,
    id_fragmento: flat(metadata.id_fragmento),
    id_articulo_fuente: flat(metadata.id_articulo_fuente),
    longitud_texto: metadata.longitud_texto,
    orden_en_articulo: metadata.orden_en_articulo,
  });
}

/** A fragment's result names the fragment again: the copy shares the metadata's string. */
export function copyResult(result: JobResultSummary, metadata: Readonly<JobMetadata>): Readonly<JobResultSummary> {
  const counts = result.elementos_extraidos;
  const sameFragment = metadata.tipo === 'fragmento' && metadata.id_fragmento === result.fragmento_id;
  return Object.freeze({
    fragmento_id: sameFragment ? metadata.id_fragmento : flat(result.fragmento_id),
    fragmento_uuid: flat(result.fragmento_uuid),
    tiempo_procesamiento_segundos: result.tiempo_procesamiento_segundos,
    elementos_extraidos: Object.freeze({
      hechos: counts.hechos,
      entidades: counts.entidades,
      citas: counts.citas,
      datos_cuantitativos: counts.datos_cuantitativos,
    }),
  });
}

export function copyError(error: Omit<JobError, 'timestamp'>): Readonly<Omit<JobError, 'timestamp'>> {
  return Object.freeze({ tipo: flat(error.tipo), mensaje: flat(error.mensaje), fase: error.fase ?? null });
}

const isPhase = (value: unknown): value is JobProgress['phase'] =>
  (PIPELINE_PHASES as readonly unknown[]).includes(value);

/** Percentages are clamped to 0..100; a non-number percentage or an unknown phase is refused. */
export function copyProgress(update: ProgressUpdate, jobId: string): Readonly<JobProgress> {
  if (typeof update.percentage !== 'number' || Number.isNaN(update.percentage)) {
    throw new TrackerError('INVALID_ARGUMENT', 'progress.percentage debe ser un número', jobId);
  }
  if (update.phase !== undefined && !isPhase(update.phase)) {
    throw new TrackerError(
      'INVALID_ARGUMENT',
      `progress.phase '${String(update.phase)}' no es una fase del pipeline`,
      jobId,
    );
  }
  const progress: JobProgress = {
    percentage: Math.min(100, Math.max(0, update.percentage)),
    message: flat(String(update.message)),
  };
  // Absent extras stay absent rather than `undefined`, so snapshots compare and serialize alike.
  if (update.phase !== undefined) progress.phase = update.phase;
  if (update.phase_index !== undefined) progress.phase_index = update.phase_index;
  if (update.phase_count !== undefined) progress.phase_count = update.phase_count;
  return Object.freeze(progress);
}
