/**
 * The budget ledger a consumer group shares: one Elasticsearch document per group (`_id` = the
 * group id) holding the group's spend per minute and its reservations in flight. Every change
 * reads the document and writes it back only if no one wrote it since (`if_seq_no` /
 * `if_primary_term`); a writer that lost the race reads again and redoes its change. A get by id
 * is real time, so no refresh stands between one instance's reservation and another's read.
 *
 * Why a shared document rather than shares of the budget by partition: a reservation is checked
 * against everything the group spent and holds, so the limits hold through rebalances and
 * however unevenly the records fall on the partitions. The price is two round trips per model
 * call (reserve, settle), small beside the call itself; the document stays small (at most a
 * day of minutes and the calls in flight).
 */
import { type Client, errors } from '@elastic/elasticsearch';
import type { Clock } from '../common/clock.ts';
import { ParsimonyError } from '../common/errors.ts';
import { ensureKindIndex } from '../connect/elasticsearch.ts';
import { type BudgetLedger, EMPTY_LEDGER, type LedgerState } from './budget-ledger.ts';

/** A writer that loses this many races in a row gives up for now; the guard looks again a second later. */
const MAX_RACES = 20;

type Stored = { ledger: { spent: [number, number][]; reserved: { id: string; nanoUsd: number; until: number }[] } };

const PROPERTIES = { ledger: { type: 'object', enabled: false } };

export type ElasticsearchLedgerOptions = {
  client: Client;
  index: string;
  /** The consumer group whose budget this is: one document per group. */
  groupId: string;
  clock: Clock;
  requestTimeoutMs: number;
};

export async function openElasticsearchLedger(options: ElasticsearchLedgerOptions): Promise<BudgetLedger> {
  const { client, index, groupId, clock } = options;
  const transport = { requestTimeout: options.requestTimeoutMs };
  await ensureKindIndex(client, {
    index,
    kind: 'budget',
    properties: PROPERTIES,
    option: 'budget.ledgerIndex',
    requestTimeoutMs: options.requestTimeoutMs,
  });
  return {
    scope: `the consumer group ${groupId} (Elasticsearch ${index}/${groupId})`,
    async update(change) {
      for (let race = 0; race < MAX_RACES; race++) {
        const read = await readLedger(client, index, groupId, transport);
        const { state, result } = change(read.state);
        if (!state) return result;
        try {
          const document: Stored = { ledger: toStored(state) };
          if (read.version) await client.index({ index, id: groupId, document, ...read.version, refresh: false }, transport);
          else await client.create({ index, id: groupId, document, refresh: false }, transport);
          return result;
        } catch (error) {
          if (!(error instanceof errors.ResponseError && error.statusCode === 409)) throw error;
          // Another instance wrote first: a short random pause so racing writers spread out.
          await clock.sleep(Math.floor(Math.random() * 20 * (race + 1)));
        }
      }
      throw new ParsimonyError('ELASTICSEARCH_UNREACHABLE', `budget ledger ${index}/${groupId}: lost ${MAX_RACES} write races in a row`, {
        retryable: true,
      });
    },
  };
}

async function readLedger(
  client: Client,
  index: string,
  id: string,
  transport: { requestTimeout: number },
): Promise<{ state: LedgerState; version?: { if_seq_no: number; if_primary_term: number } }> {
  try {
    const got = await client.get<Stored>({ index, id }, transport);
    if (!got.found || !got._source) return { state: EMPTY_LEDGER };
    return { state: fromStored(got._source.ledger), version: { if_seq_no: got._seq_no!, if_primary_term: got._primary_term! } };
  } catch (error) {
    if (!(error instanceof errors.ResponseError && error.statusCode === 404)) throw error;
    // The document is not written yet, or the index was deleted under the running service.
    if (error.body?.error?.type === 'index_not_found_exception')
      await ensureKindIndex(client, {
        index,
        kind: 'budget',
        properties: PROPERTIES,
        option: 'budget.ledgerIndex',
        requestTimeoutMs: transport.requestTimeout,
      });
    return { state: EMPTY_LEDGER };
  }
}

// Reservations are stored as a list: ids as object keys would each become a field of the mapping.
function toStored(state: LedgerState): Stored['ledger'] {
  return { spent: state.spent, reserved: Object.entries(state.reserved).map(([id, r]) => ({ id, ...r })) };
}

function fromStored(stored: Stored['ledger']): LedgerState {
  return {
    spent: stored.spent ?? [],
    reserved: Object.fromEntries((stored.reserved ?? []).map(({ id, nanoUsd, until }) => [id, { nanoUsd, until }])),
  };
}
