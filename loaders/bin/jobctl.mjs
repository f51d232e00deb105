#!/usr/bin/env node
// Placeholder until the loaders land their CLI (loaders/src/cli.ts).
process.stderr.write('jobctl: not built yet\n');
process.exit(1);
