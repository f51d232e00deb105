import type { ApiConfig, HttpPolicy } from '../../config.ts';
import { type ApiCallStats, ApiHttpClient, type ApiResponse } from '../../http/client.ts';
import type { Logger } from '../../log.ts';

export class JsearchClient {
  readonly http: ApiHttpClient;
  constructor(api: ApiConfig, policy: HttpPolicy, logger: Logger) {
    this.http = new ApiHttpClient(api, policy, logger);
  }
  search(params: URLSearchParams, stats: ApiCallStats): Promise<ApiResponse> {
    return this.http.get('/search', params, stats);
  }
}
