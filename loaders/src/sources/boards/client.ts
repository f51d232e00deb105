// The board HTTP side shared by every ATS: base URL from the module's env variable, the one
// ApiHttpClient (retries, timeouts, size cap, redirects refused) with one rate limiter per ATS
// host, and the fetch + validation of one board.
import { type ApiConfig, baseUrl, type HttpPolicy } from '../../config.ts';
import { type ApiCallStats, ApiHttpClient } from '../../http/client.ts';
import type { Logger } from '../../log.ts';
import { checkResponseText, type ResponseCheck } from '../../pipeline/validate.ts';
import type { BoardSource } from './types.ts';

export class BoardTokenError extends Error {
  override name = 'BoardTokenError';
}

type Env = Record<string, string | undefined>;

export function boardApiConfig(source: BoardSource, env: Env): ApiConfig {
  // Board APIs are public and keyless: no key header is ever sent.
  return {
    baseUrl: baseUrl(env, source.baseUrlEnv, source.defaultBaseUrl),
    apiKey: undefined,
    authStyle: 'direct',
    rapidApiHost: undefined,
  };
}

export function checkBoardToken(source: BoardSource, token: string): string {
  const trimmed = token.trim();
  if (!source.tokenPattern.test(trimmed)) {
    throw new BoardTokenError(`"${token}" is not a valid ${source.label} board token: ${source.tokenHint}`);
  }
  return trimmed;
}

export class BoardClients {
  private readonly clients = new Map<string, ApiHttpClient>();
  constructor(
    private readonly env: Env,
    private readonly policy: HttpPolicy,
    private readonly logger: Logger,
  ) {}

  // One client (so one rate limiter) per ATS: polite to each host.
  clientFor(source: BoardSource): ApiHttpClient {
    let client = this.clients.get(source.ats);
    if (!client) {
      client = new ApiHttpClient(boardApiConfig(source, this.env), this.policy, this.logger);
      this.clients.set(source.ats, client);
    }
    return client;
  }

  // One board: its whole listing in one request (none of the three ATS APIs pages by default).
  async fetchBoard(source: BoardSource, token: string, stats: ApiCallStats): Promise<ResponseCheck> {
    const request = source.request(checkBoardToken(source, token));
    const response = await this.clientFor(source).get(request.path, request.params, stats);
    return checkResponseText(response.text, source.shape);
  }
}
