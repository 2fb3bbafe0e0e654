import type { JobObserver, ServiceStats } from '@noticias/api';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface AppMetrics {
  readonly contentType: string;
  /** Feeds the job counters; hand it to the job service. */
  readonly observer: JobObserver;
  /** The exposition text, with the job gauges read from `stats` at scrape time. */
  render(stats: ServiceStats): Promise<string>;
}

/**
 * One registry per app (never prom-client's global one), so several apps in one process, as in
 * tests, do not share or collide. The old service's series names are kept as they were.
 */
export function createMetrics(options: { now: () => number }): AppMetrics {
  const { now } = options;
  const startedAt = now();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
  const gauge = (name: string, help: string) => new Gauge({ name, help, registers: [registry] });

  const articles = counter('pipeline_articles_processed_total', 'Artículos procesados con éxito');
  const fragments = counter('pipeline_fragments_processed_total', 'Fragmentos procesados con éxito');
  const errors = counter('pipeline_errors_total', 'Jobs que terminaron en failed');
  const cancelled = counter(
    'pipeline_jobs_cancelled_total',
    'Jobs cancelados a petición del cliente (también en pipeline_errors_total)',
  );
  const duration = new Histogram({
    name: 'pipeline_job_duration_seconds',
    help: 'Duración de los jobs, de processing a su estado final',
    labelNames: ['tipo', 'status'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const jobGauges = {
    pending: gauge('jobs_pending_total', 'Jobs en estado pending'),
    processing: gauge('jobs_processing_total', 'Jobs en estado processing'),
    completed: gauge('jobs_completed_total', 'Jobs completed retenidos'),
    failed: gauge('jobs_failed_total', 'Jobs failed retenidos'),
  };
  const total = gauge('jobs_total', 'Jobs almacenados');
  const queued = gauge('pipeline_queue_waiting', 'Jobs esperando un hueco del runner');
  const running = gauge('pipeline_queue_running', 'Jobs ejecutándose en el runner');
  const uptime = gauge('system_uptime_seconds', 'Segundos desde el arranque');

  return {
    contentType: registry.contentType,
    observer: {
      onJobFinished(event) {
        if (event.status === 'completed') (event.kind === 'articulo' ? articles : fragments).inc();
        else errors.inc();
        if (event.failure === 'cancelled') cancelled.inc();
        duration.observe({ tipo: event.kind, status: event.status }, event.durationMs / 1000);
      },
    },
    async render(stats) {
      for (const [status, metric] of Object.entries(jobGauges) as [keyof typeof jobGauges, Gauge][]) {
        metric.set(stats.jobs.counts[status]);
      }
      total.set(stats.jobs.total);
      queued.set(stats.runner.queued);
      running.set(stats.runner.running);
      uptime.set((now() - startedAt) / 1000);
      return registry.metrics();
    },
  };
}
