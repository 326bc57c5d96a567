/**
 * Prepare + rules tier cost per record, against a baseline measured in the same run on the same
 * records (a JSON round trip of each record: the least any stage does to a record), so the
 * figure holds on a noisy shared machine. Run: `npm run bench -- rules`.
 */
import { performance } from 'node:perf_hooks';
import { generate } from '../src/dev/generator/generate.ts';
import { prepare } from '../src/prepare/prepare.ts';
import { applyRules, rulesInputOf } from '../src/rules/apply-rules.ts';
import { answersAlone } from '../src/rules/rules-result.ts';

const COUNT = Number(process.env.BENCH_RECORDS ?? 20_000);
const ROUNDS = 5;
const records = [...generate({ count: COUNT, seed: 11 })].map((g) => g.record);

function timePerRecord(work: () => void): number {
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now();
    work();
    samples.push(((performance.now() - started) * 1000) / COUNT);
  }
  return samples.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
}

let sink = 0;
const baseline = timePerRecord(() => {
  for (const r of records) sink += JSON.parse(JSON.stringify(r)).narrative.length;
});
const prepareOnly = timePerRecord(() => {
  for (const r of records) sink += prepare(r).slots.length;
});
let alone = 0;
const rules = timePerRecord(() => {
  alone = 0;
  for (const r of records) {
    const p = prepare(r);
    if (answersAlone(applyRules(rulesInputOf(p)))) alone += 1;
  }
});

console.log(
  JSON.stringify(
    {
      bench: 'rules-tier',
      records: COUNT,
      baselineJsonRoundTripMicros: +baseline.toFixed(2),
      prepareMicros: +prepareOnly.toFixed(2),
      prepareAndRulesMicros: +rules.toFixed(2),
      rulesOverBaseline: +(rules / baseline).toFixed(1),
      answeredAloneShare: +(alone / COUNT).toFixed(3),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      sink: sink % 7,
    },
    null,
    2,
  ),
);
