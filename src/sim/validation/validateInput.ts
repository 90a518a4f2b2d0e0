import { SwfFault } from '../faults/SwfFault.js';
import type { OperationInput, OperationName } from '../service/operations.js';
import constraints from './constraints.json' with { type: 'json' };

/** One input member as `scripts/gen-constraints.mjs` writes it (see that script for the fields). */
interface MemberSpec {
  readonly type: string;
  readonly required?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  /** What a message says of a value that does not match `pattern`: the model states these rules in prose. */
  readonly patternConstraint?: string;
  readonly numericMin?: number;
  readonly numericMax?: number;
  readonly members?: Readonly<Record<string, MemberSpec>>;
  readonly member?: MemberSpec;
  /** A list whose null elements are kept, not refused (one a recording shows SWF storing). */
  readonly nullMembers?: boolean;
}

interface ConstraintsFile {
  readonly operations: Readonly<Record<string, Readonly<Record<string, MemberSpec>>>>;
}

const OPERATIONS: ConstraintsFile['operations'] = (constraints as ConstraintsFile).operations;

/**
 * Checks a present (non-null) value whose path is `base + rel`, where `rel` is fixed when the check
 * is compiled and `base` is the dynamic part (`''` at the top, `decisions.2.member` inside a list),
 * and returns its copy as the service keeps it: structures hold only their modelled members.
 * Constraint problems are pushed onto `problems`; a wrong JSON type throws at once, because Coral
 * fails deserialization before it validates anything.
 */
type Check = (value: unknown, base: string) => unknown;

// Reused across calls (validation is synchronous and never re-entered) to avoid allocations per call.
// Both are left empty by every call, also one that throws.
const problems: string[] = [];
const memberValueArrays: unknown[][] = [];

// Operation name → its compiled check, filled on first use.
const compiled = Object.create(null) as Record<string, Check>;

/** Values longer than this many UTF-16 code units are cut in messages (data members hold up to 32 KB). */
const RENDERED_VALUE_MAX = 100;

/**
 * Validates the decoded input of `operation` against the SWF service model's constraints, and
 * returns the input as the service may keep it: a fresh copy holding only the members the model
 * defines, at every depth, without `null` members (Coral drops members it does not model, so nothing a
 * client adds — however large or deep — ever reaches the service's state or its answers).
 *
 * Otherwise throws an {@link SwfFault}:
 * - `SerializationException` when the input is not an object or a member has the wrong JSON type
 *   (timestamps may be a `Date` or epoch seconds); the first such member is named.
 * - `ValidationException` listing every constraint violation in Coral's format, e.g.
 *   `2 validation errors detected: Value null at 'domain' failed to satisfy constraint: Member must
 *   not be null; Value '1001' at 'maximumPageSize' failed to satisfy constraint: Member must have
 *   value less than or equal to 1000`.
 *
 * Unknown members are ignored and `null` counts as absent, as Coral does; a null list element is
 * refused, except where a recording shows SWF storing one (`StartWorkflowExecution`'s `tagList`),
 * which keeps it. Lengths count Unicode code points. Values over 100 UTF-16 code units are shown
 * cut, followed by `...`. A member that fails a length bound is not also checked against its
 * name/duration/int32 pattern. Each operation's checks are compiled once, on first use.
 * @internal
 */
export function validateInput<Op extends OperationName>(operation: Op, input: unknown): OperationInput<Op> {
  let check = compiled[operation];
  if (check === undefined) {
    const members = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
    if (members === undefined) {
      throw new SwfFault('UnknownOperationException', `Unknown operation: ${operation}`);
    }
    check = compileStructure(members, '', true);
    compiled[operation] = check;
  }
  let accepted: unknown;
  try {
    accepted = check(input, '');
  } catch (error) {
    // A wrong JSON type cut the walk short: drop what it collected so the next call starts clean.
    problems.length = 0;
    for (const values of memberValueArrays) values.fill(undefined);
    throw error;
  }
  if (problems.length > 0) {
    const count = problems.length;
    const message = `${count} validation error${count === 1 ? '' : 's'} detected: ${problems.join('; ')}`;
    problems.length = 0;
    throw new SwfFault('ValidationException', message);
  }
  return accepted as OperationInput<Op>;
}

