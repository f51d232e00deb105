// Configuration from the environment, validated once. Pure: takes the env object as an argument.

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface NotifyConfig {
  databaseUrl: string;
  /** Unset means no SMTP delivery (outbox / dry-run only). */
  smtpUrl: string | null;
  mailFrom: string;
  topN: number;
  uiPublicUrl: string;
  /** Parallel SMTP connections (and profiles in flight). */
  concurrency: number;
}

export const DEFAULTS = {
  mailFrom: 'Job digest <jobs-digest@localhost>',
  topN: 10,
  uiPublicUrl: 'http://127.0.0.1:3000',
  concurrency: 5,
};

function positiveInt(env: Record<string, string | undefined>, name: string, fallback: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ConfigError(`${name} must be a whole number from 1 to ${max} (got "${raw}")`);
  }
  return value;
}

/** The SMTP URL with any password (and a user name that is an e-mail address) replaced, for logs. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    if (decodeURIComponent(url.username).includes('@')) url.username = '***';
    return url.toString();
  } catch {
    return '(unparsable URL)';
  }
}

export function loadConfig(env: Record<string, string | undefined>): NotifyConfig {
  const databaseUrl = env.DATABASE_URL?.trim();
  if (!databaseUrl) throw new ConfigError('DATABASE_URL is not set');

  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\/[^/]/i.test(smtpUrl)) {
    throw new ConfigError(`SMTP_URL must look like smtp://user:pass@host:587 (got ${redactUrl(smtpUrl)})`);
  }

  const mailFrom = env.MAIL_FROM?.trim() || DEFAULTS.mailFrom;
  if (!/@/.test(mailFrom) || /[\r\n]/.test(mailFrom)) {
    throw new ConfigError(`MAIL_FROM must be an email address, optionally with a name (got "${mailFrom}")`);
  }

  const uiPublicUrl = env.UI_PUBLIC_URL?.trim() || DEFAULTS.uiPublicUrl;
  let parsedUi: URL;
  try {
    parsedUi = new URL(uiPublicUrl);
  } catch {
    throw new ConfigError(`UI_PUBLIC_URL must be an absolute http(s) URL (got "${uiPublicUrl}")`);
  }
  if (parsedUi.protocol !== 'http:' && parsedUi.protocol !== 'https:') {
    throw new ConfigError(`UI_PUBLIC_URL must be an absolute http(s) URL (got "${uiPublicUrl}")`);
  }

  return {
    databaseUrl,
    smtpUrl,
    mailFrom,
    topN: positiveInt(env, 'NOTIFY_TOP_N', DEFAULTS.topN, 100),
    uiPublicUrl,
    concurrency: positiveInt(env, 'NOTIFY_CONCURRENCY', DEFAULTS.concurrency, 50),
  };
}
