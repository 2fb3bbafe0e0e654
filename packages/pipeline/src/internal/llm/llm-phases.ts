import type {
  Cita,
  DatoCuantitativo,
  Entidad,
  Fase1Triaje,
  Fase2Extraccion,
  Fase3CitasDatos,
  Hecho,
} from '@noticias/contract';
import type { z } from 'zod';
import type { NormalisationOutput, PhaseInput } from '../../extractor.ts';
import { findSpan, splitSentences } from '../offline/sentences.ts';
import { cleanText } from '../offline/text-cleaning.ts';
import { locate } from './locate.ts';
import * as P from './llm-prompts.ts';
import * as S from './llm-schemas.ts';

/** Sends one prompt and returns the parsed JSON answer (throws on transport or JSON errors). */
export type Ask = (prompt: string, signal?: AbortSignal) => Promise<unknown>;

export interface LlmPhaseOutput<T> {
  value: T;
  warnings: string[];
}

function parse<T>(schema: z.ZodType<T>, answer: unknown, what: string): T {
  const parsed = schema.safeParse(answer);
  if (!parsed.success) throw new Error(`respuesta del modelo sin la forma esperada para ${what}`);
  return parsed.data;
}

const dropWarning = (dropped: number, what: string): string[] =>
  dropped > 0 ? [`${dropped} ${what} descartados: forma inválida en la respuesta del modelo`] : [];

export async function llmTriage(
  input: PhaseInput,
  ask: Ask,
  signal?: AbortSignal,
): Promise<LlmPhaseOutput<Fase1Triaje>> {
  const text = cleanText(input.document.text);
  const answer = parse(S.TriageAnswer, await ask(P.triagePrompt(text, input.document.title), signal), 'el triaje');
  const { tipo_articulo, ...rest } = answer;
  return {
    value: { ...rest, tipo_articulo: tipo_articulo ?? 'noticia', texto_para_siguiente_fase: text },
    warnings: [],
  };
}

export async function llmExtraction(
  input: PhaseInput,
  ask: Ask,
  signal?: AbortSignal,
): Promise<LlmPhaseOutput<Fase2Extraccion>> {
  const source = input.document.text;
  const lower = source.toLowerCase();
  const answer = parse(S.ExtractionAnswer, await ask(P.extractionPrompt(cleanText(source)), signal), 'la extracción');
  const facts = S.validItems(answer.hechos, S.FactItem);
  const entities = S.validItems(answer.entidades, S.EntityItem);
  let unlocated = 0;
  const entidades: Entidad[] = [];
  for (const e of entities.items) {
    const at = locate(source, lower, e.texto);
    if (!at || entidades.some((x) => x.texto_entidad === e.texto)) {
      unlocated += at ? 0 : 1;
      continue;
    }
    entidades.push({
      id_entidad: entidades.length + 1,
      texto_entidad: source.slice(at.start, at.end),
      tipo_entidad: e.tipo,
      relevancia_entidad: e.relevancia ?? 0.5,
      offset_inicio_entidad: at.start,
      offset_fin_entidad: at.end,
      metadata_entidad: { alias: e.alias, descripcion: e.descripcion },
      nombre_entidad_normalizada: null,
      id_entidad_normalizada: null,
    });
  }
  const hechos: Hecho[] = [];
  let cursor = 0;
  for (const f of facts.items) {
    const at = locate(source, lower, f.texto, cursor);
    if (!at) {
      unlocated++;
      continue;
    }
    cursor = at.end;
    const factText = source.slice(at.start, at.end);
    hechos.push({
      id_hecho: hechos.length + 1,
      texto_original_del_hecho: factText,
      confianza_extraccion: f.confianza ?? 0.7,
      offset_inicio_hecho: at.start,
      offset_fin_hecho: at.end,
      metadata_hecho: {
        tipo_hecho: f.tipo_hecho,
        precision_temporal: f.precision_temporal ?? (f.fecha_inicio ? 'dia' : 'sin_fecha'),
        fecha: { inicio: f.fecha_inicio, fin: f.fecha_fin },
        pais: f.pais,
        region: f.region,
        ciudad: f.ciudad,
        es_futuro: f.es_futuro ?? false,
      },
      vinculado_a_entidades: entidades.filter((e) => factText.includes(e.texto_entidad)).map((e) => e.id_entidad),
    });
  }
  const warnings = [
    ...dropWarning(facts.dropped, 'hechos'),
    ...dropWarning(entities.dropped, 'entidades'),
    ...(unlocated > 0 ? [`${unlocated} elementos descartados: su texto no aparece literalmente en la entrada`] : []),
  ];
  return {
    value: {
      hechos_extraidos: hechos,
      entidades_extraidas: entidades,
      resumen_extraccion: `${hechos.length} hechos y ${entidades.length} entidades extraídos por el modelo.`,
      advertencias_extraccion: warnings,
    },
    warnings,
  };
}