function compileMember(spec: MemberSpec, rel: string): Check {
  switch (spec.type) {
    case 'string':
      return compileString(spec, rel);
    case 'integer':
      return compileInteger(spec, rel);
    case 'boolean':
      return (value, base) => {
        if (typeof value !== 'boolean') throw wrongType(base + rel, 'boolean', value);
        return value;
      };
    case 'timestamp':
      // Decoded wire input carries epoch seconds; the direct API passes Dates.
      return (value, base) => {
        const ok =
          typeof value === 'number'
            ? Number.isFinite(value)
            : value instanceof Date && !Number.isNaN(value.getTime());
        if (!ok) throw wrongType(base + rel, 'timestamp', value);
        return value instanceof Date ? new Date(value.getTime()) : value;
      };
    case 'structure':
      return compileStructure(spec.members ?? {}, rel, false);
    case 'list':
      return compileList(spec, rel);
    default:
      throw new Error(`constraints.json: unsupported member type ${spec.type} at ${rel}`);
  }
}

function compileString(spec: MemberSpec, rel: string): Check {
  const { minLength = 0, maxLength = Infinity, numericMin = -Infinity, numericMax = Infinity } = spec;
  const pattern = spec.pattern === undefined ? undefined : new RegExp(spec.pattern, 's');
  const patternText = spec.patternConstraint;
  if (pattern !== undefined && patternText === undefined) {
    throw new Error(`constraints.json: pattern without patternConstraint at ${rel}`);
  }
  const enumValues = spec.enum === undefined ? undefined : new Set(spec.enum);
  const enumText = `Member must satisfy enum value set: [${spec.enum?.join(', ')}]`;
  const hasNumericBounds = spec.numericMin !== undefined || spec.numericMax !== undefined;
  return (value, base) => {
    if (typeof value !== 'string') throw wrongType(base + rel, 'string', value);
    // Lengths count code points, as [...value].length would (the model counts characters, not
    // UTF-16 units). Code points lie between length/2 and length, so most strings are never counted.
    let lengthOk = true;
    if (value.length < minLength || (value.length < 2 * minLength && codePointLength(value) < minLength)) {
      lengthOk = false;
      problems.push(
        problem(value, base + rel, `Member must have length greater than or equal to ${minLength}`),
      );
    }
    if (value.length > maxLength && codePointLength(value) > maxLength) {
      lengthOk = false;
      problems.push(problem(value, base + rel, `Member must have length less than or equal to ${maxLength}`));
    }
    // The patterns are derived from the model's prose rather than modeled constraints (messages word
    // the rule instead of showing our regex), so a member
    // that already failed a length bound is not reported twice (e.g. '' would also fail `[^:]+`).
    if (pattern !== undefined && lengthOk) {
      if (!pattern.test(value)) {
        problems.push(problem(value, base + rel, patternText as string));
      } else if (hasNumericBounds && value !== 'NONE') {
        // Durations and int32 strings: the number they spell has bounds of its own.
        const n = Number(value);
        if (n < numericMin) {
          problems.push(
            problem(value, base + rel, `Member must have value greater than or equal to ${numericMin}`),
          );
        } else if (n > numericMax) {
          problems.push(
            problem(value, base + rel, `Member must have value less than or equal to ${numericMax}`),
          );
        }
      }
    }
    if (enumValues !== undefined && !enumValues.has(value)) {
      problems.push(problem(value, base + rel, enumText));
    }
    return value;
  };
}

function compileInteger(spec: MemberSpec, rel: string): Check {
  const { minValue = -Infinity, maxValue = Infinity } = spec;
  return (value, base) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(base + rel, 'integer', value);
    if (value < minValue) {
      problems.push(
        problem(value, base + rel, `Member must have value greater than or equal to ${minValue}`),
      );
    } else if (value > maxValue) {
      problems.push(problem(value, base + rel, `Member must have value less than or equal to ${maxValue}`));
    }
    return value;
  };
}

