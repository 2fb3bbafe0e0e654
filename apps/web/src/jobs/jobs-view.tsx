import type { JobStatus } from '@noticias/client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { STATUS_LABELS, STATUSES } from '../labels.ts';
import { useJobFeed } from '../live/job-feed-context.tsx';
import { JobRow } from './job-row.tsx';

const ROW_HEIGHT = 52;

export function JobsView() {
  const { jobs, counts } = useJobFeed();
  const [filter, setFilter] = useState<JobStatus | 'all'>('all');
  const shown = useMemo(() => (filter === 'all' ? jobs : jobs.filter((job) => job.status === filter)), [jobs, filter]);
  const scroller = useRef<HTMLDivElement>(null);
  // Only the rows in view exist in the DOM: thousands of jobs cost what twenty do.
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => shown[index]?.job_id ?? index,
  });

  return (
    <section aria-labelledby="jobs-title" className="panel">
      <h2 id="jobs-title">Trabajos</h2>
      <fieldset className="filters">
        <legend>Filtrar por estado</legend>
        <label>
          <input type="radio" name="estado" checked={filter === 'all'} onChange={() => setFilter('all')} />
          Todos ({jobs.length})
        </label>
        {STATUSES.map((status) => (
          <label key={status}>
            <input
              type="radio"
              name="estado"
              value={status}
              checked={filter === status}
              onChange={() => setFilter(status)}
            />
            {STATUS_LABELS[status]} ({counts[status]})
          </label>
        ))}
      </fieldset>
      {shown.length === 0 ? (
        <p className="empty">No hay trabajos {filter === 'all' ? 'todavía' : 'con este estado'}.</p>
      ) : (
        <div
          ref={scroller}
          className="job-scroller"
          tabIndex={0}
          aria-label="Lista de trabajos, los más recientes primero"
        >
          <div role="list" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const job = shown[item.index];
              if (!job) return null;
              return (
                <div
                  key={item.key}
                  role="listitem"
                  className="job-slot"
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                >
                  <JobRow job={job} />
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
