#!/usr/bin/env node
// Runs the built CLI (dist/, made by `npm run build`, which `npm install` runs through `prepare`): no TypeScript
// transpiler at run time.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/server/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('Kodeverk er ikke bygget ennå. Kjør «npm install» (eller «npm run build») i prosjektmappen først.\n');
  process.exit(1);
}
// A reader that stops early (`kodeverk validate … | head`) closes the pipe: its choice, not an error with a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { runCli } = await import(cli.href);
process.exitCode = await runCli(process.argv.slice(2));
