import fs from 'node:fs';
import path from 'node:path';

/**
 * Checks a request against the provider's OpenAPI description (test/fixtures/isendpro-openapi.json,
 * a copy of the contract). It covers what that document uses for requests: query parameters
 * (required, enum, type) and JSON bodies (type, enum, required, properties, items, $ref). Unknown
 * body properties are problems too, so a misspelt field fails the test that sent it; the only
 * extension allowed is `sandbox` (the provider's test flag, documented elsewhere, not in the spec).
 */
interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const ALLOWED_EXTENSIONS = new Set(['sandbox']);

export function loadSpec(file = path.join(__dirname, '../../fixtures/isendpro-openapi.json')): OpenApiDocument {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as OpenApiDocument;
}

export interface RequestToCheck {
  method: string;
  path: string;
  query: Record<string, string>;
  /** parsed JSON body, or the fields of a form-encoded body */
  body: unknown;
}

/**
 * Problems with a request, empty when it honours the contract. `asOperation` validates a request
 * against another operation's parameters: POST /credit (the official SDK's form-encoded call, not
 * in the spec) is checked against GET /credit's query parameters, read from its form body.
 */
export function validateRequest(spec: OpenApiDocument, req: RequestToCheck, asOperation?: { method: string; path: string }): string[] {
  const target = asOperation ?? req;
  const operation = spec.paths[target.path]?.[target.method.toLowerCase()];
  if (!operation) return [`${req.method} ${req.path} is not an operation of the contract`];
  const params = asOperation ? (req.body as Record<string, string>) ?? {} : req.query;
  const problems = checkParameters(spec, operation.parameters ?? [], params);
  const jsonBody = operation.requestBody?.content?.['application/json']?.schema;
  if (jsonBody) {
    if (req.body === undefined) problems.push('the JSON body is missing');
    else problems.push(...checkSchema(spec, jsonBody, req.body, 'body'));
  }
  return problems;
}

function checkParameters(spec: OpenApiDocument, parameters: Parameter[], given: Record<string, string>): string[] {
  const problems: string[] = [];
  const known = new Set(parameters.filter((p) => p.in === 'query').map((p) => p.name));
  for (const p of parameters.filter((x) => x.in === 'query')) {
    if (given[p.name] === undefined) {
      if (p.required) problems.push(`query parameter ${p.name} is required`);
    } else if (p.schema) {
      problems.push(...checkSchema(spec, p.schema, given[p.name], `query.${p.name}`));
    }
  }
  for (const name of Object.keys(given)) if (!known.has(name)) problems.push(`query parameter ${name} is not in the contract`);
  return problems;
}

function resolve(spec: OpenApiDocument, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = spec.components.schemas[name];
  if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
  return resolve(spec, target);
}

function checkSchema(spec: OpenApiDocument, raw: Schema, value: unknown, at: string): string[] {
  const schema = resolve(spec, raw);
  const typeProblem = checkType(schema.type, value, at);
  if (typeProblem) return [typeProblem];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`];
  if (Array.isArray(value) && schema.items) {
    return value.flatMap((item, i) => checkSchema(spec, schema.items!, item, `${at}[${i}]`));
  }
  if (schema.properties && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return checkObject(spec, schema, value as Record<string, unknown>, at);
  }
  return [];
}

function checkObject(spec: OpenApiDocument, schema: Schema, value: Record<string, unknown>, at: string): string[] {
  const problems: string[] = [];
  for (const name of schema.required ?? []) if (value[name] === undefined) problems.push(`${at}.${name} is required`);
  for (const [name, child] of Object.entries(value)) {
    const childSchema = schema.properties?.[name];
    if (childSchema) problems.push(...checkSchema(spec, childSchema, child, `${at}.${name}`));
    else if (!ALLOWED_EXTENSIONS.has(name)) problems.push(`${at}.${name} is not in the contract`);
  }
  return problems;
}

function checkType(type: string | undefined, value: unknown, at: string): string | null {
  const ok =
    type === undefined ||
    (type === 'string' && typeof value === 'string') ||
    (type === 'integer' && Number.isInteger(value)) ||
    (type === 'number' && typeof value === 'number') ||
    (type === 'boolean' && typeof value === 'boolean') ||
    (type === 'array' && Array.isArray(value)) ||
    (type === 'object' && value !== null && typeof value === 'object' && !Array.isArray(value));
  return ok ? null : `${at}: expected ${type}, got ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}`;
}
