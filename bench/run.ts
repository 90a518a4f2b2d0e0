/**
 * `npm run bench`: runs every compiled `bench/*.bench.js` (or only those whose names contain an
 * argument), one after another so they do not compete for the two cores.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => filters.length === 0 || filters.some((word) => f.includes(word)))
  .sort();
for (const file of files) {
  process.stdout.write(`\n== ${file.replace(/\.js$/, '')} ==\n`);
  const module = (await import(pathToFileURL(`${dir}${file}`).href)) as { main(): Promise<void> };
  await module.main();
}
