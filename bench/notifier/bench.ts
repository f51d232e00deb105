// bench-notifier: digests for 1,000 profiles rendered (MJML compiled once, then filled per
// profile) and sent over pooled SMTP to the local sink running in its own process.
// Writes <BENCH_RESULTS_DIR or bench/results>/parts/notifier.json with medians of RUNS runs.
//   notify.render_ms_per_digest  target <= 1 ms
//   notify.mails_per_s           target >= 100
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CandidateJob, Profile } from '../../notifier/src/choose.ts';
import { buildDigestView } from '../../notifier/src/present.ts';
import { type RenderedDigest, renderDigest } from '../../notifier/src/render.ts';
import { createMailer } from '../../notifier/src/send.ts';
import { loadDigestTemplate } from '../../notifier/src/templates.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PROFILES = Number(process.env.BENCH_NOTIFY_PROFILES ?? 1000);
const JOBS_PER_DIGEST = Number(process.env.BENCH_NOTIFY_TOP_N ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_NOTIFY_CONNECTIONS ?? 5);
const UNPOOLED_SAMPLE = Number(process.env.BENCH_NOTIFY_UNPOOLED ?? 10);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const round = (value: number, digits = 3) => Number(value.toFixed(digits));

// Deterministic, realistic-looking inputs: varied titles, companies, salaries, RTL and emoji.
const TITLES = [
  'Senior Data Engineer',
  'Analytics Engineer',
  'מהנדס נתונים',
  'ML Platform Engineer 🚀',
  'Staff Backend Developer (Go/Postgres)',
];
function candidates(profileIndex: number): CandidateJob[] {
  return Array.from({ length: JOBS_PER_DIGEST }, (_, j) => {
    const n = profileIndex * JOBS_PER_DIGEST + j;
    return {
      jobId: `job-${n}`,
      jobPostingKey: `key-${n}`,
      rankScore: 95 - j * 3,
      reasons: [
        `python and developer in the title`,
        `${5 - (j % 5)} of 6 preferred skills`,
        'In Toronto, your location',
      ],
      jobTitle: `${TITLES[n % TITLES.length]} <${n}> & more`,
      employerName: `Employer ${n % 97}`,
      companyName: n % 4 === 0 ? null : `Company ${n % 89} & Co`,
      companyRating: n % 3 === 0 ? null : 3 + (n % 20) / 10,
      jobCity: 'Toronto',
      jobState: 'ON',
      jobCountry: 'CA',
      isRemote: n % 2 === 0,
      salaryMinAnnual: n % 5 === 0 ? null : 80000 + (n % 7) * 5000,
      salaryMaxAnnual: n % 5 === 0 ? null : 120000 + (n % 7) * 5000,
      salaryCurrency: 'CAD',
      jobAgeDays: n % 14,
      applyLink: `https://jobs.example.com/apply/${n}?utm_source=digest&ref=${n}`,
    };
  });
}
const profiles: Profile[] = Array.from({ length: PROFILES }, (_, i) => ({
  profileId: i + 1,
  profileName: `Profile ${i + 1}: data roles near Toronto`,
  email: `person${i + 1}@example.com`,
  notifyWhenEmpty: true,
}));
const inputs = profiles.map((profile, i) => ({ profile, jobs: candidates(i) }));
const context = { digestDate: '2026-11-28', uiPublicUrl: 'http://127.0.0.1:3000' };

