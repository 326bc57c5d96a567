/** Every held-out rail variant, by id (`<rail>/<market>/held-out`). Held-out sources name rails from this list. */
import type { Rail } from '../rail.ts';
import { ACH_HELD_OUT } from './ach.ts';
import { DE_CARD_HELD_OUT, FR_CARD_HELD_OUT, UK_CARD_HELD_OUT, US_CARD_HELD_OUT } from './cards.ts';
import { FASTER_PAYMENTS_HELD_OUT } from './faster-payments.ts';
import { FEDWIRE_HELD_OUT } from './fedwire.ts';
import { INDIA_HELD_OUT } from './india.ts';
import { P2P_HELD_OUT } from './p2p.ts';
import { SEPA_HELD_OUT } from './sepa.ts';
import { SWIFT_MT103_HELD_OUT } from './swift-mt103.ts';

export const HELD_OUT_RAILS: readonly Rail[] = [
  ACH_HELD_OUT,
  FEDWIRE_HELD_OUT,
  US_CARD_HELD_OUT,
  UK_CARD_HELD_OUT,
  FASTER_PAYMENTS_HELD_OUT,
  SWIFT_MT103_HELD_OUT,
  DE_CARD_HELD_OUT,
  FR_CARD_HELD_OUT,
  ...SEPA_HELD_OUT,
  ...INDIA_HELD_OUT,
  ...P2P_HELD_OUT,
];

export const HELD_OUT_RAILS_BY_ID: ReadonlyMap<string, Rail> = new Map(HELD_OUT_RAILS.map((rail) => [rail.id, rail]));
