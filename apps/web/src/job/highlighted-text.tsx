import { memo, useEffect, useMemo, useRef } from 'react';
import { segmentsOf, type TextSpan } from './text-spans.ts';

const KIND_NAMES = { entidad: 'entidad', cita: 'cita', dato: 'dato' } as const;

interface Props {
  text: string;
  spans: readonly TextSpan[];
  selected: string | null;
  onSelect: (key: string) => void;
}

/** The text with its spans marked; a click on a mark selects its (innermost) span. */
export const HighlightedText = memo(function HighlightedText({ text, spans, selected, onSelect }: Props) {
  const segments = useMemo(() => segmentsOf(spans), [spans]);
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!selected) return;
    container.current
      ?.querySelector(`[data-spans~="${selected}"]`)
      ?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selected]);

  const pieces: React.ReactNode[] = [];
  let at = 0;
  for (const segment of segments) {
    if (segment.start > at) pieces.push(text.slice(at, segment.start));
    const inner = segment.spans[0]!;
    const keys = segment.spans.map((s) => s.key);
    const isSelected = selected !== null && keys.includes(selected);
    pieces.push(
      <mark
        key={segment.start}
        className={`hl ${segment.spans.map((s) => `hl-${s.kind}`).join(' ')}${isSelected ? ' hl-selected' : ''}`}
        data-spans={keys.join(' ')}
        onClick={() => onSelect(inner.key)}
        title={segment.spans.map((s) => `${KIND_NAMES[s.kind]} ${s.id}`).join(', ')}
      >
        {text.slice(segment.start, segment.end)}
      </mark>,
    );
    at = segment.end;
  }
  if (at < text.length) pieces.push(text.slice(at));

  return (
    <div
      ref={container}
      className="article-text"
      data-testid="article-text"
      tabIndex={0}
      role="region"
      aria-label="Texto con las marcas"
    >
      {pieces}
    </div>
  );
});
