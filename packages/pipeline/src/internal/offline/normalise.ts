import type { Cita, DatoCuantitativo, Entidad, EntidadNormalizada, Hecho, Relaciones } from '@noticias/contract';
import type { NormalisationOutput } from '../../extractor.ts';
import { contradictions } from './contradictions.ts';
import { foldText } from './fold-text.ts';
import type { Lexicon } from './lexicon.ts';
import type { NameMatcher } from './name-matcher.ts';
import type { TextAnalysis } from './text-analysis.ts';

export interface NormaliseInput {
  analysis: TextAnalysis;
  entities: readonly Entidad[];
  facts: readonly Hecho[];
  quotes: readonly Cita[];
  data: readonly DatoCuantitativo[];
  lexicon: Lexicon;
  names: NameMatcher;
}

/** Phase 4: entities merged by alias and surname, canonical names, relations and contradictions. */
export function normalise(input: NormaliseInput): NormalisationOutput {
  const { entities } = input;
  const groups = groupEntities(entities, input.lexicon);
  const normalised: EntidadNormalizada[] = [];
  const canonicalOf = new Map<number, Entidad>();
  const groupIdOf = new Map<number, number>();
  for (const members of groups) {
    const canonical = pickCanonical(members);
    const id = normalised.length + 1;
    const alias = new Set<string>();
    for (const m of members) {
      if (m.texto_entidad !== canonical.texto_entidad) alias.add(m.texto_entidad);
      for (const a of m.metadata_entidad.alias) alias.add(a);
      canonicalOf.set(m.id_entidad, canonical);
      groupIdOf.set(m.id_entidad, id);
    }
    normalised.push({
      id_entidad_normalizada: id,
      nombre_normalizado: canonical.texto_entidad,
      tipo_entidad: canonical.tipo_entidad,
      alias: [...alias],
      ids_entidades: members.map((m) => m.id_entidad),
    });
  }
  const updatedEntities = entities.map((e) => ({
    ...e,
    nombre_entidad_normalizada: canonicalOf.get(e.id_entidad)?.texto_entidad ?? e.texto_entidad,
    id_entidad_normalizada: groupIdOf.get(e.id_entidad) ?? null,
  }));
  const repOf = new Map<number, number>();
  for (const [id, canonical] of canonicalOf) repOf.set(id, canonical.id_entidad);

  const byText = new Map(entities.map((e) => [e.texto_entidad, e]));
  const updatedQuotes = input.quotes.map((q) => {
    const speaker = q.id_entidad_citada ?? (q.persona_citada ? byText.get(q.persona_citada)?.id_entidad : undefined);
    return speaker === undefined || speaker === null ? q : { ...q, id_entidad_citada: repId(repOf, speaker) };
  });

  const relaciones: Relaciones = {
    hecho_entidad: factEntityRelations(input.facts, updatedQuotes, entities, repOf),
    hecho_hecho: factFactRelations(input.facts, repOf),
    entidad_entidad: entityEntityRelations(entities, byText, input.names, repOf),
    contradicciones: contradictions(input.analysis, input.facts, input.data, input.lexicon),
  };
  const merged = entities.length - normalised.length;
  return {
    fase_4_normalizacion: {
      entidades_normalizadas: normalised,
      resumen_normalizacion:
        `${entities.length} entidades agrupadas en ${normalised.length} entidades normalizadas (${merged} fusionadas por alias o apellido); ` +
        `${relaciones.hecho_entidad.length} relaciones hecho-entidad, ${relaciones.entidad_entidad.length} entidad-entidad, ` +
        `${relaciones.hecho_hecho.length} hecho-hecho y ${relaciones.contradicciones.length} contradicciones.`,
      estado_general_normalizacion: entities.length === 0 ? 'sin_entidades' : 'completado',
      relaciones,
    },
    entidades_extraidas: updatedEntities,
    citas_textuales_extraidas: updatedQuotes,
  };
}

// The id that stands for an entity's group: its canonical member's. (Module-level helpers rather
// than closures: under tsx's keepNames each closure made per call is also renamed per call.)
function repId(repOf: ReadonlyMap<number, number>, id: number): number {
  return repOf.get(id) ?? id;
}

function foldCached(cache: Map<string, string>, s: string): string {
  let f = cache.get(s);
  if (f === undefined) {
    f = foldText(s);
    cache.set(s, f);
  }
  return f;
}

function root(parent: number[], i: number): number {
  while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
  return i;
}

function union(parent: number[], a: number, b: number): void {
  const ra = root(parent, a);
  const rb = root(parent, b);
  if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
}

