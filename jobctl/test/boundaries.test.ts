// The workspaces' allowed edges, checked on the product code (src/ and bin/ of each workspace;
// tests may use the fake API and spawn jobctl). A new import across workspaces fails here until
// it is added below on purpose, and in that workspace's package.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// workspace folder -> the workspaces its product code may import.
const ALLOWED: Record<string, string[]> = {
  loaders: [],
  notifier: [],
  'fake-api': ['loaders'],
  jobctl: ['loaders', 'notifier', 'fake-api'],
  ui: ['notifier', 'loaders'], // loaders: the generated vocabulary and the board-source row type
  infra: [],
};

const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
const packageName = (workspace: string): string =>
  (JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8')) as { name: string }).name;
const byPackage = new Map(rootPackage.workspaces.map((workspace) => [packageName(workspace), workspace]));

const CODE = /\.(ts|mts|js|mjs|svelte)$/;
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : files(path);
    return CODE.test(entry.name) ? [path] : [];
  });
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

// Every (file, workspace it imports) pair of one workspace's product code.
function crossImports(workspace: string): Array<{ file: string; target: string; specifier: string }> {
  const found: Array<{ file: string; target: string; specifier: string }> = [];
  for (const file of ['src', 'bin'].flatMap((dir) => files(join(root, workspace, dir)))) {
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      if (!specifier) continue;
      let target: string | undefined;
      if (specifier.startsWith('.')) {
        const [top] = relative(root, resolve(dirname(file), specifier)).split(sep);
        target = top;
      } else if (specifier.startsWith('@jobs/')) {
        target = byPackage.get(specifier.split('/').slice(0, 2).join('/')) ?? specifier;
      }
      if (target && target !== workspace) found.push({ file: relative(root, file), target, specifier });
    }
  }
  return found;
}

describe('workspace boundaries', () => {
  it('every workspace is listed here', () => {
    expect(Object.keys(ALLOWED).sort()).toEqual([...rootPackage.workspaces].sort());
  });

  it.each(Object.keys(ALLOWED))('%s imports only the workspaces it may', (workspace) => {
    const forbidden = crossImports(workspace).filter(({ target }) => !ALLOWED[workspace]?.includes(target));
    expect(forbidden).toEqual([]);
  });

  it('the loaders never import the notifier, jobctl or the fake API', () => {
    const targets = new Set(crossImports('loaders').map(({ target }) => target));
    for (const other of ['notifier', 'jobctl', 'fake-api']) expect(targets.has(other)).toBe(false);
  });

  it.each(Object.keys(ALLOWED))("%s's package.json declares every workspace it imports", (workspace) => {
    const manifest = JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const declared = new Set(Object.keys(manifest.dependencies ?? {}).map((name) => byPackage.get(name) ?? name));
    const imported = new Set(crossImports(workspace).map(({ target }) => target));
    expect([...imported].filter((target) => !declared.has(target))).toEqual([]);
  });
});
