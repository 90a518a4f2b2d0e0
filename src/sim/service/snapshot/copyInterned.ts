import { internString } from '../../history/PackedHistory.js';

/**
 * A copy of a parsed JSON value (as `structuredClone` makes, `__proto__` an own member) whose short
 * strings are the shared copies: the thousands of imported runs that repeat a task list, a type or
 * a timeout then hold one string between them, as runs made through the API do.
 * @internal
 */
export function copyInterned<T>(value: T): T {
  if (typeof value === 'string') return internString(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => copyInterned(item)) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(copy, key, {
      value: copyInterned(item),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return copy as T;
}
