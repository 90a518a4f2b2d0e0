/**
 * fast-check arbitraries of hostile SWF requests, generated from the service model's input
 * constraints in `data/swf-constraints.json` (issue 12.7): for each of the 39 operations a valid
 * input, then mutated — wrong JSON types, missing members, out-of-range values, unknown members at
 * every depth, deep nesting, odd Unicode, forged tokens — and sometimes a broken body or target.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';

/** A member of `data/swf-constraints.json` (the fields generation reads). */
interface Spec {
  readonly type: 'string' | 'integer' | 'boolean' | 'timestamp' | 'structure' | 'list';
  readonly required?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly enum?: readonly string[];
  readonly nameRule?: { readonly mustNotEqual: string; readonly noLeadingOrTrailingWhitespace: boolean };
  readonly duration?: {
    readonly allowsNONE: boolean;
    readonly minSeconds?: number;
    readonly maxSeconds?: number;
    readonly maxDays?: number;
  };
  readonly int32String?: { readonly min: number; readonly max: number };
  readonly members?: Readonly<Record<string, Spec>>;
  readonly member?: Spec;
}

const MODEL = (
  JSON.parse(readFileSync(new URL('../../data/swf-constraints.json', import.meta.url), 'utf8')) as {
    operations: Record<string, { input: Record<string, Spec> }>;
  }
).operations;

/** The 39 operations of the model. */
export const MODEL_OPERATIONS: readonly string[] = Object.keys(MODEL);

/**
 * Values that exist in the world a request is sent to, by member name (`domain`, `taskToken`) or by
 * structure and member (`workflowType.name`): generation mostly picks them, so that requests get
 * past "unknown domain" into the service.
 */
export type KnownValues = Readonly<Record<string, readonly string[]>>;

/** One generated request, before it is put on the wire. */
export interface HostileRequest {
  readonly operation: string;
  /** The `X-Amz-Target` header; `undefined` leaves it out. */
  readonly target: string | undefined;
  readonly body: string;
  /** What was done to the valid input, for the failure report. */
  readonly mutations: readonly string[];
}

/** Characters that trip naive string handling: lone surrogates, NUL, line/paragraph separators, … */
const ODD_UNITS = [
  '\ud800',
  '\udfff',
  '\u0000',
  '\u0007',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u202e',
  '\ufeff',
  '\u200d',
  'e\u0301',
  '🧨',
  '𝕏',
  'İ',
  'ß',
  '"',
  '\\',
  '\n',
  ' ',
  ':',
  '/',
  '|',
  '%00',
  '${x}',
  '__proto__',
];
const oddString = fc.string({ unit: fc.constantFrom(...ODD_UNITS), maxLength: 12 });

/** Plain text characters. */
const PLAIN_UNITS = [...'abcdefxyzABC0123456789_.-'];

/** Safe name characters, some outside ASCII (one code point each). */
const NAME_UNITS = [...'abcxyzABC019-_.~é漢😀'];

/** Placeholder for a deeply nested value, expanded in the body text (JSON.stringify could not nest it). */
const DEEP = '\u0000swf-sim-deep:';

function validString(spec: Spec, name: string, known: KnownValues): fc.Arbitrary<string> {
  const generated = ((): fc.Arbitrary<string> => {
    if (spec.enum !== undefined) return fc.constantFrom(...spec.enum);
    const { duration, int32String, nameRule } = spec;
    if (duration !== undefined) {
      const max = duration.maxSeconds ?? duration.maxDays ?? 99_999_999;
      const seconds = fc.integer({ min: duration.minSeconds ?? 0, max }).map(String);
      return duration.allowsNONE ? fc.oneof(fc.constant('NONE'), seconds) : seconds;
    }
    if (int32String !== undefined)
      return fc.integer({ min: int32String.min, max: int32String.max }).map(String);
    const minLength = spec.minLength ?? 0;
    const maxLength = Math.min(spec.maxLength ?? 64, Math.max(minLength, 12));
    if (nameRule !== undefined) {
      return fc
        .string({ unit: fc.constantFrom(...NAME_UNITS), minLength: Math.max(1, minLength), maxLength })
        .filter((s) => s !== nameRule.mustNotEqual);
    }
    // Mostly plain text (as tag keys must be), sometimes any code point.
    return fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...PLAIN_UNITS), minLength, maxLength }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength, maxLength }) },
    );
  })();
  // `name` is `parent.member` (`workflowType.name`); the pool of the member alone is the fallback.
  const member = name.slice(name.lastIndexOf('.') + 1);
  const pool = Object.hasOwn(known, name)
    ? known[name]
    : Object.hasOwn(known, member)
      ? known[member]
      : undefined;
  if (pool === undefined || pool.length === 0) return generated;
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: generated });
}

