import { z } from 'zod';

export const JOB_STATUSES = ['pending', 'processing', 'completed', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const JobStatusSchema = z.enum(JOB_STATUSES);

export type JobKind = 'articulo' | 'fragmento';

export function isTerminalStatus(status: JobStatus): boolean {
  return status === 'completed' || status === 'failed';
}

/** The four pipeline phases, in order. Progress reports name them by these keys. */
export const PIPELINE_PHASES = ['triaje', 'extraccion', 'citas_datos', 'normalizacion'] as const;
export type PipelinePhase = (typeof PIPELINE_PHASES)[number];

export const PROGRESS_MESSAGES = {
  pending: 'Job en cola, esperando procesamiento',
  completed: 'Procesamiento completado exitosamente',
  failed: 'Procesamiento falló con errores',
} as const;

// The zod schemas are the one description of a snapshot: the types below are inferred from them
// and the server generates the `/status` serializer and the OpenAPI document from them. Nothing
// parses snapshots with them. Key order is the order the tracker builds snapshots in (and the
// order the serializer writes), so keep the two in step.

export const PipelinePhaseSchema = z.enum(PIPELINE_PHASES);
const isoDateTime = z.iso.datetime();
const count = z.number().int().nonnegative();

export const JobProgressSchema = z.object({
  percentage: z.number().min(0).max(100),
  message: z.string(),
  /** Extras added over the old service; absent while pending. */
  phase: PipelinePhaseSchema.optional(),
  phase_index: z.number().int().optional(),
  phase_count: z.number().int().optional(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const JobResultSummarySchema = z.object({
  fragmento_id: z.string(),
  fragmento_uuid: z.string(),
  tiempo_procesamiento_segundos: z.number(),
  elementos_extraidos: z.object({ hechos: count, entidades: count, citas: count, datos_cuantitativos: count }),
});
export type JobResultSummary = z.infer<typeof JobResultSummarySchema>;

export const JobErrorSchema = z.object({
  tipo: z.string(),
  mensaje: z.string(),
  fase: PipelinePhaseSchema.nullable(),
  timestamp: isoDateTime,
});
export type JobError = z.infer<typeof JobErrorSchema>;

export const ArticleJobMetadataSchema = z.object({
  tipo: z.literal('articulo'),
  medio: z.string(),
  titular: z.string(),
  fecha_publicacion: z.string(),
  longitud_contenido: count,
});
export type ArticleJobMetadata = z.infer<typeof ArticleJobMetadataSchema>;

export const FragmentJobMetadataSchema = z.object({
  tipo: z.literal('fragmento'),
  id_fragmento: z.string(),
  id_articulo_fuente: z.string(),
  longitud_texto: count,
  orden_en_articulo: z.number().int().nullable(),
});
export type FragmentJobMetadata = z.infer<typeof FragmentJobMetadataSchema>;

/** Added when a job ends. */
export const JobTimingMetadataSchema = z.object({
  started_at: isoDateTime.optional(),
  finished_at: isoDateTime.optional(),
  duracion_segundos: z.number().optional(),
});
export type JobTimingMetadata = z.infer<typeof JobTimingMetadataSchema>;

export const JobMetadataSchema = z.discriminatedUnion('tipo', [
  ArticleJobMetadataSchema.extend(JobTimingMetadataSchema.shape),
  FragmentJobMetadataSchema.extend(JobTimingMetadataSchema.shape),
]);
export type JobMetadata = z.infer<typeof JobMetadataSchema>;

/** What `getStatus` and `GET /status/{job_id}` (as `data`) return. */
export const JobSnapshotSchema = z.object({
  job_id: z.string(),
  status: JobStatusSchema,
  created_at: isoDateTime,
  updated_at: isoDateTime,
  progress: JobProgressSchema,
  /** Completed jobs only. */
  result: JobResultSummarySchema.optional(),
  /** Failed jobs only. */
  error: JobErrorSchema.optional(),
  metadata: JobMetadataSchema.optional(),
});
export type JobSnapshot = z.infer<typeof JobSnapshotSchema>;

/** One change of a job as the event feed delivers it; `seq` grows by one per change of that job. */
export interface JobEvent {
  seq: number;
  snapshot: JobSnapshot;
}

/** `req_` + 24+ lowercase hex characters. */
export const JOB_ID_PATTERN = /^req_[0-9a-z]{24,64}$/;
export const JobIdSchema = z.string().regex(JOB_ID_PATTERN);
