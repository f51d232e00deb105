// Loads and compiles the digest templates once per process (I/O: reads notifier/templates/).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileTemplate, type DigestTemplate, parseTextTemplate } from './render.ts';

export const templatesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');
export const digestTemplatePath = join(templatesDir, 'digest.mjml');
/** The plain-text part, filled with the same view model and markers as the MJML. */
export const digestTextTemplatePath = join(templatesDir, 'digest.txt');

let cached: Promise<DigestTemplate> | undefined;

export function loadDigestTemplate(): Promise<DigestTemplate> {
  cached ??= Promise.all([
    readFile(digestTemplatePath, 'utf8').then((source) => compileTemplate(source, digestTemplatePath)),
    readFile(digestTextTemplatePath, 'utf8').then(parseTextTemplate),
  ]).then(([html, text]) => ({ html, text }));
  return cached;
}
