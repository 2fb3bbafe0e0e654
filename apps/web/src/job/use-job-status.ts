import type { JobSnapshot } from '@noticias/client';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import { describeApiError } from '../api/error-details.ts';
import { useTRPC } from '../api/trpc.ts';
import { recordSnapshot, type PhaseTimes } from './phase-timeline.ts';

export interface JobStatusView {
  snapshot: JobSnapshot | undefined;
  times: PhaseTimes;
  /** 'connecting' also while the stream reconnects (it resumes after the last event seen). */
  connection: 'idle' | 'connecting' | 'pending' | 'error';
  notFound: boolean;
  errorMessage: string | null;
}

/**
 * The job live through `onStatus`. The events are tracked: after a lost connection the link
 * reconnects with the last event id and the server sends exactly what was missed.
 */
export function useJobStatus(jobId: string): JobStatusView {
  const trpc = useTRPC();
  const [state, setState] = useState<{ snapshot: JobSnapshot | undefined; times: PhaseTimes }>({
    snapshot: undefined,
    times: { starts: {}, endedAt: null },
  });
  const subscription = useSubscription(
    trpc.onStatus.subscriptionOptions(
      { jobId },
      {
        onData: ({ data: snapshot }) => setState((s) => ({ snapshot, times: recordSnapshot(s.times, snapshot) })),
      },
    ),
  );
  const error = subscription.error ? describeApiError(subscription.error) : null;
  return {
    ...state,
    connection: subscription.status,
    notFound: error?.code === 'NOT_FOUND',
    errorMessage: error?.message ?? null,
  };
}