export async function llmQuotesAndData(
  input: PhaseInput,
  ask: Ask,
  signal?: AbortSignal,
): Promise<LlmPhaseOutput<Fase3CitasDatos>> {
  const source = input.document.text;
  const lower = source.toLowerCase();
  const answer = parse(
    S.QuotesDataAnswer,
    await ask(P.quotesDataPrompt(cleanText(source)), signal),
    'las citas y datos',
  );
  const quotes = S.validItems(answer.citas, S.QuoteItem);
  const data = S.validItems(answer.datos, S.DataItem);
  const sentences = splitSentences(source);
  const facts = input.extraccion?.hechos_extraidos ?? [];
  const factSpans = facts.map((f) => ({ start: f.offset_inicio_hecho, end: f.offset_fin_hecho }));
  const entities = input.extraccion?.entidades_extraidas ?? [];
  let unlocated = 0;
  const citas: Cita[] = [];
  for (const q of quotes.items) {
    const at = locate(source, lower, q.texto);
    if (!at) {
      unlocated++;
      continue;
    }
    const sentence = sentences[findSpan(sentences, at.start)] ?? at;
    const speaker = q.persona_citada
      ? entities.find((e) => e.texto_entidad === q.persona_citada || e.texto_entidad.endsWith(` ${q.persona_citada}`))
      : undefined;
    citas.push({
      id_cita: citas.length + 1,
      texto_cita: source.slice(at.start, at.end),
      persona_citada: q.persona_citada,
      id_entidad_citada: speaker?.id_entidad ?? null,
      offset_inicio_cita: at.start,
      offset_fin_cita: at.end,
      contexto_cita: source.slice(Math.min(sentence.start, at.start), Math.max(sentence.end, at.end)),
      metadata_cita: {
        hecho_id: facts[findSpan(factSpans, at.start)]?.id_hecho ?? null,
        relevancia: q.relevancia ?? 3,
      },
    });
  }
  const datos: DatoCuantitativo[] = [];
  for (const d of data.items) {
    const at = locate(source, lower, d.texto);
    if (!at) {
      unlocated++;
      continue;
    }
    datos.push({
      id_dato_cuantitativo: datos.length + 1,
      descripcion_dato: d.descripcion ?? d.texto,
      valor_dato: d.valor,
      unidad_dato: d.unidad,
      fecha_dato: d.fecha,
      offset_inicio_dato: at.start,
      offset_fin_dato: at.end,
      metadata_dato: {
        categoria: d.categoria,
        tipo_periodo: d.tipo_periodo,
        tendencia: d.tendencia,
        variacion_porcentual: d.variacion_porcentual ?? null,
        ambito_geografico: d.ambito_geografico,
      },
    });
  }
  const warnings = [
    ...dropWarning(quotes.dropped, 'citas'),
    ...dropWarning(data.dropped, 'datos'),
    ...(unlocated > 0 ? [`${unlocated} elementos descartados: su texto no aparece literalmente en la entrada`] : []),
  ];
  return {
    value: {
      citas_textuales_extraidas: citas,
      datos_cuantitativos_extraidos: datos,
      advertencias_citas_datos: warnings,
    },
    warnings,
  };
}

