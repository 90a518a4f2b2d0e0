/**
 * Tests that need a tool outside npm (the AWS CLI, Chromium): they run when it is installed, are
 * skipped with a note on stderr when it is not, and fail without it in CI, where .ci/run installs it.
 */

/** Whether the tests run in CI: `CI` set to anything but '', '0' or 'false'. */
export const IN_CI =
  process.env.CI !== undefined && !['', '0', 'false'].includes(process.env.CI.toLowerCase());

/**
 * Whether to run the tests that need a tool: when it is `available`, or in CI (where its absence
 * fails them). Otherwise writes `skipped` (why, and how to install it) to stderr.
 */
export function runsWithTool(available: boolean, skipped: string): boolean {
  if (!available && !IN_CI) process.stderr.write(`${skipped}; CI=true makes this a failure\n`);
  return available || IN_CI;
}
