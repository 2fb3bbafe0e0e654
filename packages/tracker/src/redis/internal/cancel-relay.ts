import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

// A cancel reaches the process that runs the job over Redis pub/sub: the request goes to every
// process, each answers whether it holds the job, and the asker resolves at the first "yes", or
// "no" once every process that received the request has answered (PUBLISH says how many did).

export interface CancelRelayOptions {
  /** A connection for commands (PUBLISH). */
  commands: Redis;
  /** A connection of its own: it is put in subscriber mode. */
  subscriber: Redis;
  prefix: string;
  /** This process's runners: true when one holds the job (and aborts it). */
  holds(id: string): Promise<boolean>;
  /** A process that received the request but never answered (it died) counts as "no" after this long. */
  replyTimeoutMs?: number;
}

export interface CancelRelay {
  /** True when a process other than this one holds the job and took the cancel. */
  request(id: string): Promise<boolean>;
  close(): void;
}

interface Pending {
  expected: number | null;
  answered: number;
  settle(taken: boolean): void;
}

export async function createCancelRelay(options: CancelRelayOptions): Promise<CancelRelay> {
  const { commands, subscriber } = options;
  const requests = `${options.prefix}:cancel`;
  const replies = `${options.prefix}:cancel:replies`;
  const self = randomUUID();
  const pending = new Map<string, Pending>();

  const check = (nonce: string, entry: Pending): void => {
    if (entry.expected !== null && entry.answered >= entry.expected) entry.settle(false);
    else if (!pending.has(nonce)) entry.settle(false);
  };

  subscriber.on('message', (channel: string, message: string) => {
    let parsed: { id?: string; nonce?: string; from?: string; taken?: boolean };
    try {
      parsed = JSON.parse(message) as typeof parsed;
    } catch {
      return;
    }
    const { nonce } = parsed;
    if (typeof nonce !== 'string') return;
    if (channel === requests && typeof parsed.id === 'string') {
      // The asking process looked at its own runners before publishing.
      const answer = parsed.from === self ? Promise.resolve(false) : options.holds(parsed.id).catch(() => false);
      void answer.then((taken) => commands.publish(replies, JSON.stringify({ nonce, taken }))).catch(() => undefined);
    } else if (channel === replies) {
      const entry = pending.get(nonce);
      if (!entry) return;
      entry.answered += 1;
      if (parsed.taken === true) entry.settle(true);
      else check(nonce, entry);
    }
  });
  await subscriber.subscribe(requests, replies);

  return {
    async request(id) {
      const nonce = randomUUID();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const answer = new Promise<boolean>((resolve) => {
        const entry: Pending = {
          expected: null,
          answered: 0,
          settle(taken) {
            pending.delete(nonce);
            clearTimeout(timer);
            resolve(taken);
          },
        };
        pending.set(nonce, entry);
        timer = setTimeout(() => entry.settle(false), options.replyTimeoutMs ?? 5_000);
      });
      try {
        const receivers = await commands.publish(requests, JSON.stringify({ id, nonce, from: self }));
        const entry = pending.get(nonce);
        if (entry) {
          entry.expected = receivers;
          check(nonce, entry);
        }
      } catch (error) {
        pending.get(nonce)?.settle(false);
        throw error;
      }
      return answer;
    },
    close() {
      for (const entry of pending.values()) entry.settle(false);
      subscriber.disconnect();
    },
  };
}
