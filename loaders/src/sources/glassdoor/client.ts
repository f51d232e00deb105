import type { ApiConfig, HttpPolicy } from '../../config.ts';
import { type ApiCallStats, ApiHttpClient, type ApiResponse } from '../../http/client.ts';
import type { Logger } from '../../log.ts';

export function companySearchParams(employerName: string, limit = 10): URLSearchParams {
  return new URLSearchParams({ query: employerName.trim().replace(/\s+/g, ' '), limit: String(limit) });
}

export class GlassdoorClient {
  readonly http: ApiHttpClient;
  constructor(api: ApiConfig, policy: HttpPolicy, logger: Logger) {
    this.http = new ApiHttpClient(api, policy, logger);
  }
  companySearch(employerName: string, stats: ApiCallStats): Promise<ApiResponse> {
    return this.http.get('/company-search', companySearchParams(employerName), stats);
  }
}