/** Arbitrary of a value `spec` accepts (validation-wise; the service may still refuse it). */
function valid(spec: Spec, name: string, known: KnownValues): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case 'string':
      return validString(spec, name, known);
    case 'integer':
      return fc.integer({ min: spec.minValue ?? -(2 ** 31), max: spec.maxValue ?? 2 ** 31 - 1 });
    case 'boolean':
      return fc.boolean();
    case 'timestamp':
      return fc.double({ min: 0, max: 2e9, noNaN: true });
    case 'list':
      return fc.array(valid(spec.member as Spec, name, known), {
        minLength: spec.minLength ?? 0,
        maxLength: Math.min(spec.maxLength ?? 3, 3),
      });
    case 'structure':
      return validStructure(spec.members ?? {}, name.slice(name.lastIndexOf('.') + 1), known);
    default:
      return spec.type satisfies never;
  }
}

/** `structName` is the member holding the structure (`''` at the top), which names its members' pools. */
function validStructure(
  members: Readonly<Record<string, Spec>>,
  structName: string,
  known: KnownValues,
): fc.Arbitrary<unknown> {
  const nameOf = (member: string): string => (structName === '' ? member : `${structName}.${member}`);
  const decisionTypes = members['decisionType']?.enum;
  if (decisionTypes !== undefined) {
    // A decision: its type and the attributes of that type (the other 12 stay absent).
    return fc.constantFrom(...decisionTypes).chain((decisionType) => {
      const attributes = `${decisionType[0]?.toLowerCase()}${decisionType.slice(1)}DecisionAttributes`;
      const spec = members[attributes];
      return spec === undefined
        ? fc.constant({ decisionType })
        : fc.record({
            decisionType: fc.constant(decisionType),
            [attributes]: valid(spec, nameOf(attributes), known),
          });
    });
  }
  const arbitraries = Object.fromEntries(
    Object.entries(members).map(([name, spec]) => [name, valid(spec, nameOf(name), known)]),
  );
  const requiredKeys = Object.entries(members)
    .filter(([, spec]) => spec.required === true)
    .map(([name]) => name);
  return fc.record(arbitraries, { requiredKeys });
}

/** A place in a generated input: member `key` of `container` (present or not), modelled by `spec`. */
interface Slot {
  readonly container: Record<string, unknown> | unknown[];
  readonly key: string | number;
  readonly spec: Spec | undefined;
}

/** Every modelled member slot of `value` (absent ones too) and every structure in it, in order. */
function slotsOf(value: unknown, spec: Spec, slots: Slot[], structures: Record<string, unknown>[]): void {
  if (spec.type === 'structure' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const struct = value as Record<string, unknown>;
    structures.push(struct);
    for (const [name, member] of Object.entries(spec.members ?? {})) {
      slots.push({ container: struct, key: name, spec: member });
      if (struct[name] !== undefined) slotsOf(struct[name], member, slots, structures);
    }
  } else if (spec.type === 'list' && Array.isArray(value)) {
    value.forEach((item, index) => {
      slots.push({ container: value, key: index, spec: spec.member });
      slotsOf(item, spec.member as Spec, slots, structures);
    });
  }
}

/** A value at or past a bound of `spec` (or, for a type without bounds, of another type). */
function outOfRange(spec: Spec | undefined, pick: number): unknown {
  const choose = <T>(options: readonly T[]): T => options[pick % options.length] as T;
  if (spec === undefined) return choose([[], {}, 'x', 0]);
  switch (spec.type) {
    case 'string': {
      const options: unknown[] = [];
      if (spec.maxLength !== undefined) {
        options.push(
          'x'.repeat(spec.maxLength + 1),
          '😀'.repeat(spec.maxLength + 1),
          '😀'.repeat(spec.maxLength),
        );
      }
      if ((spec.minLength ?? 0) > 0) options.push('');
      if (spec.enum !== undefined) options.push('NotAModelledValue', spec.enum[0]?.toLowerCase());
      if (spec.nameRule !== undefined)
        options.push('arn', 'a:b', 'a/b', 'a|b', ' lead', 'trail ', 'c\u0000', '\u0085');
      if (spec.duration !== undefined) options.push('-1', '1.5', '1e3', 'NONE', '99999999', ' 5', '٣');
      if (spec.int32String !== undefined) options.push('2147483648', '-2147483649', '0x10', '1.0', '');
      return options.length === 0 ? 42 : choose(options);
    }
    case 'integer':
      return choose([(spec.minValue ?? 0) - 1, (spec.maxValue ?? 2 ** 31) + 1, 1.5, 2 ** 53, -0, 1e300]);
    case 'timestamp':
      return choose([-1e20, 1e300, '2020-01-01T00:00:00Z', true]);
    case 'list':
      return new Array(Math.min((spec.maxLength ?? 100) + 1, 1001)).fill(pick % 2 === 0 ? 'x' : null);
    case 'boolean':
    case 'structure':
      return choose([[], {}, 'x', 0]);
    default:
      return spec.type satisfies never;
  }
}

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  oddString,
  fc.constantFrom(
    null,
    true,
    -1,
    0.5,
    2 ** 53,
    -0,
    1e308,
    [],
    {},
    [[[]]],
    JSON.parse('{"__proto__":{"x":1}}') as unknown,
  ),
);

