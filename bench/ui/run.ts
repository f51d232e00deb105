// bench-ui: the built profile app under load (autocannon, 50 connections), against a warehouse
// clone holding 1,000 profiles and one profile with 365 daily runs and 300 ranked jobs.
// Writes <BENCH_RESULTS_DIR or bench/results>/parts/ui.json with medians of RUNS runs:
//   ui.list_p99_ms    GET /profiles (first page of 1,000)       target <= 100 ms
//   ui.detail_p99_ms  GET /profiles/{id} (365 runs of history)   target <= 100 ms
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannonModule from 'autocannon';
import pg from 'pg';
import { adminUrl, createTestDatabase } from '../../tests/support/pg.ts';
import { signInAs, startApp } from '../../ui/test/e2e/app.ts';
import setup from '../../ui/test/e2e/global-setup.ts';
import {
  dailyRuns,
  insertManyProfiles,
  insertProfile,
  insertRankedJobs,
  insertRuns,
} from '../../ui/test/support/warehouse.ts';

interface CannonResult {
  latency: { p50: number; p99: number; average: number; max: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
const autocannon = autocannonModule as unknown as (options: Record<string, unknown>) => Promise<CannonResult>;

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_UI_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_UI_DURATION_S ?? 10);
// Server processes (ui/start.mjs UI_WORKERS): a number, or `auto` for one per core.
const WORKERS = process.env.BENCH_UI_WORKERS ?? '1';
const workerCount = WORKERS === 'auto' ? Math.min(16, availableParallelism()) : Number(WORKERS);
// The app's page cache (ui/README.md): on unless UI_PAGE_CACHE=off, which the app inherits from here.
const PAGE_CACHE = process.env.UI_PAGE_CACHE === 'off' ? 'off' : 'on';
const PROFILES = Number(process.env.BENCH_UI_PROFILES ?? 1000);
const HISTORY_RUNS = 365;
const RANKED_JOBS = 300;

// CPU time per request, read from /proc (Linux): the app's processes (the launcher and its workers)
// and its PostgreSQL backends. Unlike latency it barely moves when other work shares the cores.
const CLOCK_TICKS_PER_S = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function cpuMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S) * 1000;
  } catch {
    return 0; // gone, or not Linux
  }
}

function childPids(parent: number): number[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((entry) => {
        try {
          const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent;
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

async function appCpuMs(appPid: number, admin: pg.Client, database: string): Promise<{ app: number; db: number }> {
  const { rows } = await admin.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = $1 and application_name = 'jobs-ui'",
    [database],
  );
  const sum = (pids: number[]) => pids.reduce((total, pid) => total + cpuMs(pid), 0);
  return { app: sum([appPid, ...childPids(appPid)]), db: sum(rows.map((row) => row.pid)) };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function seed(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const now = new Date();
    await insertManyProfiles(client, PROFILES - 1, now);
    const profileId = await insertProfile(client, {
      profile_name: 'Benchmark: data engineer, Toronto',
      query: 'data engineer',
      location: 'Toronto',
      country: 'ca',
      email: 'bench@example.com',
      preferred_skills: ['sql', 'python', 'dbt'],
      last_run_at: now,
      last_run_status: 'success',
      last_run_job_count: 40,
      total_run_count: HISTORY_RUNS,
    });
    await insertRuns(client, profileId, dailyRuns(HISTORY_RUNS, now, 'bench'));
    const skills = ['sql', 'python', 'dbt', 'airflow', 'aws', 'spark', 'kafka', 'docker', 'terraform', 'go', 'java'];
    await insertRankedJobs(
      client,
      profileId,
      Array.from({ length: RANKED_JOBS }, (_, index) => ({
        key: `bench-job-${index}`,
        title: `Data Engineer ${index}`,
        employer: `Employer ${index % 40}`,
        skills: skills.filter((_, skill) => (index + skill) % 3 === 0),
        score: (index * 37) % 100,
        salaryMin: 90_000,
        salaryMax: 140_000,
        applyLink: `https://jobs.example.com/${index}`,
        rating: 3 + (index % 20) / 10,
      })),
    );
    await client.query('analyze');
    return profileId;
  } finally {
    await client.end();
  }
}

async function measure(url: string, cookie: string): Promise<CannonResult> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { accept: 'text/html', cookie },
  });
  // A wrong answer invalidates the run; slow answers (timeouts) are what we measure, so they are reported.
  if (result.non2xx > 0) throw new Error(`${url}: ${result.non2xx} responses were not 2xx`);
  return result;
}

