// Types of lib.mjs for TypeScript callers (the app's browser suite renders a report with it).
export type TestStatus = 'pass' | 'warn' | 'fail' | 'error' | 'skip' | (string & {});

export interface TestResult {
  id: string;
  name: string;
  kind: 'unit' | 'generic' | 'singular';
  testType: string;
  model: string | null;
  column: string | null;
  severity: 'warning' | 'critical';
  status: TestStatus;
  failures: number | null;
  message: string | null;
}

export interface RunSummary {
  invocationId: string | null;
  generatedAt: string | null;
  command: string | null;
  elapsedSeconds: number | null;
  totals: Record<string, number>;
  nodeProblems: { id: string; status: TestStatus; message: string | null }[];
  tests: TestResult[];
  database?: string | null;
}

export const HISTORY_LIMIT: number;
export function summarizeRun(runResults: unknown, manifest: unknown): RunSummary;
export function countStatuses(tests: { status: TestStatus }[]): Record<string, number>;
export function appendRun(
  history: { runs?: RunSummary[] } | null,
  run: RunSummary,
  limit?: number,
): { runs: RunSummary[]; added: boolean };
export function runsOf(runs: RunSummary[], database: string | null): RunSummary[];
export function testMatrix(runs: RunSummary[]): (TestResult & { statuses: (TestStatus | null)[] })[];
export function freshnessRows(sources: unknown): Record<string, unknown>[];
export function escapeHtml(value: unknown): string;
export function formatTimestamp(value: string | null | undefined): string;
export function renderReport(options: {
  runs: RunSummary[];
  sources: unknown;
  rowCounts: { schema: string; table: string; rows: number }[] | null;
  generatedAt: string;
  database?: string | null;
}): string;