const unknownKey = fc.oneof(
  fc.string({ maxLength: 8 }),
  oddString,
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'Domain', 'name '),
);

const base64 = (text: string): string => Buffer.from(text).toString('base64');

/** A field of a genuine page token changed to what the service never writes there. */
const FORGED_FIELD_VALUES = [0.5, -1, 2 ** 53, 'Infinity', null, '1', [], {}, 1e6] as const;

/** A forged task or page token: junk, or a genuine token of the world altered. */
function badToken(known: KnownValues): fc.Arbitrary<string> {
  const pageTokens = known['nextPageToken'] ?? [];
  const taskTokens = known['taskToken'] ?? [];
  const options: fc.Arbitrary<string>[] = [
    fc.string({ maxLength: 40 }),
    oddString,
    fc.constantFrom('', 'x'.repeat(1025), ...['null', '[]', '7', '"x"', '{}', '{"q":null}'].map(base64)),
    fc.jsonValue({ maxDepth: 2 }).map((body) => base64(JSON.stringify(body) ?? 'null')),
  ];
  if (pageTokens.length > 0) {
    const forged = fc
      .record({
        token: fc.constantFrom(...pageTokens),
        field: fc.constantFrom('q', 'o', 't'),
        value: fc.constantFrom(...FORGED_FIELD_VALUES),
      })
      .map(({ token, field, value }) => {
        const body = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, unknown>;
        body[field] = value;
        // JSON.stringify writes no infinite number; JSON.parse reads 1e400 as one.
        return base64(JSON.stringify(body).replace('"Infinity"', '1e400'));
      });
    options.push(forged, forged);
  }
  if (taskTokens.length > 0) {
    options.push(
      fc
        .record({
          token: fc.constantFrom(...taskTokens),
          at: fc.nat(),
          char: fc.constantFrom('A', '0', '=', ''),
        })
        .map(({ token, at, char }) => {
          const index = at % token.length;
          return `${token.slice(0, index)}${char}${token.slice(index + 1)}`;
        }),
    );
  }
  return fc.oneof(...options);
}

const MUTATIONS = [
  'wrongType',
  'missing',
  'outOfRange',
  'unknown',
  'deep',
  'oddUnicode',
  'badToken',
] as const;
type MutationKind = (typeof MUTATIONS)[number];

interface Mutation {
  readonly kind: MutationKind;
  readonly pick: number;
  readonly value: unknown;
  readonly key: string;
  readonly depth: number;
  readonly token: string;
}

function mutation(known: KnownValues): fc.Arbitrary<Mutation> {
  return fc.record({
    kind: fc.constantFrom(...MUTATIONS),
    pick: fc.nat(),
    value: junk,
    key: unknownKey,
    // Around the wire's limit of 1000 levels, and far past it.
    depth: fc.oneof(
      fc.integer({ min: 2, max: 50 }),
      fc.integer({ min: 990, max: 1010 }),
      fc.constant(20_000),
    ),
    token: badToken(known),
  });
}

/**
 * A copy of `m`'s junk value: constants are shared between cases, and a later mutation of the same
 * request may write into what an earlier one put in (making a cycle, or changing the next case).
 */
function junkCopy(m: Mutation): unknown {
  return structuredClone(m.value);
}

