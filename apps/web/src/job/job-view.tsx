import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc.ts';
import { ProgressBar } from '../jobs/progress-bar.tsx';
import { jobKind, jobTitle } from '../jobs/job-title.ts';
import { formatDuration, formatTime, STATUS_LABELS } from '../labels.ts';
import { JobActions } from './job-actions.tsx';
import { JobResult } from './job-result.tsx';
import { phaseSteps } from './phase-timeline.ts';
import { PhaseSteps } from './phase-steps.tsx';
import { useJobStatus } from './use-job-status.ts';
import { useNow } from './use-now.ts';

export function JobView({ jobId }: { jobId: string }) {
  const trpc = useTRPC();
  const { snapshot, times, connection, notFound, errorMessage } = useJobStatus(jobId);
  const completed = snapshot?.status === 'completed';
  const full = useQuery(trpc.getResult.queryOptions({ jobId }, { enabled: completed, staleTime: Infinity }));
  const now = useNow(snapshot?.status === 'processing');
  const stored = full.data?.result ? full.data : null;
  const steps = phaseSteps(snapshot, times, now, stored?.result?.metricas.tiempos_fases);

  if (notFound) {
    return (
      <section className="panel" aria-labelledby="job-title">
        <h2 id="job-title">Trabajo no encontrado</h2>
        <p>El trabajo {jobId} no existe o ya caducó.</p>
      </section>
    );
  }

  return (
    <section
      className="panel job"
      aria-labelledby="job-title"
      data-job-id={jobId}
      data-status={snapshot?.status ?? 'loading'}
    >
      <header className="job-head">
        <div>
          <h2 id="job-title">{snapshot ? jobTitle(snapshot) : 'Cargando trabajo…'}</h2>
          <p className="job-sub">
            {snapshot && `${jobKind(snapshot)} · ${jobId} · creado a las ${formatTime(snapshot.created_at)}`}
            {connection === 'connecting' && snapshot && <span className="reconnecting"> · reconectando…</span>}
          </p>
        </div>
        {snapshot && <JobActions job={snapshot} />}
      </header>
      {errorMessage && !notFound && <p role="alert">{errorMessage}</p>}
      {snapshot && (
        <>
          <div className="job-progress">
            <span className={`badge badge-${snapshot.status}`} data-testid="job-status">
              {STATUS_LABELS[snapshot.status]}
            </span>
            <ProgressBar value={snapshot.progress.percentage} label="Progreso del trabajo" />
            <span data-testid="job-percent">{Math.round(snapshot.progress.percentage)} %</span>
            <span className="job-message" aria-live="polite">
              {snapshot.progress.message}
            </span>
          </div>
          <PhaseSteps steps={steps} />
        </>
      )}
      {snapshot?.status === 'failed' && snapshot.error && (
        <div className="alert" role="alert">
          <p>
            {snapshot.error.mensaje} ({snapshot.error.tipo}
            {snapshot.error.fase ? `, fase ${snapshot.error.fase}` : ''})
          </p>
        </div>
      )}
      {completed && snapshot.result && (
        <p className="summary" data-testid="job-summary">
          {snapshot.result.elementos_extraidos.hechos} hechos · {snapshot.result.elementos_extraidos.entidades}{' '}
          entidades · {snapshot.result.elementos_extraidos.citas} citas ·{' '}
          {snapshot.result.elementos_extraidos.datos_cuantitativos} datos ·{' '}
          {formatDuration(snapshot.result.tiempo_procesamiento_segundos * 1000)}
        </p>
      )}
      {completed && full.isPending && <p>Cargando el resultado…</p>}
      {completed && full.data && !stored && (
        <p className="note">El resultado completo ya no se conserva en el servidor; solo queda el resumen.</p>
      )}
      {stored?.result && stored.text !== null && <JobResult result={stored.result} text={stored.text} />}
    </section>
  );
}
