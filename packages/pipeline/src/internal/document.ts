import type { PipelineDocument } from '../extractor.ts';
import type { PipelineInput } from '../pipeline.ts';

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

export function toDocument(input: PipelineInput): PipelineDocument {
  if (input.kind === 'articulo') {
    const a = input.article;
    return {
      text: a.contenido_texto,
      title: a.titular,
      declaredLanguage: a.idioma,
      isOpinion: a.es_opinion,
      publishedAt: a.fecha_publicacion,
      section: a.seccion ?? null,
      country: a.pais_publicacion,
      tags: [...a.etiquetas_fuente],
    };
  }
  const meta = input.fragment.metadata_adicional;
  return {
    text: input.fragment.texto_original,
    title: text(meta.titulo_documento) ?? text(meta.titulo),
    declaredLanguage: text(meta.idioma),
    isOpinion: false,
    publishedAt: text(meta.fecha_publicacion) ?? text(meta.fecha),
    section: null,
    country: text(meta.pais) ?? text(meta.pais_publicacion),
    tags: [],
  };
}

/** `id_fragmento` of the one fragment an article is processed as. */
export function fragmentId(input: PipelineInput): string {
  if (input.kind === 'fragmento') return input.fragment.id_fragmento;
  return input.article.url ? `${input.article.url}_fragmento_unico` : `${input.requestId}_fragmento_unico`;
}
