#!/usr/bin/env node
// Generates src/sim/validation/constraints.json from data/swf-constraints.json (an extract of the
// SWF service model, see data/README.md for where it comes from and how to refresh it).
//
//   node scripts/gen-constraints.mjs [path-to-swf-constraints.json]
//
// The output keeps, per operation, only the input member tree and only the facts input
// validation needs, in the source's member order (Coral reports problems in model order):
//   type                 string | integer | boolean | timestamp | structure | list
//   required             present only when true
//   minLength/maxLength  characters for strings, element counts for lists
//   minValue/maxValue    integer bounds
//   enum                 allowed values, in the order the error message lists them
//   pattern              regex a nameRule / duration / int32String member must match
//   patternConstraint    what an error message says of a value that does not match it, in words
//                        (the model has no patterns, so no regex of ours is ever shown)
//   numericMin/Max       bounds on the number such a string spells (durations, int32 strings)
//   members / member     nested structure members / list element
//   nullMembers          present only when true: the list keeps a null element instead of refusing it
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourcePath = resolve(repoRoot, process.argv[2] ?? 'data/swf-constraints.json');
const outPath = resolve(repoRoot, 'src/sim/validation/constraints.json');

// swf-semantics.md §1.4.2: the service lists the DecisionType enum in its own order, not the model's.
const DECISION_TYPE_SERVICE_ORDER = [
  'CompleteWorkflowExecution',
  'StartTimer',
  'RequestCancelExternalWorkflowExecution',
  'SignalExternalWorkflowExecution',
  'CancelTimer',
  'RecordMarker',
  'ScheduleActivityTask',
  'ContinueAsNewWorkflowExecution',
  'ScheduleLambdaFunction',
  'FailWorkflowExecution',
  'RequestCancelActivityTask',
  'StartChildWorkflowExecution',
  'CancelWorkflowExecution',
];

// The source states no regex for day-valued durations (workflowExecutionRetentionPeriodInDays);
// the model's prose allows a decimal number of days or NONE, like the seconds-valued ones.
const DAYS_PATTERN = '^(NONE|[0-9]+)$';

// Name-rule members that real recordings (2015–16) show SWF accepting with `:`: a child's
// workflowId and a timerId, written by decisions. The prose rule stands for every other member.
const COLON_ACCEPTED = new Set([
  'RespondDecisionTaskCompleted.decisions.member.startChildWorkflowExecutionDecisionAttributes.workflowId',
  'RespondDecisionTaskCompleted.decisions.member.startTimerDecisionAttributes.timerId',
]);

// Lists that a real recording shows SWF accepting a null element of: boto sent a StartWorkflowExecution
// with `tagList: [null]` and SWF wrote it into WorkflowExecutionStarted. Every other list refuses one.
const NULL_MEMBERS_ACCEPTED = new Set(['StartWorkflowExecution.tagList']);

const KNOWN_TYPES = new Set(['string', 'integer', 'boolean', 'timestamp', 'structure', 'list']);

/**
 * The parts of a swf-constraints.json member this script reads.
 * @typedef {object} SourceMember
 * @property {string} type
 * @property {boolean} [required]
 * @property {number} [minLength]
 * @property {number} [maxLength]
 * @property {number} [minValue]
 * @property {number} [maxValue]
 * @property {string[]} [enum]
 * @property {NameRule} [nameRule]
 * @property {{ unit: string, allowsNONE: boolean, patternEquivalent?: string,
 *   minSeconds?: number, maxSeconds?: number, maxDays?: number }} [duration]
 * @property {{ min: number, max: number, patternEquivalent: string }} [int32String]
 * @property {Record<string, SourceMember>} [members]
 * @property {SourceMember} [member]
 */

/**
 * @typedef {object} NameRule
 * @property {string[]} forbiddenChars
 * @property {string[]} forbiddenControlRanges
 * @property {string} mustNotEqual
 * @property {boolean} noLeadingOrTrailingWhitespace
 * @property {string} patternEquivalent
 */

/** @param {string} where @param {unknown} condition */
function check(condition, where) {
  if (!condition) throw new Error(`gen-constraints: unexpected source data at ${where}`);
}

/**
 * @param {SourceMember} src one member of the source tree
 * @param {string} where its path, for error messages
 * @returns {Record<string, unknown>}
 */
