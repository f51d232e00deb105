// Pure: MJML → HTML once, then fill the compiled HTML per profile, plus the plain-text part.
// Values are inserted after MJML ran and are HTML-escaped on the way in; they are never parsed
// as template text, so a posting cannot inject markup or placeholders.
import { dirname } from 'node:path';
import mjml2html from 'mjml';
import type { DigestView } from './digest.ts';

export class TemplateError extends Error {
  override name = 'TemplateError';
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'value'; name: string }
  | { kind: 'each' | 'if'; name: string; children: Node[] };

export interface CompiledTemplate {
  nodes: Node[];
  /** Size of the compiled HTML, for logs. */
  htmlLength: number;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);
}

const MARKER = /\[\[([a-z_]+)\]\]|<!--nf:(each|if) ([a-z_]+)-->|<!--nf:end-->/g;

/** Parse compiled HTML with [[value]] and <!--nf:each|if name-->…<!--nf:end--> markers. */
export function parseTemplate(html: string): Node[] {
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [{ name: '(root)', children: root }];
  let last = 0;
  const current = () => (stack[stack.length - 1] as { children: Node[] }).children;
  for (const match of html.matchAll(MARKER)) {
    const index = match.index ?? 0;
    if (index > last) current().push({ kind: 'text', text: html.slice(last, index) });
    last = index + match[0].length;
    if (match[1]) {
      current().push({ kind: 'value', name: match[1] });
    } else if (match[2]) {
      const block: Node = { kind: match[2] as 'each' | 'if', name: match[3] as string, children: [] };
      current().push(block);
      stack.push(block);
    } else {
      if (stack.length === 1) throw new TemplateError('nf:end without an open block');
      stack.pop();
    }
  }
  if (stack.length > 1) throw new TemplateError(`block "${stack[stack.length - 1]?.name}" is never closed`);
  if (last < html.length) current().push({ kind: 'text', text: html.slice(last) });
  return root;
}

/** Compile the MJML once (mjml 5 is async and slow, ~30 ms), keep the parsed result. */
export async function compileTemplate(mjmlSource: string, filePath?: string): Promise<CompiledTemplate> {
  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    result = await mjml2html(mjmlSource, {
      validationLevel: 'strict',
      keepComments: false,
      // No web-font imports: a digest loads nothing from third parties when opened.
      fonts: {},
      // mjml 5 ignores mj-include unless asked; partials may only come from the template's folder.
      ...(filePath ? { filePath, ignoreIncludes: false, includePath: dirname(filePath) } : {}),
    });
  } catch (error) {
    // Strict validation throws a ValidationError listing every problem.
    throw new TemplateError(`MJML template is invalid: ${(error as Error).message.trim()}`);
  }
  if (result.errors?.length) {
    const detail = result.errors.map((error) => error.formattedMessage ?? error.message).join('; ');
    throw new TemplateError(`MJML template is invalid: ${detail}`);
  }
  // Drop MJML's indentation: a quarter of the bytes, and HTML collapses the whitespace anyway
  // (the template has no <pre> or <textarea>).
  const html = result.html.replace(/[ \t]*\n\s*/g, '\n');
  return { nodes: parseTemplate(html), htmlLength: html.length };
}

type Scope = Record<string, unknown>;

function lookup(scopes: Scope[], name: string): unknown {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i] as Scope;
    if (Object.hasOwn(scope, name)) return scope[name];
  }
  throw new TemplateError(`template value "${name}" is missing from the digest view`);
}

// String concatenation (V8 ropes) beats collecting parts and joining for this many small pieces.
function fill(nodes: Node[], scopes: Scope[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'value') out += escapeHtml(String(lookup(scopes, node.name)));
    else if (node.kind === 'if') {
      if (lookup(scopes, node.name)) out += fill(node.children, scopes);
    } else {
      const items = lookup(scopes, node.name);
      if (!Array.isArray(items)) throw new TemplateError(`template list "${node.name}" is not a list`);
      for (const item of items) out += fill(node.children, [...scopes, item as Scope]);
    }
  }
  return out;
}

export function renderHtml(template: CompiledTemplate, view: DigestView): string {
  return fill(template.nodes, [view as unknown as Scope]);
}

export function renderText(view: DigestView): string {
  const lines = [`Daily job digest · ${view.digest_date}`, view.profile_name, '', view.summary, ''];
  for (const job of view.jobs) {
    lines.push(`${job.rank}. ${job.title}`);
    lines.push(`   ${job.company}${job.has_rating ? ` · ★ ${job.rating}` : ''}`);
    lines.push(`   ${job.location}${job.is_remote ? ' · Remote' : ''} · ${job.posted}`);
    lines.push(`   ${job.salary}`);
    lines.push(`   Score ${job.score}/100${job.reasons.map((reason) => ` · ${reason.text}`).join('')}`);
    lines.push(job.has_apply ? `   Apply: ${job.apply_url}` : '   No safe apply link was provided for this posting.');
    if (job.has_also_on) {
      lines.push(`   Also on: ${job.also_on.map((copy) => `${copy.publisher} ${copy.url}`).join(' · ')}`);
    }
    if (job.has_feedback) lines.push(`   Not interested: ${job.not_interested_url}`, `   Applied: ${job.applied_url}`);
    lines.push('');
  }
  if (view.no_jobs) {
    lines.push('Nothing new today: every job that matches this profile has already been sent to you.', '');
  }
  lines.push('--');
  lines.push(`You receive this email because the job-search profile “${view.profile_name}” is active`);
  lines.push(`and sends its digest to ${view.email}. Each job is sent to you once.`);
  lines.push(`Unsubscribe (pause this digest): ${view.unsubscribe_url}`);
  lines.push(`Edit this profile: ${view.edit_url}`);
  return `${lines.join('\n')}\n`;
}

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

export function renderDigest(template: CompiledTemplate, view: DigestView): RenderedDigest {
  return { subject: view.subject, html: renderHtml(template, view), text: renderText(view) };
}
