import type { FastifyInstance, FastifySchema } from 'fastify';
import { z } from 'zod';
import { HttpError } from './httpErrors.ts';

/**
 * One zod schema per request part is both the runtime check (here, as Fastify's validator) and
 * the OpenAPI description (`openApiSchema`, through @fastify/swagger's `transform`).
 */

function describeIssues(part: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = [part, ...issue.path.map(String)].join('.');
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

export function installZodValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, method, url, httpPart }) => {
    // A plain JSON schema here would be silently unchecked by zod: refuse it at start-up.
    if (!(schema instanceof z.ZodType))
      throw new Error(`${method} ${url}: the ${httpPart ?? 'request'} schema must be a zod schema`);
    const part = httpPart === 'querystring' ? 'query' : (httpPart ?? 'request');
    return (data: unknown) => {
      const result = schema.safeParse(data);
      return result.success
        ? { value: result.data }
        : { error: new HttpError('INVALID_REQUEST', describeIssues(part, result.error)) };
    };
  });
  // Response schemas only document: the handler's object is sent as it is, never trimmed to
  // a schema that could fall behind the read models.
  app.setSerializerCompiler(() => (data: unknown) => JSON.stringify(data));
}

/** A zod schema as OpenAPI 3.0 JSON Schema; anything else is passed through. */
function openApiSchema(schema: unknown, io: 'input' | 'output'): unknown {
  if (!(schema instanceof z.ZodType)) return schema;
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' });
  return json;
}

const REQUEST_PARTS = ['params', 'querystring', 'body', 'headers'] as const;

/** The route schema @fastify/swagger documents: zod parts converted, the rest kept. */
export function openApiRouteSchema(schema: FastifySchema | undefined): FastifySchema {
  const converted: Record<string, unknown> = { ...schema };
  for (const part of REQUEST_PARTS)
    if (schema?.[part] !== undefined) converted[part] = openApiSchema(schema[part], 'input');
  const response = schema?.response as Record<string, unknown> | undefined;
  if (response) {
    converted['response'] = Object.fromEntries(
      Object.entries(response).map(([status, value]) => {
        if (value instanceof z.ZodType) {
          return [
            status,
            { description: value.description ?? `HTTP ${status}`, ...(openApiSchema(value, 'output') as object) },
          ];
        }
        return [status, value];
      }),
    );
  }
  return converted as FastifySchema;
}