async function main(): Promise<void> {
  setup(); // builds ui/ if the build is older than its sources
  const database = await createTestDatabase('bench_ui', { warehouse: true });
  const app = await startApp(database.url, { UI_WORKERS: WORKERS }).catch(async (error) => {
    await database.drop();
    throw error;
  });
  try {
    const profileId = await seed(database.url);
    // Measured as a signed-in user (a server-side session, issue 22) who owns every profile, so
    // each request pays the session lookup and the row-level security of a real user.
    const user = await signInAs(database.url, 'bench-user@example.com', 'user');
    const owner = new pg.Client({ connectionString: database.url });
    await owner.connect();
    await owner
      .query('update marts.profile_preferences set owner_user_id = $1', [user.userId])
      .finally(() => owner.end());
    const fetch = (url: string) => globalThis.fetch(url, { headers: { cookie: user.cookie } });
    const pages = {
      list: `${app.origin}/profiles`,
      detail: `${app.origin}/profiles/${profileId}`,
    };
    // Sanity: the pages render what we measure (a full list page; the detail page's history).
    const listHtml = await (await fetch(pages.list)).text();
    const detailHtml = await (await fetch(pages.detail)).text();
    if ((listHtml.match(/data-profile-id=/g) ?? []).length !== 50) throw new Error('list page is not a full page');
    if (!detailHtml.includes(`Showing the latest 30 of ${HISTORY_RUNS} runs.`))
      throw new Error('detail page lacks history');
    // …and everything else the detail page must show, so it cannot get faster by showing less.
    for (const part of [
      'aggregates',
      'data-quality',
      'chart-runs',
      'chart-scores',
      'chart-skills',
      'top-jobs',
      'settings',
    ])
      if (!detailHtml.includes(`data-testid="${part}"`)) throw new Error(`detail page lacks ${part}`);
    if ((detailHtml.match(/<li class="job[ "]/g) ?? []).length !== 10)
      throw new Error('detail page lacks its top 10 jobs');
    const results = [];
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    try {
      for (const [page, url] of Object.entries(pages)) {
        // warm-up: JIT, pool, caches
        await autocannon({ url, connections: CONNECTIONS, duration: 2, headers: { cookie: user.cookie } });
        const runs: CannonResult[] = [];
        const loadBefore = loadavg()[0] ?? 0;
        const cpuBefore = await appCpuMs(app.pid, admin, database.name);
        for (let run = 0; run < RUNS; run += 1) runs.push(await measure(url, user.cookie));
        const cpuAfter = await appCpuMs(app.pid, admin, database.name);
        const loadAfter = loadavg()[0] ?? 0;
        const requests = runs.reduce((total, run) => total + run.requests.total, 0);
        const cpuPerRequest = {
          app: Number(((cpuAfter.app - cpuBefore.app) / requests).toFixed(2)),
          db: Number(((cpuAfter.db - cpuBefore.db) / requests).toFixed(2)),
        };
        const p99 = median(runs.map((run) => run.latency.p99));
        console.log(
          `ui.${page}_p99_ms = ${p99} ms (p50 ${median(runs.map((run) => run.latency.p50))} ms, ` +
            `${Math.round(median(runs.map((run) => run.requests.average)))} req/s; ${workerCount} worker(s); ` +
            `page cache ${PAGE_CACHE}; ` +
            `load average ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)}; ` +
            `CPU per request: app ${cpuPerRequest.app} ms, PostgreSQL ${cpuPerRequest.db} ms)`,
        );
        results.push({
          name: `ui.${page}_p99_ms`,
          value: p99,
          unit: 'ms',
          target: '<= 100',
          runs: RUNS,
          detail: {
            url: new URL(url).pathname,
            connections: CONNECTIONS,
            duration_s: DURATION_S,
            p50_ms: median(runs.map((run) => run.latency.p50)),
            mean_ms: Number(median(runs.map((run) => run.latency.average)).toFixed(2)),
            requests_per_s: Math.round(median(runs.map((run) => run.requests.average))),
            runs_p99_ms: runs.map((run) => run.latency.p99),
            errors_and_timeouts: runs.map((run) => run.errors + run.timeouts),
            data:
              page === 'list'
                ? `${PROFILES} profiles, 50 per page`
                : `${HISTORY_RUNS} runs, ${RANKED_JOBS} ranked jobs`,
            workers: workerCount,
            page_cache: PAGE_CACHE,
            cpus: cpus().length,
            // Other work on the machine competes for the same cores; record it next to the figures.
            load_average_1m: [Number(loadBefore.toFixed(2)), Number(loadAfter.toFixed(2))],
            cpu_ms_per_request: cpuPerRequest,
            note: 'autocannon, the app and PostgreSQL share the same machine',
          },
        });
      }
    } finally {
      await admin.end();
    }
    const out = join(process.env.BENCH_RESULTS_DIR || join(root, 'bench', 'results'), 'parts');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'ui.json'), `${JSON.stringify({ results }, null, 2)}\n`);
    console.log(`wrote ${join(out, 'ui.json')}`);
  } finally {
    await app.stop();
    await database.drop();
  }
}

await main();
