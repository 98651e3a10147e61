import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root: where package.json, views/, templates/ and server/reference/data live. The same module runs
 * from the source (server/platform/paths.ts, under vitest and tsx) and from the build (dist/server/platform/paths.js,
 * under `npm start` and the CLI), one level deeper; the build emits only JavaScript, so files read at run time are
 * found from here, never next to the calling module.
 */
export const projectRoot: string = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Fant ikke package.json over ${from}`);
  }
}

/**
 * A module next to `base` (pass `import.meta.url`) with the caller's own extension: `.ts` when running from the
 * source, `.js` from the build. For `new Worker(...)` and dynamic imports of files named at run time.
 */
export function siblingModule(base: string, name: string): URL {
  return new URL(`${name}${path.extname(fileURLToPath(base))}`, base);
}
