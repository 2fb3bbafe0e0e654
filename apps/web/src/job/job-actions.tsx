import type { JobSnapshot } from '@noticias/client';

/**
 * What can be done with a job. Cancelling (issue 13: POST /status/{id}/cancel and its tRPC
 * procedure) goes here, shown while the job is pending or processing.
 */
export function JobActions({ job }: { job: JobSnapshot }) {
  return (
    <div className="job-actions" role="group" aria-label="Acciones del trabajo">
      <a href={`/status/${job.job_id}`} target="_blank" rel="noreferrer">
        Estado en JSON (REST)
      </a>
    </div>
  );
}