export async function llmNormalisation(
  input: PhaseInput,
  ask: Ask,
  signal?: AbortSignal,
): Promise<LlmPhaseOutput<NormalisationOutput>> {
  const entities = input.extraccion?.entidades_extraidas ?? [];
  const facts = input.extraccion?.hechos_extraidos ?? [];
  const quotes = input.citas_datos?.citas_textuales_extraidas ?? [];
  const data = input.citas_datos?.datos_cuantitativos_extraidos ?? [];
  const factSpans = facts.map((f) => ({ start: f.offset_inicio_hecho, end: f.offset_fin_hecho }));
  const prompt = P.normalisationPrompt(
    entities.map((e) => `${e.id_entidad}: ${e.texto_entidad} [${e.tipo_entidad}]`).join('\n'),
    facts.map((f) => `${f.id_hecho}: ${f.texto_original_del_hecho}`).join('\n'),
    data
      .map(
        (d) =>
          `${facts[findSpan(factSpans, d.offset_inicio_dato)]?.id_hecho ?? '-'}: ${d.descripcion_dato} = ${d.valor_dato} ${d.unidad_dato ?? ''}`,
      )
      .join('\n'),
  );
  const answer = parse(S.NormalisationAnswer, await ask(prompt, signal), 'la normalización');
  const entityIds = new Set(entities.map((e) => e.id_entidad));
  const factIds = new Set(facts.map((f) => f.id_hecho));
  const groups = S.validItems(answer.grupos, S.GroupItem);
  const ee = S.validItems(answer.entidad_entidad, S.EntityRelationItem);
  const hh = S.validItems(answer.hecho_hecho, S.FactRelationItem);
  const cc = S.validItems(answer.contradicciones, S.ContradictionItem);
  let badIds = 0;
  const groupOf = new Map<number, number>();
  const normalised: NormalisationOutput['fase_4_normalizacion']['entidades_normalizadas'] = [];
  const addGroup = (name: string, ids: number[]): void => {
    const first = entities.find((e) => e.id_entidad === ids[0]);
    if (!first) return;
    const id = normalised.length + 1;
    for (const i of ids) groupOf.set(i, id);
    const alias = entities
      .filter((e) => ids.includes(e.id_entidad) && e.texto_entidad !== name)
      .map((e) => e.texto_entidad);
    normalised.push({
      id_entidad_normalizada: id,
      nombre_normalizado: name,
      tipo_entidad: first.tipo_entidad,
      alias,
      ids_entidades: ids,
    });
  };
  for (const g of groups.items) {
    const ids = [...new Set(g.ids_entidades)].filter((i) => entityIds.has(i) && !groupOf.has(i));
    if (ids.length !== g.ids_entidades.length) badIds++;
    if (ids.length) addGroup(g.nombre_normalizado, ids);
  }
  for (const e of entities) if (!groupOf.has(e.id_entidad)) addGroup(e.texto_entidad, [e.id_entidad]);
  const nameOf = new Map(normalised.map((n) => [n.id_entidad_normalizada, n.nombre_normalizado]));
  const keep = <T>(list: T[], ok: (item: T) => boolean): T[] =>
    list.filter((item) => (ok(item) ? true : (badIds++, false)));
  const relaciones = {
    hecho_entidad: facts.flatMap((f) =>
      f.vinculado_a_entidades.map((entidad_id, i) => ({
        hecho_id: f.id_hecho,
        entidad_id,
        tipo_relacion: i === 0 ? 'protagonista' : 'mencionada',
        relevancia_en_hecho: i === 0 ? 8 : 6,
      })),
    ),
    hecho_hecho: keep(hh.items, (r) => factIds.has(r.hecho_origen_id) && factIds.has(r.hecho_destino_id)),
    entidad_entidad: keep(ee.items, (r) => entityIds.has(r.entidad_origen_id) && entityIds.has(r.entidad_destino_id)),
    contradicciones: keep(cc.items, (r) => factIds.has(r.hecho_principal_id) && factIds.has(r.hecho_contradictorio_id)),
  };
  const warnings = [
    ...dropWarning(groups.dropped + ee.dropped + hh.dropped + cc.dropped, 'grupos o relaciones'),
    ...(badIds > 0 ? [`${badIds} grupos o relaciones con ids inexistentes descartados o corregidos`] : []),
  ];
  const byEntity = new Map(entities.map((e) => [e.texto_entidad, e.id_entidad]));
  return {
    value: {
      fase_4_normalizacion: {
        entidades_normalizadas: normalised,
        resumen_normalizacion: `${entities.length} entidades agrupadas en ${normalised.length} entidades normalizadas por el modelo.`,
        estado_general_normalizacion: entities.length === 0 ? 'sin_entidades' : 'completado',
        relaciones,
      },
      entidades_extraidas: entities.map((e) => {
        const group = groupOf.get(e.id_entidad) ?? null;
        return {
          ...e,
          id_entidad_normalizada: group,
          nombre_entidad_normalizada: group ? (nameOf.get(group) ?? null) : null,
        };
      }),
      citas_textuales_extraidas: quotes.map((q) => ({
        ...q,
        id_entidad_citada: q.id_entidad_citada ?? (q.persona_citada ? (byEntity.get(q.persona_citada) ?? null) : null),
      })),
    },
    warnings,
  };
}
