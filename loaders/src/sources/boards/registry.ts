// Every ATS module under this folder, found by its `source.ts`: adding an ATS is adding a folder,
// nothing here changes. Loaded once (top-level await); the order is alphabetical.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BoardSource } from './types.ts';

// The public entry of the boards (`@jobs/loaders/boards`): the fake API renders every ATS from it.
export type { BoardRequest, BoardSource, FakeBoardPosting } from './types.ts';

export class UnknownAtsError extends Error {
  override name = 'UnknownAtsError';
}

const here = dirname(fileURLToPath(import.meta.url));

async function discover(): Promise<Map<string, BoardSource>> {
  const found = new Map<string, BoardSource>();
  const folders = readdirSync(here, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const folder of folders) {
    const file = join(here, folder, 'source.ts');
    let module: { source?: BoardSource };
    try {
      module = await import(pathToFileURL(file).href);
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes(file)) continue;
      throw error;
    }
    if (!module.source) throw new Error(`${file} does not export "source"`);
    if (module.source.ats !== folder) throw new Error(`${file}: ats "${module.source.ats}" must equal its folder name`);
    found.set(folder, module.source);
  }
  return found;
}

export const BOARD_SOURCES: ReadonlyMap<string, BoardSource> = await discover();

export const atsNames = (): string[] => [...BOARD_SOURCES.keys()];

export function boardSource(ats: string): BoardSource {
  const source = BOARD_SOURCES.get(ats);
  if (!source) throw new UnknownAtsError(`unknown ATS "${ats}" (one of: ${atsNames().join(', ')})`);
  return source;
}
