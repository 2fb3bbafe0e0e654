import type { PipelineResult } from '@noticias/client';
import { useMemo, useState } from 'react';
import { HighlightedText } from './highlighted-text.tsx';
import { ResultTables } from './result-tables.tsx';
import { spansOf } from './text-spans.ts';

/** The result tables and the text with its marks; selecting either side selects the other. */
export function JobResult({ result, text }: { result: PipelineResult; text: string }) {
  const [selected, setSelected] = useState<string | null>(null);
  const spans = useMemo(() => spansOf(result, text.length), [result, text]);
  return (
    <div className="job-result">
      <section aria-labelledby="text-title" className="text-panel">
        <h3 id="text-title">Texto</h3>
        <p className="legend">
          <span className="hl hl-entidad">entidad</span> <span className="hl hl-cita">cita</span>{' '}
          <span className="hl hl-dato">dato</span>
        </p>
        <HighlightedText text={text} spans={spans} selected={selected} onSelect={setSelected} />
      </section>
      <section aria-labelledby="tables-title" className="tables-panel">
        <h3 id="tables-title">Resultado</h3>
        <ResultTables result={result} selected={selected} onSelect={setSelected} />
      </section>
    </div>
  );
}
