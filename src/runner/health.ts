/**
 * What /healthz and /readyz answer, judged from what the consumer last did. Liveness fails when a
 * restart would help: the consumer is gone, it stopped heartbeating to its group, or records have
 * waited past the stall timeout with nothing committed while no budget held them (a budget wait
 * is the service doing what it was told, and a restart would not end it). Readiness is about
 * being a working member now: in the group, producing, not stopping.
 */
import type { Verdict } from '../common/status-server.ts';

export type ConsumerVitals = {
  now: number;
  /** Why the service stopped for good (crashed consumer, fenced producer); null while it runs. */
  failure: string | null;
  startedAt: number;
  /** The last time the group took this member in (a join after a rebalance); null before the first. */
  joinedAt: number | null;
  /** When the rebalance under way started; null when none is. */
  rebalancingSince: number | null;
  lastHeartbeatAt: number | null;
  /** When the oldest batch not yet wholly committed was taken in; null when none is. */
  oldestInFlightAt: number | null;
  /** The last commit of outputs and offsets (or the start). */
  lastProgressAt: number;
  /** Model calls waiting for room in the budget. */
  waitingOnBudget: number;
  stopping: boolean;
  producerConnected: boolean;
};

export type HealthLimits = {
  /** No heartbeat for this long: the member's loop is gone (a third of the session is the beat). */
  heartbeatTimeoutMs: number;
  /** Not in the group for this long after a start or rebalance. */
  joinTimeoutMs: number;
  stallTimeoutMs: number;
};

export function judgeLiveness(v: ConsumerVitals, limits: HealthLimits): Verdict {
  const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
  if (v.failure !== null) return { ok: false, reason: `stopped: ${v.failure}` };
  const outSince = v.rebalancingSince ?? (v.joinedAt === null ? v.startedAt : null);
  if (outSince !== null && v.now - outSince > limits.joinTimeoutMs)
    return { ok: false, reason: `not in the consumer group for ${seconds(v.now - outSince)}` };
  if (v.joinedAt !== null && v.rebalancingSince === null) {
    const beat = v.lastHeartbeatAt ?? v.joinedAt;
    if (v.now - beat > limits.heartbeatTimeoutMs) return { ok: false, reason: `no heartbeat to the group for ${seconds(v.now - beat)}` };
  }
  if (
    v.oldestInFlightAt !== null &&
    v.waitingOnBudget === 0 &&
    v.now - v.oldestInFlightAt > limits.stallTimeoutMs &&
    v.now - v.lastProgressAt > limits.stallTimeoutMs
  )
    return {
      ok: false,
      reason: `records taken in ${seconds(v.now - v.oldestInFlightAt)} ago and nothing committed for ${seconds(v.now - v.lastProgressAt)}`,
    };
  return { ok: true, reason: v.waitingOnBudget > 0 ? `alive; ${v.waitingOnBudget} model calls wait for budget` : 'alive' };
}

export function judgeReadiness(v: ConsumerVitals): Verdict {
  if (v.failure !== null) return { ok: false, reason: `stopped: ${v.failure}` };
  if (v.stopping) return { ok: false, reason: 'stopping' };
  if (v.joinedAt === null) return { ok: false, reason: 'not yet in the consumer group' };
  if (v.rebalancingSince !== null) return { ok: false, reason: 'the group is rebalancing' };
  if (!v.producerConnected) return { ok: false, reason: 'the producer is not connected' };
  return { ok: true, reason: 'a member of the group, producing' };
}
