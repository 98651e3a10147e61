#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx kodeverk …` works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../server/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
