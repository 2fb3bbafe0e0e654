// The result tree of one processed fragment or article, with the old service's field names.
// Plain types: the pipeline produces these and nobody parses them from untrusted input (the LLM
// extractor validates its own answers with its own schemas).

export type TipoHecho = 'SUCESO' | 'ANUNCIO' | 'DECLARACION' | 'BIOGRAFIA' | 'CONCEPTO' | 'NORMATIVA' | 'EVENTO';
export type TipoEntidad = 'PERSONA' | 'ORGANIZACION' | 'INSTITUCION' | 'LUGAR' | 'EVENTO' | 'NORMATIVA' | 'CONCEPTO';
export type CategoriaDato =
  | 'económico'
  | 'demográfico'
  | 'electoral'
  | 'social'
  | 'presupuestario'
  | 'sanitario'
  | 'ambiental'
  | 'conflicto'
  | 'otro';
export type DecisionTriaje = 'PROCESAR' | 'CONSIDERAR' | 'DESCARTAR';

export interface Hecho {
  id_hecho: number;
  texto_original_del_hecho: string;
  confianza_extraccion: number;
  offset_inicio_hecho: number;
  offset_fin_hecho: number;
  metadata_hecho: {
    tipo_hecho: TipoHecho;
    precision_temporal: string;
    fecha: { inicio: string | null; fin: string | null };
    pais: string[];
    region: string[];
    ciudad: string[];
    es_futuro: boolean;
  };
  vinculado_a_entidades: number[];
}

export interface Entidad {
  id_entidad: number;
  texto_entidad: string;
  tipo_entidad: TipoEntidad;
  relevancia_entidad: number;
  offset_inicio_entidad: number;
  offset_fin_entidad: number;
  metadata_entidad: { alias: string[]; descripcion: string | null };
  nombre_entidad_normalizada: string | null;
  id_entidad_normalizada: number | null;
}

export interface Cita {
  id_cita: number;
  texto_cita: string;
  persona_citada: string | null;
  id_entidad_citada: number | null;
  offset_inicio_cita: number;
  offset_fin_cita: number;
  contexto_cita: string;
  metadata_cita: { hecho_id: number | null; relevancia: number };
}

export interface DatoCuantitativo {
  id_dato_cuantitativo: number;
  descripcion_dato: string;
  valor_dato: number;
  unidad_dato: string | null;
  fecha_dato: string | null;
  offset_inicio_dato: number;
  offset_fin_dato: number;
  metadata_dato: {
    categoria: CategoriaDato;
    tipo_periodo: string | null;
    tendencia: string | null;
    variacion_porcentual: number | null;
    ambito_geografico: string[];
  };
}

export interface EntidadNormalizada {
  id_entidad_normalizada: number;
  nombre_normalizado: string;
  tipo_entidad: TipoEntidad;
  alias: string[];
  ids_entidades: number[];
}

export interface Relaciones {
  hecho_entidad: { hecho_id: number; entidad_id: number; tipo_relacion: string; relevancia_en_hecho: number }[];
  hecho_hecho: { hecho_origen_id: number; hecho_destino_id: number; tipo_relacion: string; fuerza_relacion: number }[];
  entidad_entidad: { entidad_origen_id: number; entidad_destino_id: number; tipo_relacion: string }[];
  contradicciones: {
    hecho_principal_id: number;
    hecho_contradictorio_id: number;
    tipo_contradiccion: string;
    grado_contradiccion: number;
  }[];
}

export interface Fase1Triaje {
  es_relevante: boolean;
  decision_triaje: DecisionTriaje;
  justificacion_triaje: string;
  categoria_principal: string;
  palabras_clave_triaje: string[];
  puntuacion_triaje: number;
  idioma_detectado: string;
  texto_para_siguiente_fase: string;
  [extra: string]: unknown;
}

export interface Fase2Extraccion {
  hechos_extraidos: Hecho[];
  entidades_extraidas: Entidad[];
  resumen_extraccion: string;
  advertencias_extraccion: string[];
  [extra: string]: unknown;
}

export interface Fase3CitasDatos {
  citas_textuales_extraidas: Cita[];
  datos_cuantitativos_extraidos: DatoCuantitativo[];
  advertencias_citas_datos: string[];
  [extra: string]: unknown;
}

export interface Fase4Normalizacion {
  entidades_normalizadas: EntidadNormalizada[];
  resumen_normalizacion: string;
  estado_general_normalizacion: string;
  relaciones: Relaciones;
  [extra: string]: unknown;
}

export interface PipelineMetrics {
  tiempos_fases: { fase1: number; fase2: number; fase3: number; fase4: number };
  conteos_elementos: {
    hechos_extraidos: number;
    entidades_extraidas: number;
    citas_extraidas: number;
    datos_cuantitativos: number;
    entidades_normalizadas: number;
    relaciones_hecho_hecho: number;
    relaciones_entidad_entidad: number;
    contradicciones: number;
  };
  tasas_exito: { fase1: boolean; fase2: boolean; fase3: boolean; fase4: boolean };
  tiempo_total_segundos: number;
  tasa_exito_general: number;
}

export interface FragmentResult {
  fragmento_id: string;
  fragmento_uuid: string;
  request_id: string;
  fase_1_triaje: Fase1Triaje;
  fase_2_extraccion: Fase2Extraccion;
  fase_3_citas_datos: Fase3CitasDatos;
  fase_4_normalizacion: Fase4Normalizacion;
  procesamiento_exitoso: boolean;
  procesamiento_parcial: boolean;
  advertencias: string[];
  timestamp: string;
  metricas: PipelineMetrics;
}

export interface ArticleResult extends FragmentResult {
  tipo_procesamiento: 'articulo_completo';
  articulo_original: { medio: string; titular: string; fecha_publicacion: string; url: string | null };
  numero_fragmentos: 1;
  tiempo_procesamiento_articulo: number;
  metricas_contenido: {
    longitud_caracteres: number;
    es_articulo_largo: boolean;
    threshold_articulo_largo: number;
    tiempo_por_caracter_ms: number;
  };
}

export type PipelineResult = FragmentResult | ArticleResult;
