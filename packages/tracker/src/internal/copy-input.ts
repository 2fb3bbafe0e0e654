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

// The tracker keeps its own frozen copies of what callers hand it, with the contract's fields
// only: a caller mutating its object later cannot change a stored job, snapshots can share the
// stored objects without copying on every read, and memory per job stays predictable (a
// caller passing a whole pipeline result where a summary is expected stores only the summary).

const MAX_TITULAR_CHARS = 100;

export function copyMetadata(kind: JobKind, metadata: JobMetadata): Readonly<JobMetadata> {
  if (metadata.tipo !== kind) {
    throw new TrackerError('INVALID_ARGUMENT', `metadata.tipo '${String(metadata.tipo)}' no corresponde al tipo de job '${kind}'`);
  }
  if (metadata.tipo === 'articulo') {
    return Object.freeze({
      tipo: metadata.tipo,
      medio: metadata.medio,
      titular: metadata.titular.slice(0, MAX_TITULAR_CHARS),
      fecha_publicacion: metadata.fecha_publicacion,
      longitud_contenido: metadata.longitud_contenido,
    });
  }
  return Object.freeze({
    tipo: metadata.tipo,
    id_fragmento: metadata.id_fragmento,
    id_articulo_fuente: metadata.id_articulo_fuente,
    longitud_texto: metadata.longitud_texto,
    orden_en_articulo: metadata.orden_en_articulo,
  });
}

export function copyResult(result: JobResultSummary): Readonly<JobResultSummary> {
  const counts = result.elementos_extraidos;
  return Object.freeze({
    fragmento_id: result.fragmento_id,
    fragmento_uuid: result.fragmento_uuid,
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
  return Object.freeze({ tipo: error.tipo, mensaje: error.mensaje, fase: error.fase ?? null });
}

const isPhase = (value: unknown): value is JobProgress['phase'] =>
  (PIPELINE_PHASES as readonly unknown[]).includes(value);

/** Percentages are clamped to 0..100; a non-number percentage or an unknown phase is refused. */
export function copyProgress(update: ProgressUpdate, jobId: string): Readonly<JobProgress> {
  if (typeof update.percentage !== 'number' || Number.isNaN(update.percentage)) {
    throw new TrackerError('INVALID_ARGUMENT', 'progress.percentage debe ser un número', jobId);
  }
  if (update.phase !== undefined && !isPhase(update.phase)) {
    throw new TrackerError('INVALID_ARGUMENT', `progress.phase '${String(update.phase)}' no es una fase del pipeline`, jobId);
  }
  const progress: JobProgress = {
    percentage: Math.min(100, Math.max(0, update.percentage)),
    message: String(update.message),
  };
  // Absent extras stay absent rather than `undefined`, so snapshots compare and serialize alike.
  if (update.phase !== undefined) progress.phase = update.phase;
  if (update.phase_index !== undefined) progress.phase_index = update.phase_index;
  if (update.phase_count !== undefined) progress.phase_count = update.phase_count;
  return Object.freeze(progress);
}
