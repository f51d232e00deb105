// Public entry of the fake API: `import { generatePostings, startFakeApi } from '@jobs/fake-api'`.
export { companyNameFor, FAKE_BOARD_SIZE, fakeBoardPostings, UNKNOWN_BOARD } from './boards.ts';
export { chooseFault, FAULT_KINDS, type FaultKind, type FaultRule, FaultSpecError, parseFaults } from './faults.ts';
export {
  BULK_QUERIES,
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
  showcaseJobId,
} from './generator.ts';
export { type FakeApi, type FakeApiOptions, type FakeApiStats, filtersFrom, startFakeApi } from './server.ts';
export { ROLE_FAMILIES, SOFT_SKILLS } from './vocabulary.ts';
