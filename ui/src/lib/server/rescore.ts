// Saving a profile queues a rescore of that profile only (jobctl rescore --profile N, a dbt run
// of its dim_ranking rows), so the page's reasons follow the saved settings without waiting for
// the daily run. Until it finishes the detail page says "scores are being refreshed" (its rows
// still carry the old profile_updated_at). On when UI_RESCORE_ON_SAVE=1: the app host then needs
// the repository's dbt virtualenv (make install).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// The built app's own path says nothing about the repository; it runs from the root or from ui/.
function jobctlPath(env: Record<string, string | undefined>): string | null {
  const candidates = [env.JOBCTL_PATH, join(process.cwd(), 'jobctl', 'bin', 'jobctl.mjs')];
  candidates.push(join(process.cwd(), '..', 'jobctl', 'bin', 'jobctl.mjs'));
  return candidates.find((path): path is string => !!path && existsSync(path)) ?? null;
}

// One rescore per profile at a time; a save during a run asks for one more run after it.
const running = new Map<number, { again: boolean }>();

function start(profileId: number, jobctl: string): void {
  const state = { again: false };
  running.set(profileId, state);
  const child = spawn(process.execPath, [jobctl, 'rescore', '--profile', String(profileId)], {
    env: process.env,
    stdio: 'ignore',
  });
  const done = () => {
    running.delete(profileId);
    if (state.again) start(profileId, jobctl);
  };
  child.on('error', done);
  child.on('close', done);
}

export function queueRescore(profileId: number, env: Record<string, string | undefined> = process.env): boolean {
  if (env.UI_RESCORE_ON_SAVE !== '1') return false;
  const jobctl = jobctlPath(env);
  if (!jobctl) return false;
  const state = running.get(profileId);
  if (state) state.again = true;
  else start(profileId, jobctl);
  return true;
}
