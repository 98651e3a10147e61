import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { projectRoot, siblingModule } from '../../server/platform/paths.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

/*
 * `npm start` runs the build (dist/server/…, one level deeper, JavaScript only): a file read at run time relative
 * to its module (`path.dirname(fileURLToPath(import.meta.url))`) would be looked for in dist/ and not found. Such
 * files are read from projectRoot (server/platform/paths.ts). These modules use import.meta.url for what the build
 * does emit — modules (migrations, the worker) with the caller's own extension — or to know they are the entry.
 */
const MODULE_RELATIVE = new Set(['server/platform/paths.ts', 'server/platform/db/migrate.ts', 'server/cli/main.ts', 'server/imports/import.jobs.ts', 'server/spreadsheet/xlsx-thread.ts']);

describe('files read at run time from the build', () => {
  it('when a server module uses import.meta.url, then it is one that locates modules, not data (views, templates, CSVs go through projectRoot)', () => {
    const users = [...sources('server'), ...sources('migrations')].filter((f) => fs.readFileSync(path.join(root, f), 'utf8').includes('import.meta.url'));
    const unexpected = users.filter((f) => !MODULE_RELATIVE.has(f.split(path.sep).join('/')));
    expect(unexpected, 'read data files from projectRoot (server/platform/paths.ts); a module located next to its caller belongs in MODULE_RELATIVE').toEqual([]);
  });

  it('when the project root is found from the source, then it holds package.json, views/ and templates/', () => {
    expect(projectRoot).toBe(root);
    for (const p of ['package.json', 'views/layouts', 'templates', 'server/reference/data']) expect(fs.existsSync(path.join(projectRoot, p)), p).toBe(true);
  });

  it('when a sibling module is named, then it gets the caller’s own extension', () => {
    expect(siblingModule('file:///app/dist/server/imports/import.jobs.js', './import.worker').href).toBe('file:///app/dist/server/imports/import.worker.js');
    expect(siblingModule('file:///app/server/imports/import.jobs.ts', './import.worker').href).toBe('file:///app/server/imports/import.worker.ts');
  });
});
