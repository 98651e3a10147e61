#!/usr/bin/env node
// Runs the built CLI (dist/, made by `npm run build`, which `npm install` runs through `prepare`): no TypeScript
// transpiler at run time.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/server/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('Kodeverk er ikke bygget ennå. Kjør «npm install» (eller «npm run build») i prosjektmappen først.\n');
  process.exit(1);
}
const { runCli } = await import(cli.href);
process.exitCode = await runCli(process.argv.slice(2));
