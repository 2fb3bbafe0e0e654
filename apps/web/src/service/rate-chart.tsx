import type { MinuteBucket } from './per-minute.ts';

const WIDTH = 480;
const HEIGHT = 140;
const PAD = 24;

const minuteLabel = new Intl.DateTimeFormat('es-ES', { hour: '2-digit', minute: '2-digit' });

/** Bars per minute; the figures are also in a table for screen readers. */
export function RateChart({ buckets, title }: { buckets: MinuteBucket[]; title: string }) {
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const barWidth = (WIDTH - PAD) / buckets.length;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT + PAD}`}
        role="img"
        aria-label={`${title}: ${buckets.map((b) => b.count).join(', ')}`}
      >
        <line x1={PAD} y1={HEIGHT} x2={WIDTH} y2={HEIGHT} className="axis" />
        <text x={2} y={12} className="tick">
          {max}
        </text>
        <text x={2} y={HEIGHT} className="tick">
          0
        </text>
        {buckets.map((b, i) => {
          const h = (b.count / max) * (HEIGHT - 16);
          return (
            <g key={b.start}>
              <rect x={PAD + i * barWidth + 2} y={HEIGHT - h} width={barWidth - 4} height={h} className="bar-rect">
                <title>{`${minuteLabel.format(b.start)}: ${b.count}`}</title>
              </rect>
              {i % 3 === buckets.length % 3 && (
                <text x={PAD + i * barWidth + barWidth / 2} y={HEIGHT + 16} className="tick" textAnchor="middle">
                  {minuteLabel.format(b.start)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
