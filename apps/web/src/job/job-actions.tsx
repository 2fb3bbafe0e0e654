import type { JobSnapshot } from '@noticias/client';
import { useMutation } from '@tanstack/react-query';
import { useSession } from '../access/session-context.tsx';
import { describeApiError } from '../api/error-details.ts';
import { useTRPC } from '../api/trpc.ts';

/**
 * What can be done with a job. Cancel is offered while the job is pending or processing (not
 * through a read token, which reads only); the job's own live stream then shows it ending as
 * `failed` / `cancelled`, so the answer of the mutation is not applied here.
 */
export function JobActions({ job, readToken }: { job: JobSnapshot; readToken: string | undefined }) {
  const { credential } = useSession();
  const running = job.status === 'pending' || job.status === 'processing';
  // A new tab cannot send the key: the REST link works with the job's token, or with no key at all.
  const restHref =
    readToken !== undefined
      ? `/status/${job.job_id}?access_token=${encodeURIComponent(readToken)}`
      : credential.kind === 'none'
        ? `/status/${job.job_id}`
        : null;
  return (
    <div className="job-actions" role="group" aria-label="Acciones del trabajo">
      {running && credential.kind !== 'token' && <CancelButton jobId={job.job_id} />}
      {restHref && (
        <a href={restHref} target="_blank" rel="noreferrer">
          Estado en JSON (REST)
        </a>
      )}
    </div>
  );
}

function CancelButton({ jobId }: { jobId: string }) {
  const trpc = useTRPC();
  const cancel = useMutation(trpc.cancelJob.mutationOptions());
  return (
    <>
      <button
        type="button"
        className="danger"
        disabled={cancel.isPending || cancel.isSuccess}
        onClick={() => cancel.mutate({ jobId })}
      >
        {cancel.isPending || cancel.isSuccess ? 'Cancelando…' : 'Cancelar trabajo'}
      </button>
      {/* A 409 (it finished meanwhile) is harmless: the stream shows how it ended. */}
      {cancel.error && describeApiError(cancel.error).code !== 'CONFLICT' && (
        <p role="alert" data-testid="cancel-error">
          {describeApiError(cancel.error).message}
        </p>
      )}
    </>
  );
}