function compactMember(src, where) {
  check(KNOWN_TYPES.has(src.type), `${where} (type ${String(src.type)})`);
  /** @type {Record<string, unknown>} */
  const out = { type: src.type };
  if (src.required === true) out.required = true;
  for (const key of /** @type {const} */ (['minLength', 'maxLength', 'minValue', 'maxValue'])) {
    if (src[key] !== undefined) out[key] = src[key];
  }
  if (src.enum !== undefined) out.enum = src.enum;

  const rules = [src.nameRule, src.duration, src.int32String].filter((r) => r !== undefined);
  check(rules.length <= 1, `${where} (several string rules)`);
  if (src.nameRule !== undefined) {
    Object.assign(out, nameRulePattern(src.nameRule, where));
  } else if (src.duration !== undefined) {
    const d = src.duration;
    if (d.unit === 'days') {
      check(d.allowsNONE === true && d.patternEquivalent === undefined, `${where} (days duration)`);
      out.pattern = DAYS_PATTERN;
      out.patternConstraint = 'Member must be a whole number of days or NONE';
      if (d.maxDays !== undefined) out.numericMax = d.maxDays;
    } else {
      check(d.unit === 'seconds', `${where} (duration unit)`);
      out.pattern = d.patternEquivalent;
      out.patternConstraint = `Member must be a whole number of seconds${d.allowsNONE ? ' or NONE' : ''}`;
      if (d.minSeconds !== undefined) out.numericMin = d.minSeconds;
      if (d.maxSeconds !== undefined) out.numericMax = d.maxSeconds;
    }
  } else if (src.int32String !== undefined) {
    out.pattern = src.int32String.patternEquivalent;
    out.patternConstraint = 'Member must be a whole number';
    out.numericMin = src.int32String.min;
    out.numericMax = src.int32String.max;
  }
  if (out.pattern !== undefined) {
    check(typeof out.pattern === 'string', `${where} (pattern)`);
    new RegExp(/** @type {string} */ (out.pattern), 's'); // fail here, not at run time
  }

  if (src.members !== undefined) out.members = compactMembers(src.members, where);
  if (src.member !== undefined) out.member = compactMember(src.member, `${where}.member`);
  check(src.type !== 'structure' || out.members !== undefined, `${where} (structure without members)`);
  check(src.type !== 'list' || out.member !== undefined, `${where} (list without member)`);
  if (NULL_MEMBERS_ACCEPTED.has(where)) {
    check(src.type === 'list', `${where} (null members accepted, but not a list)`);
    out.nullMembers = true;
  }

  if (where.endsWith('.decisions.member.decisionType')) {
    const modelOrder = [...(src.enum ?? [])].sort();
    const serviceOrder = [...DECISION_TYPE_SERVICE_ORDER].sort();
    check(modelOrder.join() === serviceOrder.join(), `${where} (decision types changed)`);
    out.enum = DECISION_TYPE_SERVICE_ORDER;
  }
  return out;
}

/**
 * The regex and the words of a name rule, built from its parts so that a member exempt from `:`
 * (COLON_ACCEPTED) gets both without it. Without the exemption the regex must equal the source's
 * `patternEquivalent`, which keeps this function honest.
 * @param {NameRule} rule
 * @param {string} where
 * @returns {{ pattern: string, patternConstraint: string }}
 */
function nameRulePattern(rule, where) {
  const colonAccepted = COLON_ACCEPTED.has(where);
  const chars = rule.forbiddenChars.filter((c) => !(colonAccepted && c === ':'));
  const ranges = rule.forbiddenControlRanges.map((range) => {
    const match = /^U\+([0-9A-F]{4})-U\+([0-9A-F]{4})$/.exec(range);
    check(match !== null, `${where} (control range ${range})`);
    const [, from, to] = /** @type {RegExpExecArray} */ (match);
    return `\\u${from.toLowerCase()}-\\u${to.toLowerCase()}`;
  });
  const edges = rule.noLeadingOrTrailingWhitespace ? '(?!\\s)(?!.*\\s$)' : '';
  const pattern = `^(?!${rule.mustNotEqual}$)${edges}[^${chars.join('')}${ranges.join('')}]+$`;
  check(colonAccepted || pattern === rule.patternEquivalent, `${where} (name rule ${pattern})`);
  const forbidden = `${chars.map((c) => `'${c}'`).join(', ')} or control characters`;
  const patternConstraint = rule.noLeadingOrTrailingWhitespace
    ? `Member must not contain ${forbidden}, must not begin or end with whitespace, and must not be '${rule.mustNotEqual}'`
    : `Member must not contain ${forbidden}, and must not be '${rule.mustNotEqual}'`;
  return { pattern, patternConstraint };
}

/** @param {Record<string, SourceMember>} members @param {string} where */
function compactMembers(members, where) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [name, member] of Object.entries(members)) out[name] = compactMember(member, `${where}.${name}`);
  return out;
}

/** @typedef {{ source: string, operations: Record<string, { input: Record<string, SourceMember> }> }} Source */
/** @type {unknown} */
const parsed = JSON.parse(readFileSync(sourcePath, 'utf8'));
const source = /** @type {Source} */ (parsed);
/** @type {Record<string, unknown>} */
const operations = {};
for (const [name, op] of Object.entries(source.operations)) {
  operations[name] = compactMembers(op.input, name);
}
const output = {
  source: source.source,
  generatedBy: 'scripts/gen-constraints.mjs',
  operations,
};
let text = `${JSON.stringify(output, null, 2)}\n`;
// Leave the file as the repo's formatter would, so `prettier --check` stays quiet.
try {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(outPath)) ?? {};
  text = await prettier.format(text, { ...options, filepath: outPath });
} catch (error) {
  console.warn(`prettier unavailable, writing plain JSON: ${String(error)}`);
}
writeFileSync(outPath, text);
console.log(`wrote ${outPath} (${Object.keys(operations).length} operations)`);
