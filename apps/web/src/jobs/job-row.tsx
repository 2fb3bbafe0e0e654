import type { JobSnapshot } from '@noticias/client';
import { memo } from 'react';
import { formatTime, phaseLabel, STATUS_LABELS } from '../labels.ts';
import { hrefOf } from '../routing/use-hash-route.ts';
import { ProgressBar } from './progress-bar.tsx';
import { jobKind, jobTitle } from './job-title.ts';

// Memoised on the snapshot object: the feed replaces only the jobs that changed.
export const JobRow = memo(function JobRow({ job }: { job: JobSnapshot }) {
  const title = jobTitle(job);
  const phase = job.status === 'processing' ? phaseLabel(job.progress.phase) : '';
  return (
    <div className="job-row" data-job-id={job.job_id} data-status={job.status}>
      <a className="job-title" href={hrefOf({ view: 'trabajo', jobId: job.job_id })}>
        {title}
      </a>
      <span className="job-kind">{jobKind(job)}</span>
      <span className={`badge badge-${job.status}`}>{STATUS_LABELS[job.status]}</span>
      <ProgressBar value={job.progress.percentage} label={`Progreso de ${title}`} />
      <span className="job-percent">{Math.round(job.progress.percentage)} %</span>
      <span className="job-phase">{phase || job.progress.message}</span>
      <time className="job-time" dateTime={job.created_at}>
        {formatTime(job.created_at)}
      </time>
    </div>
  );
});
