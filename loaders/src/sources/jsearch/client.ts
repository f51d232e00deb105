import type { ApiConfig, HttpPolicy } from '../../config.ts';
import { type ApiCallStats, ApiHttpClient, type ApiResponse } from '../../http/client.ts';
import type { Logger } from '../../log.ts';

export class JsearchClient {
  readonly http: ApiHttpClient;
  constructor(api: ApiConfig, policy: HttpPolicy, logger: Logger) {
    this.http = new ApiHttpClient(api, policy, logger);
  }
  // `usable` checks each 2xx body, so an unusable page is retried within the one retry policy.
  search(
    params: URLSearchParams,
    stats: ApiCallStats,
    usable?: (response: ApiResponse) => boolean,
  ): Promise<ApiResponse> {
    return this.http.get('/search', params, stats, usable);
  }
}