function compileList(spec: MemberSpec, rel: string): Check {
  const { minLength = 0, maxLength = Infinity } = spec;
  if (spec.member === undefined) throw new Error(`constraints.json: list without member at ${rel}`);
  const element = compileMember(spec.member, '');
  const elementPrefix = `${rel}.`;
  const nullMembers = spec.nullMembers === true;
  return (value, base) => {
    if (!Array.isArray(value)) throw wrongType(base + rel, 'list', value);
    // List bounds count elements, not characters.
    if (value.length < minLength) {
      problems.push(
        problem(value, base + rel, `Member must have length greater than or equal to ${minLength}`),
      );
    }
    if (value.length > maxLength) {
      problems.push(problem(value, base + rel, `Member must have length less than or equal to ${maxLength}`));
    }
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const itemBase = `${base}${elementPrefix}${i + 1}.member`;
      // A null element is reported like a null required member, except in the lists a recording
      // shows SWF storing one (StartWorkflowExecution's tagList), where it is kept as null.
      if (item === undefined || item === null) {
        if (nullMembers) copy[i] = null;
        else problems.push(nullProblem(itemBase));
      } else copy[i] = element(item, itemBase);
    }
    return copy;
  };
}

interface CompiledMember {
  readonly name: string;
  readonly required: boolean;
  readonly check: Check;
  /** Runs when an optional member is absent (decision attributes, see compileDecisionAbsentChecks). */
  readonly onAbsent: ((struct: Readonly<Record<string, unknown>>, base: string) => void) | undefined;
}

/**
 * Structures with more members than this are read by walking the input's own keys: most members of
 * big structures (a Decision has 14, one of them used) are absent, and looking up an absent property
 * by a varying name is the slowest step of validation.
 */
const DIRECT_LOOKUP_MAX = 4;

/**
 * `isRoot` marks the operation's input itself, whose member paths have no leading dot; anywhere
 * else a member's path is the structure's path plus `.name`.
 */
function compileStructure(specs: Readonly<Record<string, MemberSpec>>, rel: string, isRoot: boolean): Check {
  const memberRel = (name: string): string => (isRoot ? name : `${rel}.${name}`);
  const decisionAbsentChecks = compileDecisionAbsentChecks(specs, memberRel);
  const members: CompiledMember[] = Object.entries(specs).map(([name, spec]) => ({
    name,
    required: spec.required === true,
    check: compileMember(spec, memberRel(name)),
    onAbsent: decisionAbsentChecks.get(name),
  }));
  const count = members.length;
  const names = members.map((m) => m.name);
  const nullPaths = members.map((m) => memberRel(m.name));
  const indexByName = Object.create(null) as Record<string, number>;
  names.forEach((name, index) => (indexByName[name] = index));
  const byKeys = count > DIRECT_LOOKUP_MAX;
  // Member values in model order, so problems come out in the order Coral reports them. Safe to
  // reuse: input shapes are not recursive, so this structure is never validated inside itself.
  const values = new Array<unknown>(count).fill(undefined);
  memberValueArrays.push(values);
  return (value, base) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) {
      throw wrongType(base + rel, 'structure', value);
    }
    const struct = value as Readonly<Record<string, unknown>>;
    if (byKeys) {
      for (const key in struct) {
        const index = indexByName[key];
        if (index !== undefined) values[index] = struct[key];
      }
    } else {
      for (let i = 0; i < count; i++) values[i] = struct[names[i]!];
    }
    const copy: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const memberValue = values[i];
      values[i] = undefined; // do not keep the caller's data alive
      const member = members[i]!;
      // Coral treats an explicit null exactly like an absent member.
      if (memberValue === undefined || memberValue === null) {
        if (member.required) problems.push(nullProblem(base + nullPaths[i]!));
        else if (member.onAbsent !== undefined) member.onAbsent(struct, base);
      } else {
        copy[member.name] = member.check(memberValue, base);
      }
    }
    return copy;
  };
}

