import type { JobSnapshot } from '@noticias/client';
import { useMutation } from '@tanstack/react-query';
import { describeApiError } from '../api/error-details.ts';
import { useTRPC } from '../api/trpc.ts';

/**
 * What can be done with a job. Cancel is offered while the job is pending or processing; the
 * job's own live stream then shows it ending as `failed` / `cancelled`, so the answer of the
 * mutation is not applied here.
 */
export function JobActions({ job }: { job: JobSnapshot }) {
  const trpc = useTRPC();
  const cancel = useMutation(trpc.cancelJob.mutationOptions());
  const running = job.status === 'pending' || job.status === 'processing';
  return (
    <div className="job-actions" role="group" aria-label="Acciones del trabajo">
      {running && (
        <button
          type="button"
          className="danger"
          disabled={cancel.isPending || cancel.isSuccess}
          onClick={() => cancel.mutate({ jobId: job.job_id })}
        >
          {cancel.isPending || cancel.isSuccess ? 'Cancelando…' : 'Cancelar trabajo'}
        </button>
      )}
      {/* A 409 (it finished meanwhile) is harmless: the stream shows how it ended. */}
      {cancel.error && describeApiError(cancel.error).code !== 'CONFLICT' && (
        <p role="alert" data-testid="cancel-error">
          {describeApiError(cancel.error).message}
        </p>
      )}
      <a href={`/status/${job.job_id}`} target="_blank" rel="noreferrer">
        Estado en JSON (REST)
      </a>
    </div>
  );
}
