import type { OpenWorkAnomaly } from '../history/OpenWork.js';
import type { InvariantFamily, Wording } from './InvariantRule.js';
import { decisionTasks } from './rules/decisionTasks.js';
import { deadlines } from './rules/deadlines.js';
import { envelopeAndOrder } from './rules/envelopeAndOrder.js';
import { idleExecution } from './rules/idleExecution.js';
import { lifecycles } from './rules/lifecycles.js';
import { references } from './rules/references.js';

/**
 * The invariant families of `INVARIANTS` (invariants.ts), each judging some of them. Their order
 * is the order in which the walker calls their hooks for one event, and so the order of one
 * event's violations: envelope and order first, overdue deadlines before the event's own rules,
 * references last before the event is folded. Each invariant belongs to exactly one family.
 * @internal
 */
export const INVARIANT_FAMILIES: readonly InvariantFamily[] = [
  envelopeAndOrder,
  deadlines,
  decisionTasks,
  references,
  lifecycles,
  idleExecution,
];

/**
 * Who words each anomaly the fold can find. A mapped type over every anomaly kind, so a new kind
 * does not compile until a family words it.
 * @internal
 */
export const ANOMALY_WORDS: { readonly [K in OpenWorkAnomaly['kind']]: Wording<K> } = {
  ...envelopeAndOrder.words,
  ...decisionTasks.words,
  ...lifecycles.words,
};
