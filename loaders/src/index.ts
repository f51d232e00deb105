export { ConfigError, type LoaderConfig, loadConfig } from './config.ts';
export { HttpError, NetworkError, QuotaExceededError } from './http/client.ts';
export { employersToQueue, extractCompanies, lookupKeysOf } from './pipeline/extract-companies.ts';
export { extractJobs } from './pipeline/extract-jobs.ts';
export { RawLoader } from './pipeline/load.ts';
export { AGGREGATOR_KEYS, isAggregator, websiteDomain } from './pipeline/lookup-key.ts';
export type { Resource } from './pipeline/resource.ts';
export { SIMILARITY_THRESHOLD, selectCompany } from './sources/glassdoor/match.ts';
export { buildSearchPlan } from './sources/jsearch/request.ts';
