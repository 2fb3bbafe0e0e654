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

export interface JobProgress {
  percentage: number;
  message: string;
  /** Extras added over the old service; absent while pending. */
  phase?: PipelinePhase | undefined;
  phase_index?: number | undefined;
  phase_count?: number | undefined;
}

export interface JobResultSummary {
  fragmento_id: string;
  fragmento_uuid: string;
  tiempo_procesamiento_segundos: number;
  elementos_extraidos: {
    hechos: number;
    entidades: number;
    citas: number;
    datos_cuantitativos: number;
  };
}

export interface JobError {
  tipo: string;
  mensaje: string;
  fase: PipelinePhase | null;
  timestamp: string;
}

export interface ArticleJobMetadata {
  tipo: 'articulo';
  medio: string;
  titular: string;
  fecha_publicacion: string;
  longitud_contenido: number;
}

export interface FragmentJobMetadata {
  tipo: 'fragmento';
  id_fragmento: string;
  id_articulo_fuente: string;
  longitud_texto: number;
  orden_en_articulo: number | null;
}

/** Added when a job ends. */
export interface JobTimingMetadata {
  started_at?: string | undefined;
  finished_at?: string | undefined;
  duracion_segundos?: number | undefined;
}

export type JobMetadata = (ArticleJobMetadata | FragmentJobMetadata) & JobTimingMetadata;

/** What `getStatus` and `GET /status/{job_id}` (as `data`) return. */
export interface JobSnapshot {
  job_id: string;
  status: JobStatus;
  created_at: string;
  updated_at: string;
  progress: JobProgress;
  result?: JobResultSummary | undefined;
  error?: JobError | undefined;
  metadata?: JobMetadata | undefined;
}

/** One change of a job as the event feed delivers it; `seq` grows by one per change of that job. */
export interface JobEvent {
  seq: number;
  snapshot: JobSnapshot;
}

/** `req_` + 24+ lowercase hex characters. */
export const JOB_ID_PATTERN = /^req_[0-9a-z]{24,64}$/;
export const JobIdSchema = z.string().regex(JOB_ID_PATTERN);
