// Public entry of the fake API: `import { generatePostings } from '@jobs/loaders/fake'`.
export { chooseFault, FAULT_KINDS, type FaultKind, type FaultRule, FaultSpecError, parseFaults } from './faults.ts';
export {
  type Company,
  companySearch,
  EMPLOYER_BASE_NAMES,
  familyFor,
  type GeneratorOptions,
  generatePostings,
  type Posting,
  postingAt,
  resultCount,
  type SearchFilters,
  searchPage,
} from './generator.ts';
export { type FakeApi, type FakeApiOptions, filtersFrom, startFakeApi } from './server.ts';
export { ROLE_FAMILIES, SOFT_SKILLS } from './vocabulary.ts';
