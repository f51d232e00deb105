// Loads and compiles the digest template once per process (I/O: reads notifier/templates/).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CompiledTemplate, compileTemplate } from './render.ts';

export const templatesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');
export const digestTemplatePath = join(templatesDir, 'digest.mjml');

let cached: Promise<CompiledTemplate> | undefined;

export function loadDigestTemplate(): Promise<CompiledTemplate> {
  cached ??= readFile(digestTemplatePath, 'utf8').then((source) => compileTemplate(source, digestTemplatePath));
  return cached;
}
