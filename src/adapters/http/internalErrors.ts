/** Distinct causes reported before the log says it stops (a hostile client must not grow it without end). */
const MAX_DISTINCT = 100;

/** The first stack line below the message: where the error was thrown. */
function throwSite(error: Error): string {
  const lines = (error.stack ?? '').split('\n');
  return lines.find((line) => line.trimStart().startsWith('at '))?.trim() ?? '';
}

/**
 * Reports the server's own failures (an answer of 500 `InternalFailure`) so a user can report
 * them: the operation, the error and its stack, once per distinct cause (operation, error class
 * and throw site), since one bug is often hit by every later request.
 * @internal
 */
export class InternalErrorLog {
  private readonly seen = new Set<string>();

  constructor(private readonly write: ((line: string) => void) | undefined) {}

  report(where: string, error: unknown): void {
    if (this.write === undefined) return;
    const err = error instanceof Error ? error : new Error(String(error));
    const key = `${where}\n${err.name}\n${throwSite(err) || err.message}`;
    if (this.seen.has(key) || this.seen.size >= MAX_DISTINCT) return;
    this.seen.add(key);
    const details = err.stack ?? `${err.name}: ${err.message}`;
    const last =
      this.seen.size === MAX_DISTINCT ? `; ${MAX_DISTINCT} distinct errors logged, no more will be` : '';
    this.write(
      `internal error in ${where} (answered 500 InternalFailure; repeats are not logged${last}): ${details}`,
    );
  }
}
