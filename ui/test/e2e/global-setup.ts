// Builds the app once (adapter-node → ui/build) unless the build is newer than every source file.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { uiRoot } from './app.ts';

function newestSourceChange(): number {
  let newest = 0;
  const visit = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json', 'start.mjs']) {
    const path = join(uiRoot, entry);
    if (existsSync(path)) visit(path);
  }
  return newest;
}

export function buildIsFresh(): boolean {
  const built = join(uiRoot, 'build', 'handler.js');
  return existsSync(built) && statSync(built).mtimeMs >= newestSourceChange();
}

export default function setup(): void {
  if (buildIsFresh()) return;
  execFileSync(
    process.execPath,
    [join(uiRoot, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: uiRoot,
      // vitest sets NODE_ENV=test, which would make vite-plugin-svelte compile a dev build (with
      // per-element SSR validation, ~3x slower); test exactly what `make ui` serves.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
}
