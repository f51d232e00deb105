// jobctl rescore --profile N: rescore one profile right after an edit, without waiting for the
// daily run. dbt does the work (dim_ranking with var rescore_profile_id: that profile's rows only,
// no new jobs, so the table's watermarks do not move); this module only builds the command and
// runs it. marts.profile_top_jobs is a view over dim_ranking, so it shows the new rows at once.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export class RescoreError extends Error {
  override name = 'RescoreError';
}

/** The dbt invocation and its environment (DBT_* from DATABASE_URL, as scripts/with-db does). Pure. */
export function rescoreCommand(
  profileId: number,
  env: Record<string, string | undefined>,
): { executable: string; args: string[]; env: Record<string, string | undefined> } {
  const dbtDir = env.DBT_PROJECT_DIR ?? join(repoRoot, 'dbt');
  const dbtEnv: Record<string, string | undefined> = { ...env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false' };
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    dbtEnv.DBT_HOST = url.hostname || '127.0.0.1';
    dbtEnv.DBT_PORT = url.port || '5432';
    dbtEnv.DBT_USER = decodeURIComponent(url.username) || 'postgres';
    dbtEnv.DBT_PASSWORD = decodeURIComponent(url.password);
    dbtEnv.DBT_DATABASE = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'jobs';
  }
  return {
    executable: env.DBT_EXECUTABLE ?? join(repoRoot, '.venv', 'dbt', 'bin', 'dbt'),
    args: [
      'run',
      '--quiet',
      '--select',
      // The edited profile's concepts and IDF weights first, then its rows.
      'int_ranking__profile_concepts',
      'dim_ranking',
      '--vars',
      JSON.stringify({ rescore_profile_id: profileId }),
      '--project-dir',
      dbtDir,
      '--profiles-dir',
      dbtDir,
    ],
    env: dbtEnv,
  };
}

/** Runs the rescore; resolves with dbt's exit code, rejects when dbt cannot be started. */
export function runRescore(profileId: number, env: Record<string, string | undefined>): Promise<number> {
  const command = rescoreCommand(profileId, env);
  return new Promise((resolve, reject) => {
    const child = spawn(command.executable, command.args, {
      env: command.env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', (error) =>
      reject(new RescoreError(`cannot start dbt (${command.executable}): ${error.message}`)),
    );
    child.on('close', (code) => resolve(code ?? 1));
  });
}
