import Handlebars from 'handlebars';
import { ShopcastError } from '../errors';
import { checkMessage, type MessageCheck, type SendOptions } from '../sms';
import {
  canonicalName,
  contextValue,
  findVariable,
  isAvailable,
  sampleContext,
  TEMPLATE_VARIABLES,
  type TemplateAudience,
  type TemplateContext,
} from './catalogue';

/**
 * Merchant texts with {variable} placeholders, validated at save time and rendered at send time.
 * Handlebars runs underneath, but the merchant's text never reaches its parser as code: every
 * literal brace is emitted through a helper, so "{{", "}}", "{{#each}}" or "{{> x}}" typed by the
 * merchant come out exactly as typed.
 */

export type TemplateToken =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; name: string; index: number; raw: string };

export interface TemplateIssue {
  name: string;
  /** Where the placeholder starts in the text, in UTF-16 units. */
  index: number;
  /** unknown: no such variable; not_available: exists, but not for this audience (order data in marketing). */
  reason: 'unknown' | 'not_available';
  suggestion?: string;
}

export interface TemplateCheck {
  /** Distinct variable names, as written, in order of first use. */
  variables: string[];
  issues: TemplateIssue[];
}

export interface CompiledTemplate {
  text: string;
  audience: TemplateAudience;
  variables: string[];
  /** The Handlebars source the text became (for tests and debugging). */
  source: string;
  render(context: TemplateContext): string;
}

/** {name} with optional blanks inside the braces; anything else in braces is literal text. */
const PLACEHOLDER = /\{[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*\}/g;
const CHAR_HELPER = '__c';
const CACHE_LIMIT = 1000;

const hbs = Handlebars.create();
hbs.registerHelper(CHAR_HELPER, (code: number) => String.fromCharCode(code));
// SMS is plain text: no HTML escaping. knownHelpersOnly makes every other name a plain lookup.
const COMPILE_OPTIONS = {
  noEscape: true,
  strict: false,
  data: false,
  knownHelpers: { [CHAR_HELPER]: true },
  knownHelpersOnly: true,
  ignoreStandalone: true,
  preventIndent: true,
};
const cache = new Map<string, CompiledTemplate>();

/** Splits a text into literal runs and placeholders. */
export function parseTemplate(text: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const index = match.index ?? 0;
    if (index > last) tokens.push({ kind: 'text', text: text.slice(last, index) });
    tokens.push({ kind: 'variable', name: match[1], index, raw: match[0] });
    last = index + match[0].length;
  }
  if (last < text.length) tokens.push({ kind: 'text', text: text.slice(last) });
  return tokens;
}

/** Lists the variables used and every placeholder that is unknown or not offered to this audience. */
export function checkTemplate(text: string, audience: TemplateAudience): TemplateCheck {
  const variables: string[] = [];
  const issues: TemplateIssue[] = [];
  for (const token of parseTemplate(text)) {
    if (token.kind !== 'variable') continue;
    if (!variables.includes(token.name)) variables.push(token.name);
    if (isAvailable(token.name, audience)) continue;
    const reason = findVariable(token.name) ? 'not_available' : 'unknown';
    const suggestion = reason === 'unknown' ? suggest(token.name, audience) : undefined;
    issues.push(suggestion ? { name: token.name, index: token.index, reason, suggestion } : { name: token.name, index: token.index, reason });
  }
  return { variables, issues };
}

/** Throws invalid_input listing every unknown or unavailable variable; the save must not happen. */
export function assertValidTemplate(text: string, audience: TemplateAudience): void {
  const { issues } = checkTemplate(text, audience);
  if (issues.length === 0) return;
  const names = (reason: TemplateIssue['reason']) => [...new Set(issues.filter((i) => i.reason === reason).map((i) => i.name))];
  const unknown = names('unknown');
  const unavailable = names('not_available');
  const parts = [
    unknown.length ? `unknown template variables: ${unknown.map((n) => `{${n}}`).join(', ')}` : '',
    unavailable.length ? `not available in ${audience} texts: ${unavailable.map((n) => `{${n}}`).join(', ')}` : '',
  ];
  throw new ShopcastError('invalid_input', parts.filter(Boolean).join('; '), { audience, unknown, unavailable }, issues.map(describeIssue));
}

/** Validates, converts and compiles once; later calls with the same text and audience hit a cache. */
export function compileTemplate(text: string, audience: TemplateAudience): CompiledTemplate {
  const key = `${audience}\u0001${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  assertValidTemplate(text, audience);
  const tokens = parseTemplate(text);
  const canonical = [...new Set(tokens.flatMap((t) => (t.kind === 'variable' ? [canonicalName(t.name)] : [])))];
  const source = toHandlebarsSource(tokens);
  const delegate = hbs.compile(source, COMPILE_OPTIONS);
  const compiled: CompiledTemplate = {
    text,
    audience,
    variables: checkTemplate(text, audience).variables,
    source,
    render: (context) => delegate(valuesOf(canonical, context)),
  };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, compiled);
  return compiled;
}

export function renderTemplate(text: string, audience: TemplateAudience, context: TemplateContext): string {
  return compileTemplate(text, audience).render(context);
}

/**
 * Renders and counts the result as the provider will send it. Marketing texts count the STOP
 * mention unless `send` says otherwise.
 */
export function renderAndCount(
  text: string,
  audience: TemplateAudience,
  context: TemplateContext,
  send: SendOptions = {},
): { text: string; check: MessageCheck } {
  const rendered = renderTemplate(text, audience, context);
  return { text: rendered, check: checkMessage(rendered, { marketing: audience === 'marketing', ...send }) };
}

/** The editor's estimate before real data: rendered with the catalogue's example values. */
export function estimateTemplate(text: string, audience: TemplateAudience, send: SendOptions = {}): MessageCheck {
  return renderAndCount(text, audience, sampleContext(), send).check;
}

/**
 * The Handlebars source: placeholders become {{name}}; literal '{', '}' and NUL become
 * {{__c code}} so no merchant character can open, close or break a mustache. A literal backslash
 * right before a mustache would escape it, so one more is added (Handlebars then drops one).
 */
function toHandlebarsSource(tokens: TemplateToken[]): string {
  let source = '';
  const mustache = (m: string): void => {
    source += (source.endsWith('\\') ? '\\' : '') + m;
  };
  for (const token of tokens) {
    if (token.kind === 'variable') {
      mustache(`{{${canonicalName(token.name)}}}`);
      continue;
    }
    for (const piece of token.text.split(/([{}\u0000])/)) {
      if (piece.length === 1 && '{}\u0000'.includes(piece)) mustache(`{{${CHAR_HELPER} ${piece.charCodeAt(0)}}}`);
      else source += piece;
    }
  }
  return source;
}

function valuesOf(canonical: string[], context: TemplateContext): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of canonical) values[name] = contextValue(context, name);
  return values;
}

function describeIssue(issue: TemplateIssue): { path: string; message: string } {
  const where = `at position ${issue.index}`;
  if (issue.reason === 'not_available') {
    return { path: 'template', message: `{${issue.name}} ${where} is not available here (marketing texts offer customer and shop variables only)` };
  }
  const hint = issue.suggestion ? ` (did you mean {${issue.suggestion}}?)` : '';
  return { path: 'template', message: `unknown variable {${issue.name}} ${where}${hint}` };
}

/** The closest offered name within two edits (case ignored), to catch typos like {client_nom}. */
function suggest(name: string, audience: TemplateAudience): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const variable of TEMPLATE_VARIABLES) {
    if (!isAvailable(variable.name, audience)) continue;
    const distance = editDistance(name.toLowerCase(), variable.name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: variable.name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
