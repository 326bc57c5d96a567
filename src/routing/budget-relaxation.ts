/**
 * Spending the budget's last part more carefully: as the fullest budget window nears its limit
 * (`budget.relaxFrom` of it spent or reserved), the router gives way on accuracy, linearly, up to
 * `budget.relaxBy` at the limit — records start at cheaper tiers, and answers a little less
 * confident are kept instead of escalated — so the budget buys more records before work must wait.
 * The records explored as the cascade would route them are not relaxed: they keep measuring.
 */
export type RelaxationPolicy = { relaxFrom: number; relaxBy: number };

/** Points of accuracy target and of confidence bar given up at this budget pressure (0 empty .. 1 full). */
export function relaxationAt(pressure: number, policy: RelaxationPolicy): number {
  if (policy.relaxBy <= 0 || !(pressure > policy.relaxFrom)) return 0;
  const reach = policy.relaxFrom >= 1 ? 1 : Math.min(1, (pressure - policy.relaxFrom) / (1 - policy.relaxFrom));
  return policy.relaxBy * reach;
}
