import type {
  Cita,
  Entidad,
  Fase1Triaje,
  Fase2Extraccion,
  Fase3CitasDatos,
  Fase4Normalizacion,
  PipelinePhase,
} from '@noticias/contract';

/** What every phase sees of the input: the text that offsets point into, and the article's metadata. */
export interface PipelineDocument {
  /** The input text (`contenido_texto` or the cleaned `texto_original`); every offset points into it. */
  text: string;
  title: string | null;
  /** `idioma` as declared by the caller, if any. */
  declaredLanguage: string | null;
  isOpinion: boolean;
  /** ISO date or date-time; relative dates ("este martes") are resolved against it. */
  publishedAt: string | null;
  section: string | null;
  /** `pais_publicacion`, used to tell which "pesos" a text means. */
  country: string | null;
  tags: string[];
}

/** A phase gets the document and whatever earlier phases produced (absent when one of them failed). */
export interface PhaseInput {
  document: PipelineDocument;
  triaje?: Fase1Triaje | undefined;
  extraccion?: Fase2Extraccion | undefined;
  citas_datos?: Fase3CitasDatos | undefined;
}

/** Phase 4 links items of earlier phases, so it hands back the entities and quotes it completed. */
export interface NormalisationOutput {
  fase_4_normalizacion: Fase4Normalizacion;
  entidades_extraidas: Entidad[];
  citas_textuales_extraidas: Cita[];
}

export interface PhaseOutputs {
  triaje: Fase1Triaje;
  extraccion: Fase2Extraccion;
  citas_datos: Fase3CitasDatos;
  normalizacion: NormalisationOutput;
}

export interface PhaseResult<P extends PipelinePhase> {
  value: PhaseOutputs[P];
  /** Lines for the result's `advertencias` (a fallback taken, items dropped). */
  warnings: string[];
}

/** Does the work of each phase. Implementations must return structured-clone-safe values. */
export interface Extractor {
  readonly kind: 'offline' | 'llm';
  runPhase<P extends PipelinePhase>(phase: P, input: PhaseInput, signal?: AbortSignal): Promise<PhaseResult<P>>;
  close?(): Promise<void>;
}
