import { EventSource as NodeEventSource } from 'eventsource';
import {
  createClient as createUniversalClient,
  type CreateClientOptions,
  type NoticiasClient,
} from './create-client.ts';

// The Node entry (`node` export condition): Node 20 has no global EventSource, so the
// `eventsource` package stands in when none is given. Everything else is the universal entry.
export * from './index.ts';

/** As the universal `createClient`, with the `eventsource` package as the default EventSource. */
export function createClient(options: CreateClientOptions): NoticiasClient {
  const globalEventSource = (globalThis as { EventSource?: CreateClientOptions['EventSource'] }).EventSource;
  return createUniversalClient({
    ...options,
    EventSource: options.EventSource ?? globalEventSource ?? NodeEventSource,
  });
}
