/** `swf-sim run`: not built yet. */
export function run(_args: string[]): Promise<number> {
  process.stderr.write('swf-sim run: not available yet\n');
  return Promise.resolve(2);
}