async function startSinkProcess(): Promise<{ port: number; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'notifier/src/cli.ts', 'smtp-sink', '--port', '0'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('\n')) resolve(buffer.split('\n')[0] as string);
    });
    child.once('exit', (code) => reject(new Error(`smtp-sink exited early with ${code}`)));
  });
  const { port } = JSON.parse(line) as { port: number };
  return {
    port,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

// CPU seconds (user + system) a process has used so far, from /proc (Linux).
async function cpuSeconds(pid: number): Promise<number> {
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

const cpu = { senderMsPerMail: [] as number[], sinkMsPerMail: [] as number[] };

async function sendAll(port: number, digests: RenderedDigest[], pooled: boolean, sinkPid?: number): Promise<number> {
  const mailer = createMailer({
    from: 'Job digest <digest@example.com>',
    smtpUrl: `smtp://bench:bench@127.0.0.1:${port}`,
    maxConnections: CONNECTIONS,
    pooled,
  });
  const started = performance.now();
  const senderBefore = process.cpuUsage();
  const sinkBefore = sinkPid ? await cpuSeconds(sinkPid) : Number.NaN;
  const results = await Promise.allSettled(
    digests.map((digest, i) =>
      mailer.deliver({ to: profiles[i % profiles.length]?.email as string, digest, digestId: `bench/p${i}` }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  if (sinkPid) {
    const used = process.cpuUsage(senderBefore);
    cpu.senderMsPerMail.push((used.user + used.system) / 1000 / digests.length);
    cpu.sinkMsPerMail.push((((await cpuSeconds(sinkPid)) - sinkBefore) * 1000) / digests.length);
  }
  await mailer.close();
  const failed = results.filter((result) => result.status === 'rejected');
  if (failed.length)
    throw new Error(`${failed.length} sends failed: ${String((failed[0] as PromiseRejectedResult).reason)}`);
  return digests.length / seconds;
}

async function main() {
  const compileStarted = performance.now();
  const template = await loadDigestTemplate();
  const compileMs = performance.now() - compileStarted;

  // Render: every run fills all digests from the one compiled template (view model included).
  // Like the CLI, each digest is dropped after use; only its size is kept.
  const renderOnce = () => {
    let chars = 0;
    const started = performance.now();
    for (const { profile, jobs } of inputs) {
      const digest = renderDigest(template, buildDigestView(profile, jobs, context));
      chars += digest.html.length + digest.text.length;
    }
    return { msPerDigest: (performance.now() - started) / PROFILES, chars };
  };
  renderOnce(); // warm-up (JIT), not counted
  const renderRuns: number[] = [];
  let avgChars = 0;
  for (let run = 0; run < RUNS; run++) {
    const { msPerDigest, chars } = renderOnce();
    renderRuns.push(msPerDigest);
    avgChars = chars / PROFILES;
  }
  const digests = inputs.map(({ profile, jobs }) => renderDigest(template, buildDigestView(profile, jobs, context)));

  const sink = await startSinkProcess();
  const sendRuns: number[] = [];
  let unpooled: number | null = null;
  try {
    await sendAll(sink.port, digests.slice(0, 200), true); // warm-up (JIT in both processes)
    for (let run = 0; run < RUNS; run++) sendRuns.push(await sendAll(sink.port, digests, true, sink.pid));
    // For comparison: one new connection per mail, one mail at a time (what pooling avoids).
    if (UNPOOLED_SAMPLE > 0) {
      const started = performance.now();
      for (const digest of digests.slice(0, UNPOOLED_SAMPLE)) await sendAll(sink.port, [digest], false);
      unpooled = UNPOOLED_SAMPLE / ((performance.now() - started) / 1000);
    }
  } finally {
    await sink.stop();
  }

  // The machine is shared: record how busy it was, so wall-clock figures can be read fairly.
  const machine = `${cpus().length} cores, node ${process.version}, load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join('/')} at the end`;
  const results = [
    {
      name: 'notify.render_ms_per_digest',
      value: round(median(renderRuns), 4),
      unit: 'ms',
      target: '<= 1',
      runs: RUNS,
      detail: {
        profiles: PROFILES,
        jobs_per_digest: JOBS_PER_DIGEST,
        runs_ms_per_digest: renderRuns.map((value) => round(value, 4)),
        one_time_mjml_compile_ms: round(compileMs, 1),
        avg_message_chars: Math.round(avgChars),
        includes: 'view model (formatting, truncation, escaping) + HTML fill + text part',
        machine,
      },
    },
    {
      name: 'notify.mails_per_s',
      value: round(median(sendRuns), 1),
      unit: 'mails/s',
      target: '>= 100',
      runs: RUNS,
      detail: {
        mails_per_run: PROFILES,
        runs_mails_per_s: sendRuns.map((value) => round(value, 1)),
        transport: `nodemailer SMTP pool, ${CONNECTIONS} connections, MIME built per message`,
        sink: 'notifier smtp-sink (smtp-server) in its own process on 127.0.0.1, messages counted not stored',
        sender_cpu_ms_per_mail: round(median(cpu.senderMsPerMail), 2),
        sink_cpu_ms_per_mail: round(median(cpu.sinkMsPerMail), 2),
        // What one free core each for sender and sink would allow (CPU time, not wall clock).
        cpu_bound_mails_per_s: round(1000 / Math.max(median(cpu.senderMsPerMail), median(cpu.sinkMsPerMail)), 0),
        unpooled_sequential_mails_per_s: unpooled === null ? null : round(unpooled, 1),
        unpooled_sample: UNPOOLED_SAMPLE,
        machine,
      },
    },
  ];
  const out = join(process.env.BENCH_RESULTS_DIR || join(root, 'bench', 'results'), 'parts', 'notifier.json');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify({ results }, null, 2)}\n`);
  for (const result of results) console.log(`${result.name}: ${result.value} ${result.unit} (target ${result.target})`);
  console.log(`wrote ${out}`);
}

main().catch((error) => {
  console.error(`${error.name}: ${error.message}`);
  process.exitCode = 1;
});
