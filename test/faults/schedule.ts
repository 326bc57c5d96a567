/**
 * When each fault strikes, in seconds after the stream starts, and how long the stream lasts: the
 * faults follow one another so each recovery is measured on its own, and the stream outlasts the
 * last of them so every fault strikes while records flow. The trimmed schedule (CI) has one of
 * each; the full one kills an instance five times, once while three are running.
 */
import type { ProviderName } from '#src/dev/simulator/fault-windows.ts';
import type { FaultKind } from '#src/dev/simulator/faults.ts';

export type FaultStep =
  | { at: number; kind: 'sigkill' }
  | { at: number; kind: 'scale-up'; to: number }
  | { at: number; kind: 'scale-down'; to: number }
  | { at: number; kind: 'broker-restart' }
  | { at: number; kind: 'elasticsearch-stop'; forS: number }
  | { at: number; kind: 'provider-errors'; rate: number; kinds: FaultKind[]; forS: number }
  | { at: number; kind: 'provider-down'; provider: ProviderName; forS: number };

export type Schedule = { streamSeconds: number; steps: FaultStep[] };

const ERRORS = { kind: 'provider-errors', rate: 0.2, kinds: ['429', '500', 'timeout'], forS: 60 } as const;

export function faultSchedule(mode: 'trimmed' | 'full'): Schedule {
  if (mode === 'trimmed') {
    return {
      streamSeconds: 360,
      steps: [
        { at: 20, kind: 'sigkill' },
        { at: 50, kind: 'scale-up', to: 3 },
        { at: 90, kind: 'scale-down', to: 1 },
        { at: 125, kind: 'broker-restart' },
        { at: 175, kind: 'elasticsearch-stop', forS: 30 },
        { at: 225, ...ERRORS, kinds: [...ERRORS.kinds] },
        { at: 295, kind: 'provider-down', provider: 'openai', forS: 45 },
      ],
    };
  }
  return {
    streamSeconds: 900,
    steps: [
      { at: 30, kind: 'sigkill' },
      { at: 80, kind: 'scale-up', to: 3 },
      { at: 140, kind: 'sigkill' },
      { at: 200, kind: 'scale-down', to: 1 },
      { at: 260, kind: 'sigkill' },
      { at: 320, kind: 'broker-restart' },
      { at: 400, kind: 'elasticsearch-stop', forS: 30 },
      { at: 480, ...ERRORS, kinds: [...ERRORS.kinds] },
      { at: 570, kind: 'sigkill' },
      { at: 630, kind: 'provider-down', provider: 'openai', forS: 60 },
      { at: 760, kind: 'sigkill' },
    ],
  };
}
