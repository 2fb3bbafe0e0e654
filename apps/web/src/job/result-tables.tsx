import type { PipelineResult } from '@noticias/client';
import { memo, useEffect, useRef, type ReactNode } from 'react';
import { spanKey, type SpanKind } from './text-spans.ts';

interface Column<T> {
  title: string;
  cell: (item: T) => ReactNode;
}

interface TableProps<T> {
  caption: string;
  testId: string;
  items: readonly T[];
  id: (item: T) => number;
  kind?: SpanKind;
  columns: Column<T>[];
  selected: string | null;
  onSelect: (key: string) => void;
}

const position = (start: number, end: number) => `${start}–${end}`;
const score = (value: number) => value.toLocaleString('es-ES', { maximumFractionDigits: 2 });

function ResultTable<T>({ caption, testId, items, id, kind, columns, selected, onSelect }: TableProps<T>) {
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    if (!selected || !kind || !selected.startsWith(`${kind}-`)) return;
    body.current?.querySelector(`[data-key="${selected}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selected, kind]);

  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <caption>
          {caption} ({items.length})
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            {columns.map((c) => (
              <th scope="col" key={c.title}>
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody ref={body}>
          {items.map((item) => {
            const key = kind ? spanKey(kind, id(item)) : undefined;
            const isSelected = key !== undefined && key === selected;
            return (
              <tr key={id(item)} data-key={key} className={isSelected ? 'row-selected' : undefined}>
                <td>
                  {key ? (
                    <button
                      type="button"
                      aria-pressed={isSelected}
                      onClick={() => onSelect(key)}
                      aria-label={`Ver ${caption.toLowerCase()} ${id(item)} en el texto`}
                    >
                      {id(item)}
                    </button>
                  ) : (
                    id(item)
                  )}
                </td>
                {columns.map((c) => (
                  <td key={c.title}>{c.cell(item)}</td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

type Fase2 = PipelineResult['fase_2_extraccion'];
type Fase3 = PipelineResult['fase_3_citas_datos'];
type Hecho = Fase2['hechos_extraidos'][number];
type Entidad = Fase2['entidades_extraidas'][number];
type Cita = Fase3['citas_textuales_extraidas'][number];
type Dato = Fase3['datos_cuantitativos_extraidos'][number];

export const ResultTables = memo(function ResultTables({
  result,
  selected,
  onSelect,
}: {
  result: PipelineResult;
  selected: string | null;
  onSelect: (key: string) => void;
}) {
  const common = { selected, onSelect };
  return (
    <div className="result-tables">
      <ResultTable<Hecho>
        {...common}
        caption="Hechos"
        testId="tabla-hechos"
        items={result.fase_2_extraccion.hechos_extraidos}
        id={(h) => h.id_hecho}
        columns={[
          { title: 'Hecho', cell: (h) => h.texto_original_del_hecho },
          { title: 'Tipo', cell: (h) => h.metadata_hecho.tipo_hecho },
          { title: 'Confianza', cell: (h) => score(h.confianza_extraccion) },
        ]}
      />
      <ResultTable<Entidad>
        {...common}
        caption="Entidades"
        testId="tabla-entidades"
        kind="entidad"
        items={result.fase_2_extraccion.entidades_extraidas}
        id={(e) => e.id_entidad}
        columns={[
          { title: 'Entidad', cell: (e) => e.texto_entidad },
          { title: 'Tipo', cell: (e) => e.tipo_entidad },
          { title: 'Relevancia', cell: (e) => score(e.relevancia_entidad) },
          { title: 'Posición', cell: (e) => position(e.offset_inicio_entidad, e.offset_fin_entidad) },
        ]}
      />
      <ResultTable<Cita>
        {...common}
        caption="Citas"
        testId="tabla-citas"
        kind="cita"
        items={result.fase_3_citas_datos.citas_textuales_extraidas}
        id={(c) => c.id_cita}
        columns={[
          { title: 'Cita', cell: (c) => c.texto_cita },
          { title: 'Persona', cell: (c) => c.persona_citada ?? '—' },
          { title: 'Posición', cell: (c) => position(c.offset_inicio_cita, c.offset_fin_cita) },
        ]}
      />
      <ResultTable<Dato>
        {...common}
        caption="Datos"
        testId="tabla-datos"
        kind="dato"
        items={result.fase_3_citas_datos.datos_cuantitativos_extraidos}
        id={(d) => d.id_dato_cuantitativo}
        columns={[
          { title: 'Descripción', cell: (d) => d.descripcion_dato },
          { title: 'Valor', cell: (d) => `${d.valor_dato.toLocaleString('es-ES')} ${d.unidad_dato ?? ''}` },
          { title: 'Posición', cell: (d) => position(d.offset_inicio_dato, d.offset_fin_dato) },
        ]}
      />
    </div>
  );
});
