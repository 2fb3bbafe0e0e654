import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPC } from '../api/trpc.ts';
import { useNow } from '../job/use-now.ts';
import { STATUS_LABELS, STATUSES } from '../labels.ts';
import { useJobFeed } from '../live/job-feed-context.tsx';
import { perMinute } from './per-minute.ts';
import { RateChart } from './rate-chart.tsx';

const MINUTES = 15;

export function ServiceView() {
  const trpc = useTRPC();
  const { completions } = useJobFeed();
  // Counts come from the server (every stored job, not only those the page loaded); the chart from the live feed.
  const stats = useQuery(trpc.stats.queryOptions(undefined, { refetchInterval: 2_000 }));
  const now = useNow(true, 5_000);
  const buckets = useMemo(() => perMinute(completions, now, MINUTES), [completions, now]);
  const lastMinute = buckets.at(-1)?.count ?? 0;
  const data = stats.data;

  return (
    <section className="panel" aria-labelledby="service-title">
      <h2 id="service-title">Servicio</h2>
      {stats.error && <p role="alert">No se pudieron leer las estadísticas: {stats.error.message}</p>}
      <dl className="counts" data-testid="service-counts">
        {STATUSES.map((status) => (
          <div key={status} className={`count count-${status}`} data-status={status}>
            <dt>{STATUS_LABELS[status]}</dt>
            <dd>{data ? data.jobs.counts[status] : '…'}</dd>
          </div>
        ))}
        <div className="count">
          <dt>Total guardados</dt>
          <dd>{data ? data.jobs.total : '…'}</dd>
        </div>
        <div className="count">
          <dt>En ejecución / en cola</dt>
          <dd>{data ? `${data.runner.running} / ${data.runner.queued}` : '…'}</dd>
        </div>
        <div className="count">
          <dt>Último minuto</dt>
          <dd>{lastMinute}</dd>
        </div>
      </dl>
      <RateChart
        buckets={buckets}
        title={`Artículos y fragmentos procesados por minuto (últimos ${MINUTES} minutos)`}
      />
      {data && !data.accepting && <p role="alert">El servicio no acepta trabajos nuevos (se está deteniendo).</p>}
    </section>
  );
}