/**
 * For a Decision structure (one with an enum `decisionType` beside `<lowerCamelType>DecisionAttributes`
 * members): when the attributes member that matches `decisionType` is absent, its required members
 * are reported as null at their own paths, which is what the service's null checks produce.
 * Returns attributes member name → that check; empty for every other structure.
 */
function compileDecisionAbsentChecks(
  specs: Readonly<Record<string, MemberSpec>>,
  memberRel: (name: string) => string,
): Map<string, (struct: Readonly<Record<string, unknown>>, base: string) => void> {
  const checks = new Map<string, (struct: Readonly<Record<string, unknown>>, base: string) => void>();
  const decisionTypes = specs['decisionType']?.enum;
  if (decisionTypes === undefined) return checks;
  for (const decisionType of decisionTypes) {
    const attributesName = `${decisionType.charAt(0).toLowerCase()}${decisionType.slice(1)}DecisionAttributes`;
    const attributes = specs[attributesName]?.members;
    if (attributes === undefined) continue;
    const requiredPaths = Object.entries(attributes)
      .filter(([, spec]) => spec.required === true)
      .map(([name]) => `${memberRel(attributesName)}.${name}`);
    if (requiredPaths.length === 0) continue;
    checks.set(attributesName, (struct, base) => {
      if (struct['decisionType'] !== decisionType) return;
      for (const path of requiredPaths) problems.push(nullProblem(base + path));
    });
  }
  return checks;
}

/** Unicode code points in `s` (same as `[...s].length`, without building an array). */
function codePointLength(s: string): number {
  let count = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const unit = s.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

function problem(value: unknown, path: string, constraint: string): string {
  return `Value '${renderValue(value)}' at '${path}' failed to satisfy constraint: ${constraint}`;
}

function nullProblem(path: string): string {
  return `Value null at '${path}' failed to satisfy constraint: Member must not be null`;
}

/**
 * Renders a value the way Coral's Java `toString` would (lists as `[a, b]`), cut to
 * {@link RENDERED_VALUE_MAX} code units plus `...` when longer. Error path only. Rendering stops
 * once past the cut, so a huge, deep or cyclic value costs no more than a short one.
 */
function renderValue(value: unknown): string {
  const rendered = { parts: [] as string[], length: 0 };
  renderInto(value, rendered);
  const text = rendered.parts.join('');
  if (text.length <= RENDERED_VALUE_MAX) return text;
  let end = RENDERED_VALUE_MAX;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // never split a surrogate pair
  return `${text.slice(0, end)}...`;
}

/**
 * Appends `value`'s rendering to `out` until it is longer than the cut. Every level adds at least
 * one bracket, so recursion ends within {@link RENDERED_VALUE_MAX} levels however deep `value` is.
 */
function renderInto(value: unknown, out: { parts: string[]; length: number }): void {
  const put = (text: string): boolean => {
    const room = RENDERED_VALUE_MAX + 1 - out.length;
    const piece = text.length > room ? text.slice(0, room + 1) : text;
    out.parts.push(piece);
    out.length += piece.length;
    return out.length <= RENDERED_VALUE_MAX;
  };
  if (Array.isArray(value)) {
    if (!put('[')) return;
    for (let i = 0; i < value.length; i++) {
      if (i > 0 && !put(', ')) return;
      renderInto(value[i], out);
      if (out.length > RENDERED_VALUE_MAX) return;
    }
    put(']');
  } else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    if (!put('{')) return;
    let first = true;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if ((!first && !put(', ')) || !put(`${key}=`)) return;
      first = false;
      renderInto((value as Record<string, unknown>)[key], out);
      if (out.length > RENDERED_VALUE_MAX) return;
    }
    put('}');
  } else {
    put(value instanceof Date ? String(value.getTime() / 1000) : String(value));
  }
}

function wrongType(path: string, expected: string, value: unknown): SwfFault {
  const where = path === '' ? 'input' : `'${path}'`;
  return new SwfFault(
    'SerializationException',
    `Cannot deserialize ${where}: expected ${expected}, found ${jsonTypeOf(value)}`,
  );
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Date) return 'timestamp';
  if (typeof value === 'object') return 'structure';
  return typeof value;
}
