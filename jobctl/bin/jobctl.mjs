#!/usr/bin/env node
// jobctl: runs jobctl/src/cli.ts in-process through tsx's ESM loader (no second node process).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