/** Applies `m` to `input` in place; returns what it did. */
function mutate(input: Record<string, unknown>, inputSpec: Spec, m: Mutation, oddText: string): string {
  const slots: Slot[] = [];
  const structures: Record<string, unknown>[] = [];
  slotsOf(input, inputSpec, slots, structures);
  const at = <T>(list: readonly T[]): T | undefined => list[m.pick % Math.max(list.length, 1)];
  const set = (slot: Slot, value: unknown): void => {
    (slot.container as Record<string | number, unknown>)[slot.key] = value;
  };
  switch (m.kind) {
    case 'wrongType':
    case 'outOfRange':
    case 'missing': {
      const slot = at(slots);
      if (slot === undefined) return `${m.kind}: no member`;
      if (m.kind === 'missing') delete (slot.container as Record<string | number, unknown>)[slot.key];
      else set(slot, m.kind === 'wrongType' ? junkCopy(m) : outOfRange(slot.spec, m.pick));
      return `${m.kind} at ${String(slot.key)}`;
    }
    case 'oddUnicode':
    case 'badToken': {
      const strings = slots.filter(
        (s) => s.spec?.type === 'string' && (m.kind === 'oddUnicode' || /[Tt]oken$/.test(String(s.key))),
      );
      const slot = at(strings);
      if (slot === undefined) return `${m.kind}: no member`;
      set(slot, m.kind === 'oddUnicode' ? oddText : m.token);
      return `${m.kind} at ${String(slot.key)}`;
    }
    case 'unknown':
    case 'deep': {
      const struct = at(structures) ?? input;
      // Defined as an own property, so `__proto__` is a member as JSON.parse would make it.
      const value = m.kind === 'deep' ? `${DEEP}${m.depth}` : junkCopy(m);
      Object.defineProperty(struct, m.key, { value, enumerable: true, configurable: true, writable: true });
      return `${m.kind} member ${JSON.stringify(m.key)}${m.kind === 'deep' ? ` ${m.depth} deep` : ''}`;
    }
    default:
      return m.kind satisfies never;
  }
}

/** JSON text of `input` with every deep placeholder expanded into nested arrays. */
function bodyText(input: unknown): string {
  const text = JSON.stringify(input) ?? '';
  return text.replace(/"\\u0000swf-sim-deep:(\d+)"/g, (_, depth: string) => {
    const n = Number(depth);
    return `${'['.repeat(n)}0${']'.repeat(n)}`;
  });
}

/** Bodies no client library would send. */
const brokenBody = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value) ?? ''),
  fc.constantFrom(
    '',
    ' ',
    'null',
    '[]',
    '{',
    '{"domain":',
    '\ufeff{}',
    '{"a":1}garbage',
    '{}{}',
    '"\\ud800"',
  ),
  fc.constantFrom(
    `${'['.repeat(1001)}${']'.repeat(1001)}`,
    `{"x":${'{"x":'.repeat(5000)}0${'}'.repeat(5001)}`,
  ),
);

const brokenTarget = fc.constantFrom(
  undefined,
  '',
  'SimpleWorkflowService',
  'SimpleWorkflowService.',
  'SimpleWorkflowService.DescribeTable',
  'simpleworkflowservice.ListDomains',
  'DynamoDB_20120810.ListDomains',
  'SimpleWorkflowService.__proto__',
  'SimpleWorkflowService.constructor',
);

/**
 * Requests for `operations` (default: all 39): about one in three valid as generated, the others
 * with one or two mutations, and a few with a broken body or target.
 */
export function hostileRequest(
  known: KnownValues,
  operations: readonly string[] = MODEL_OPERATIONS,
): fc.Arbitrary<HostileRequest> {
  const perOperation = operations.map((operation) => {
    const spec: Spec = { type: 'structure', members: MODEL[operation]?.input ?? {} };
    return fc
      .record({
        input: valid(spec, '', known),
        mutations: fc.oneof(
          { weight: 1, arbitrary: fc.constant<Mutation[]>([]) },
          { weight: 2, arbitrary: fc.array(mutation(known), { minLength: 1, maxLength: 2 }) },
        ),
        oddText: oddString,
        broken: fc.oneof(
          { weight: 12, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.record({ body: brokenBody }) },
          { weight: 1, arbitrary: fc.record({ target: brokenTarget }) },
        ),
      })
      .map(({ input, mutations, oddText, broken }): HostileRequest => {
        const mutated = structuredClone(input) as Record<string, unknown>;
        const done = mutations.map((m) => mutate(mutated, spec, m, oddText));
        const target = `SimpleWorkflowService.${operation}`;
        if (broken === undefined) return { operation, target, body: bodyText(mutated), mutations: done };
        if ('body' in broken) return { operation, target, body: broken.body, mutations: ['broken body'] };
        return { operation, target: broken.target, body: bodyText(mutated), mutations: ['broken target'] };
      });
  });
  return fc.oneof(...perOperation);
}
