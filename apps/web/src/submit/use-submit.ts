import { useMutation } from '@tanstack/react-query';
import { describeApiError, type ApiErrorView } from '../api/error-details.ts';
import { useTRPC } from '../api/trpc.ts';
import { navigate } from '../routing/use-hash-route.ts';

type Payload = { kind: 'articulo'; body: unknown } | { kind: 'fragmento'; body: unknown };

/**
 * Submits in the background (`mode: 'async'`) and opens the job's page, which follows it live
 * and reads the full result with `getResult` once it completes.
 */
export function useSubmit(): {
  submit: (payload: Payload) => void;
  pending: boolean;
  error: ApiErrorView | null;
  reset: () => void;
} {
  const trpc = useTRPC();
  const onSuccess = (data: { job: { job_id: string } }) => navigate({ view: 'trabajo', jobId: data.job.job_id });
  const article = useMutation(trpc.processArticle.mutationOptions({ onSuccess }));
  const fragment = useMutation(trpc.processFragment.mutationOptions({ onSuccess }));
  const failed = article.error ?? fragment.error;
  return {
    // The body goes as the file or form has it: the server's validation is the one that counts.
    submit(payload) {
      article.reset();
      fragment.reset();
      if (payload.kind === 'articulo') {
        article.mutate({ articulo: payload.body as Parameters<typeof article.mutate>[0]['articulo'], mode: 'async' });
      } else {
        fragment.mutate({
          fragmento: payload.body as Parameters<typeof fragment.mutate>[0]['fragmento'],
          mode: 'async',
        });
      }
    },
    pending: article.isPending || fragment.isPending,
    error: failed ? describeApiError(failed) : null,
    reset() {
      article.reset();
      fragment.reset();
    },
  };
}