function groupEntities(entities: readonly Entidad[], lexicon: Lexicon): Entidad[][] {
  const folded = new Map<string, string>();
  const parent = entities.map((_, i) => i);
  const byFolded = new Map<string, number>();
  const surnames = new Map<string, number[]>();
  const orgFirst = new Map<string, number[]>();
  entities.forEach((e, i) => {
    const key = foldCached(folded, e.texto_entidad);
    const same = byFolded.get(key);
    if (same !== undefined) union(parent, same, i);
    else byFolded.set(key, i);
    const text = e.texto_entidad;
    const firstSpace = text.indexOf(' ');
    if (firstSpace < 0) return;
    if (e.tipo_entidad === 'PERSONA') push(surnames, foldCached(folded, text.slice(text.lastIndexOf(' ') + 1)), i);
    if (e.tipo_entidad !== 'ORGANIZACION' && e.tipo_entidad !== 'INSTITUCION') return;
    const first = text.slice(0, firstSpace);
    const firstLower = first.toLowerCase();
    if (!lexicon.organisationHeads.has(firstLower) && !lexicon.institutionHeads.has(firstLower))
      push(orgFirst, foldCached(folded, first), i);
  });
  entities.forEach((e, i) => {
    for (const alias of e.metadata_entidad.alias) {
      const j = byFolded.get(foldCached(folded, alias));
      if (j !== undefined) union(parent, i, j);
    }
    if (e.texto_entidad.includes(' ')) return;
    const key = foldCached(folded, e.texto_entidad);
    // A surname shared by two people stays apart: merging would be a guess.
    const people = surnames.get(key);
    if (people?.length === 1 && e.tipo_entidad === 'PERSONA') union(parent, i, people[0]!);
    const orgs = orgFirst.get(key);
    if (orgs?.length === 1 && e.tipo_entidad !== 'PERSONA' && e.tipo_entidad !== 'LUGAR') union(parent, i, orgs[0]!);
  });
  const groups = new Map<number, Entidad[]>();
  entities.forEach((e, i) => {
    const r = root(parent, i);
    const list = groups.get(r) ?? [];
    list.push(e);
    groups.set(r, list);
  });
  return [...groups.values()];
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}

function wordCount(s: string): number {
  let count = 1;
  for (let at = s.indexOf(' '); at >= 0; at = s.indexOf(' ', at + 1)) count++;
  return count;
}

// The long form names a group best: the most words, then the most characters, then the first.
function pickCanonical(members: readonly Entidad[]): Entidad {
  return members.reduce((best, e) => {
    const a =
      wordCount(e.texto_entidad) - wordCount(best.texto_entidad) || e.texto_entidad.length - best.texto_entidad.length;
    return a > 0 ? e : best;
  });
}

function factEntityRelations(
  facts: readonly Hecho[],
  quotes: readonly Cita[],
  entities: readonly Entidad[],
  repOf: ReadonlyMap<number, number>,
): Relaciones['hecho_entidad'] {
  const typeOf = new Map(entities.map((e) => [e.id_entidad, e.tipo_entidad]));
  const speakers = new Map<number, Set<number>>();
  for (const q of quotes) {
    if (q.metadata_cita.hecho_id !== null && q.id_entidad_citada !== null) {
      const set = speakers.get(q.metadata_cita.hecho_id) ?? new Set();
      set.add(repId(repOf, q.id_entidad_citada));
      speakers.set(q.metadata_cita.hecho_id, set);
    }
  }
  const out: Relaciones['hecho_entidad'] = [];
  for (const fact of facts) {
    const seen = new Set<number>();
    fact.vinculado_a_entidades.forEach((id, position) => {
      const rep = repId(repOf, id);
      if (seen.has(rep)) return;
      seen.add(rep);
      const declares = speakers.get(fact.id_hecho)?.has(rep) ?? false;
      const place = typeOf.get(id) === 'LUGAR';
      const tipo = declares ? 'declarante' : place ? 'lugar' : position === 0 ? 'protagonista' : 'mencionada';
      const relevancia = declares ? 9 : place ? 5 : position === 0 ? 8 : 6;
      out.push({ hecho_id: fact.id_hecho, entidad_id: rep, tipo_relacion: tipo, relevancia_en_hecho: relevancia });
    });
  }
  return out;
}

// Facts that share an entity are linked to the next fact naming it, so the cost stays linear.
function factFactRelations(facts: readonly Hecho[], repOf: ReadonlyMap<number, number>): Relaciones['hecho_hecho'] {
  const lastFactOf = new Map<number, number>();
  const pairs = new Map<string, { a: number; b: number; shared: number }>();
  const sizes = new Map<number, number>();
  for (const fact of facts) {
    const reps = new Set(fact.vinculado_a_entidades.map((id) => repId(repOf, id)));
    sizes.set(fact.id_hecho, reps.size);
    for (const rep of reps) {
      const previous = lastFactOf.get(rep);
      if (previous !== undefined) {
        const key = `${previous}-${fact.id_hecho}`;
        const pair = pairs.get(key) ?? { a: previous, b: fact.id_hecho, shared: 0 };
        pair.shared++;
        pairs.set(key, pair);
      }
      lastFactOf.set(rep, fact.id_hecho);
    }
  }
  return [...pairs.values()].map((p) => ({
    hecho_origen_id: p.a,
    hecho_destino_id: p.b,
    tipo_relacion: 'comparten_entidad',
    fuerza_relacion: Math.round((p.shared / Math.max(1, sizes.get(p.a) ?? 1, sizes.get(p.b) ?? 1)) * 100) / 100,
  }));
}

// "La ministra de Hacienda, Carmen Aguirre": the role names the body the person belongs to.
function entityEntityRelations(
  entities: readonly Entidad[],
  byText: ReadonlyMap<string, Entidad>,
  names: NameMatcher,
  repOf: ReadonlyMap<number, number>,
): Relaciones['entidad_entidad'] {
  const out: Relaciones['entidad_entidad'] = [];
  const seen = new Set<string>();
  for (const e of entities) {
    const role = e.metadata_entidad.descripcion;
    if (e.tipo_entidad !== 'PERSONA' || !role) continue;
    for (const name of names.names(role)) {
      const target = byText.get(name.text);
      if (!target || target.tipo_entidad === 'PERSONA') continue;
      const key = `${repId(repOf, e.id_entidad)}-${repId(repOf, target.id_entidad)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        entidad_origen_id: repId(repOf, e.id_entidad),
        entidad_destino_id: repId(repOf, target.id_entidad),
        tipo_relacion: target.tipo_entidad === 'LUGAR' ? 'cargo_en_lugar' : 'cargo_en',
      });
    }
  }
  return out;
}
