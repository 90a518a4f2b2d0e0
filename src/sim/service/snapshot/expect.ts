import { SnapshotError } from './ServiceSnapshot.js';

/** Refuses the snapshot: a `SnapshotError` naming the offending member. @internal */
export function fail(path: string, message: string): never {
  throw new SnapshotError(`${path}: ${message}`);
}

/** A JSON object (not an array, not null). @internal */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` as a JSON object, or refused. @internal */
export function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (!isObject(value)) fail(path, 'expected an object');
  return value;
}

/** `value` as an array, or refused. @internal */
export function expectArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'expected an array');
  return value;
}

/** `value` as a string, or refused. @internal */
export function expectString(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'expected a string');
  return value;
}

/** `value` as a string when present, or refused. @internal */
export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : expectString(value, path);
}

/** `value` as a safe integer of at least `min`, or refused. @internal */
export function expectInteger(value: unknown, path: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    fail(path, `expected an integer >= ${min}`);
  }
  return value;
}

/** `value` as epoch milliseconds, or refused. @internal */
export function expectTime(value: unknown, path: string): number {
  return expectInteger(value, path, 0);
}

/** `value` as one of `allowed`, or refused. @internal */
export function expectOneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(path, `expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}
