import type { Child } from './child.ts';
import {
  createPhase,
  IN_FLIGHT,
  loadedPhase,
  startReference,
  startSubmitLoad,
  warmProbes,
  type Reference,
} from './e2e-phases.ts';
import type { Results } from './report.ts';
import { redisE2eFailure, redisE2eFigures, type E2eRound, type Side } from './redis-e2e-figures.ts';
import { completedJob, startMemoryServer, startRedisTopology, type RedisTopology } from './redis-topology.ts';

/**
 * Articles through `processArticle` (the closed loop of the e2e case, `IN_FLIGHT` in flight,
 * from a load process of its own) on one ROLE=api and one ROLE=worker process over Redis, and
 * on the all-in-one in-memory server, in alternating rounds of the same run (which side goes
 * first alternates too), so both see the same machine. While the articles run, `/status` of a
 * finished job on the api process is probed at the e2e case's steady rate, then the plain
 * Fastify route of a process that processes nothing: `redis_status_p99_busy_vs_reference`.
 * The all-in-one server gets the same probes, for its own figure beside it.
 */
export async function runRedisE2eCase(opts: {
  settings: string[];
  seconds: number;
  rounds: number;
  log: (line: string) => void;
}): Promise<Results> {
  const { settings, seconds, rounds, log } = opts;
  let topology: RedisTopology | undefined;
  let memory: { child: Child; base: string } | undefined;
  let reference: Reference | undefined;
  const loads: Child[] = [];
  try {
    topology = await startRedisTopology(settings);
    memory = await startMemoryServer(settings);
    const redisStatus = `${topology.base}/status/${await completedJob(topology.base)}`;
    const memoryStatus = `${memory.base}/status/${await completedJob(memory.base)}`;
    // Both /status bodies differ only in ids and times: one reference answers the api's bytes.
    reference = await startReference(redisStatus);
    await warmProbes(redisStatus, reference.url);
    await warmProbes(memoryStatus, reference.url);
    const side = async (server: Child, base: string, statusUrl: string) => {
      const load = await startSubmitLoad(base);
      loads.push(load);
      const phase = createPhase(server, statusUrl, reference!.url, seconds);
      return (): Promise<Side> => loadedPhase(load, {}, phase);
    };
    const runMemory = await side(memory.child, memory.base, memoryStatus);
    const runRedis = await side(topology.api, topology.base, redisStatus);
    const measured: E2eRound[] = [];
    for (let r = 0; r < rounds; r++) {
      if (r % 2 === 0) {
        const memorySide = await runMemory();
        measured.push({ memory: memorySide, redis: await runRedis() });
      } else {
        const redisSide = await runRedis();
        measured.push({ memory: await runMemory(), redis: redisSide });
      }
    }
    const failure = redisE2eFailure(measured);
    if (failure) throw new Error(failure);
    const figures = redisE2eFigures(measured);
    log(
      `Redis e2e: ${figures.redis_e2e_articles_per_s} articles/s through an api and a worker process vs ${figures.redis_e2e_memory_articles_per_s} all-in-one in memory ` +
        `(${IN_FLIGHT} in flight) -> ${figures.redis_e2e_ratio}x (${figures.redis_e2e_ratio_spread}; rounds: ${measured
          .map((m) => `${m.redis.counts.completed}/${m.memory.counts.completed}`)
          .join(', ')} articles); ` +
        `/status p99 on the api process while the worker extracts ${figures.redis_status_p99_busy_ms} ms vs plain Fastify ${figures.redis_status_reference_p99_busy_ms} ms -> ` +
        `${figures.redis_status_p99_busy_vs_reference}x (${figures.redis_status_p99_busy_vs_reference_spread}); api event-loop delay p99 ${figures.redis_api_event_loop_delay_p99_busy_ms} ms; ` +
        `all-in-one in the same rounds ${figures.redis_memory_status_p99_busy_vs_reference}x (${figures.redis_memory_status_p99_busy_vs_reference_spread})`,
    );
    return figures;
  } finally {
    for (const load of loads) await load.stop();
    await reference?.child.stop();
    await memory?.child.stop();
    await topology?.stop();
  }
}
