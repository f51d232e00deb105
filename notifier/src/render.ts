// Pure: MJML → HTML once, then fill the compiled HTML per profile; the plain-text part is filled
// from templates/digest.txt with the same markers and the same view model, so both parts carry
// one wording. Values are inserted after the templates were parsed (HTML-escaped in the HTML part);
// they are never parsed as template text, so a posting cannot inject markup or placeholders.
import { dirname } from 'node:path';
import mjml2html from 'mjml';
import type { DigestView } from './present.ts';

export class TemplateError extends Error {
  override name = 'TemplateError';
}

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'value'; name: string }
  | { kind: 'each' | 'if'; name: string; children: TemplateNode[] };

export interface CompiledTemplate {
  nodes: TemplateNode[];
  /** Size of the compiled HTML, for logs. */
  htmlLength: number;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);
}

const MARKER = /\[\[([a-z_]+)\]\]|<!--nf:(each|if) ([a-z_]+)-->|<!--nf:end-->/g;

/** Parse compiled HTML with [[value]] and <!--nf:each|if name-->…<!--nf:end--> markers. */
export function parseTemplate(html: string): TemplateNode[] {
  const root: TemplateNode[] = [];
  const stack: { name: string; children: TemplateNode[] }[] = [{ name: '(root)', children: root }];
  let last = 0;
  const current = () => (stack[stack.length - 1] as { children: TemplateNode[] }).children;
  for (const match of html.matchAll(MARKER)) {
    const index = match.index ?? 0;
    if (index > last) current().push({ kind: 'text', text: html.slice(last, index) });
    last = index + match[0].length;
    if (match[1]) {
      current().push({ kind: 'value', name: match[1] });
    } else if (match[2]) {
      const block: TemplateNode = { kind: match[2] as 'each' | 'if', name: match[3] as string, children: [] };
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

// A marker alone on its line leaves no blank line behind in the plain-text part.
const STANDALONE_MARKER_LINE = /^[ \t]*(<!--nf:(?:(?:each|if) [a-z_]+|end)-->)[ \t]*\r?\n/gm;

/** Parse the plain-text template (same markers as the MJML; a marker alone on a line takes no line). */
export function parseTextTemplate(source: string): TemplateNode[] {
  return parseTemplate(source.replace(STANDALONE_MARKER_LINE, '$1'));
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

const asIs = (value: string) => value;

// String concatenation (V8 ropes) beats collecting parts and joining for this many small pieces.
function fill(nodes: TemplateNode[], scopes: Scope[], encode: (value: string) => string): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'value') out += encode(String(lookup(scopes, node.name)));
    else if (node.kind === 'if') {
      if (lookup(scopes, node.name)) out += fill(node.children, scopes, encode);
    } else {
      const items = lookup(scopes, node.name);
      if (!Array.isArray(items)) throw new TemplateError(`template list "${node.name}" is not a list`);
      for (const item of items) out += fill(node.children, [...scopes, item as Scope], encode);
    }
  }
  return out;
}

export function renderHtml(template: CompiledTemplate, view: DigestView): string {
  return fill(template.nodes, [view as unknown as Scope], escapeHtml);
}

/** The plain-text part: values go in as they are (it is text, nothing interprets markup). */
export function renderText(textNodes: TemplateNode[], view: DigestView): string {
  return fill(textNodes, [view as unknown as Scope], asIs);
}

/** Both parts of the digest: the compiled MJML and the parsed plain-text template. */
export interface DigestTemplate {
  html: CompiledTemplate;
  text: TemplateNode[];
}

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

export function renderDigest(template: DigestTemplate, view: DigestView): RenderedDigest {
  return { subject: view.subject, html: renderHtml(template.html, view), text: renderText(template.text, view) };
}
