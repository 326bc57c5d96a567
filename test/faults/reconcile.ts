/**
 * Costs reconciled call by call. The simulator records every call it billed under the request id
 * it sent back; every committed extraction names, for each call that carried it, that request id
 * and its share. A call is then either committed — its shares, over the records it carried, add
 * up to exactly what it was billed — or wasted: billed, but its window never committed (a killed
 * instance, an aborted transaction), so read_committed readers never see its shares and the
 * records were answered again by other calls. What neither explains is the mismatch, which must
 * be zero: a share of a call never billed, or shares that do not add up to their call's bill.
 */
import { usageOfBilled } from '#src/dev/simulator/billed-usage.ts';
import { callCost, formatUsd, type NanoUsd, type PriceTable, priceOf } from '#src/pricing/price-table.ts';

/** A call the simulator billed, as --record-requests wrote it. */
export type BilledCall = {
  requestId: string;
  path: string;
  billed: { model: string; input: number; cachedInput: number; cacheWrite: number; output: number };
};

/** One share of an extraction's cost, as it is on the output topic. */
export type CommittedShare = { request_id: string | null; usd: string; provider: string; model: string };

export type Reconciliation = {
  billedNano: NanoUsd;
  committedNano: NanoUsd;
  /** Billed calls no committed extraction carries a share of. */
  wastedNano: NanoUsd;
  wastedCalls: number;
  /** billed − committed − wasted: what no call explains. Zero when costs reconcile. */
  mismatchNano: NanoUsd;
  /** The calls whose committed shares differ from their bill, and shares that name no billed call. */
  problems: string[];
};

const providerOfPath = (path: string) => (path === '/v1/messages' ? 'anthropic' : 'openai');

/** A call's bill at the project's prices, exactly as the service prices the usage the SDK reports. */
export function billedNanoOf(call: BilledCall, prices: PriceTable): NanoUsd {
  return callCost(priceOf(prices, providerOfPath(call.path), call.billed.model), usageOfBilled(call.billed), { batch: false });
}

/** A decimal USD string as integer nano-dollars, read digit by digit (no floating point). */
export function nanoOfUsd(usd: string): NanoUsd {
  const match = /^(-?)(\d+)(?:\.(\d{1,9}))?$/.exec(usd);
  if (!match) throw new Error(`not a decimal USD amount: ${JSON.stringify(usd)}`);
  const nano = Number(match[2]) * 1e9 + Number((match[3] ?? '').padEnd(9, '0'));
  return match[1] ? -nano : nano;
}

export function reconcile(calls: readonly BilledCall[], shares: readonly CommittedShare[], prices: PriceTable): Reconciliation {
  const billed = new Map<string, NanoUsd>();
  for (const call of calls) billed.set(call.requestId, (billed.get(call.requestId) ?? 0) + billedNanoOf(call, prices));
  const committed = new Map<string, NanoUsd>();
  const problems: string[] = [];
  let committedNano = 0;
  for (const share of shares) {
    const nano = nanoOfUsd(share.usd);
    committedNano += nano;
    if (share.request_id === null) {
      problems.push(`a share of ${formatUsd(nano)} USD (${share.provider}/${share.model}) names no request id`);
      continue;
    }
    committed.set(share.request_id, (committed.get(share.request_id) ?? 0) + nano);
  }
  let billedNano = 0;
  let wastedNano = 0;
  let wastedCalls = 0;
  for (const [id, nano] of billed) {
    billedNano += nano;
    const shared = committed.get(id);
    if (shared === undefined) {
      wastedNano += nano;
      wastedCalls += 1;
    } else if (shared !== nano) {
      problems.push(`call ${id} was billed ${formatUsd(nano)} USD, its committed shares add up to ${formatUsd(shared)}`);
    }
  }
  for (const [id, nano] of committed)
    if (!billed.has(id)) problems.push(`shares of ${formatUsd(nano)} USD name call ${id}, which was never billed`);
  return { billedNano, committedNano, wastedNano, wastedCalls, mismatchNano: billedNano - committedNano - wastedNano, problems };
}
