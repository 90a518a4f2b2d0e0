/** Milliseconds of an SWF duration string ("NONE" → undefined: the clock is never armed). @internal */
export function durationMs(duration: string | undefined): number | undefined {
  if (duration === undefined || duration === 'NONE') return undefined;
  return Number(duration) * 1000;
}

/** A validated int32 priority string as a number (absent → 0, SWF's default). @internal */
export function priorityOf(taskPriority: string | undefined): number {
  return taskPriority === undefined ? 0 : Number(taskPriority);
}
