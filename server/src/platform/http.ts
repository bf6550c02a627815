import { Ajv, type Options as AjvOptions, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fastJsonStringify from 'fast-json-stringify';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ApiError, fromDatabaseError } from './errors.ts';
import { DEFAULT_TRUSTED_PROXIES, type LogLevel } from './config.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  TypeBoxTypeProvider
>;

function createAjv(options: AjvOptions): Ajv {
  const ajv = new Ajv({
    // Unknown keys are dropped whatever the schema says about additionalProperties.
    removeAdditional: 'all',
    useDefaults: true,
    allErrors: false,
    strict: false,
    ...options,
  });
  addFormats(ajv);
  return ajv;
}

/**
 * Fastify with Guildhall's validation and error contract:
 * - bodies: unknown keys are dropped (as Logto does), types are never coerced (`"true"` is not
 *   `true`);
 * - query strings and path parameters: strings are coerced to the declared type;
 * - every error leaves as `{ code, message, data? }` with the status from the error registry.
 */
export function createHttpServer(options: { logLevel: LogLevel; bodyLimit?: number; trustProxy?: boolean | string[] }): App {
  const app = Fastify({
    logger: { level: options.logLevel },
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // X-Forwarded-* count only from these peers (config.ts): request.ip, .protocol and .host
    // are the client's as the trusted proxies saw it, the peer's own otherwise.
    trustProxy: options.trustProxy ?? DEFAULT_TRUSTED_PROXIES,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
    // Router-level failures (malformed URL encoding, an over-long path parameter) answer in the
    // same error format as everything else.
    frameworkErrors: (error, request, reply) => sendError(toApiError(error, request), request, reply),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const bodyAjv = createAjv({ coerceTypes: false });
  const queryAjv = createAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) => lazyValidator(httpPart === 'body' ? bodyAjv : queryAjv, schema as object));
  app.setSerializerCompiler(({ schema }) => lazySerializer(schema as object));

  app.setErrorHandler((error: FastifyError, request, reply) => sendError(toApiError(error, request), request, reply));
  app.setNotFoundHandler((request, reply) => sendError(new ApiError('request.not_found'), request, reply));
  return app as unknown as App;
}

/**
 * Schemas are compiled on a route's first use, not at start-up: compiling ~100 routes' validators
 * and serializers up front took most of Guildhall's start-up time. Ajv reuses a compiled schema
 * for the same schema object, and serializers are shared per schema object (the error schema is
 * compiled once for all routes).
 */
function lazyValidator(ajv: Ajv, schema: object) {
  let compiled: ValidateFunction | undefined;
  const validate = (data: unknown) => {
    compiled ??= ajv.compile(schema);
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  };
  validate.errors = undefined as ValidateFunction['errors'];
  return validate;
}

const serializers = new WeakMap<object, (data: unknown) => string>();
function lazySerializer(schema: object) {
  return (data: unknown) => {
    let serialize = serializers.get(schema);
    if (!serialize) {
      serialize = fastJsonStringify(schema as never) as (data: unknown) => string;
      serializers.set(schema, serialize);
    }
    return serialize(data);
  };
}

function sendError(error: ApiError, request: FastifyRequest, reply: FastifyReply) {
  if (error.status >= 500) {
    // Log the cause with the request id; the client sees only the generic message.
    request.log.error({ err: error.cause ?? error }, 'request failed');
  }
  void reply.status(error.status).type('application/json; charset=utf-8').send(error.toJSON());
}

const PAGINATION_FIELDS = new Set(['/page', '/page_size']);

export function toApiError(error: FastifyError | Error, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  const fastifyError = error as FastifyError & { validationContext?: string };
  if (fastifyError.validation) {
    const first = fastifyError.validation[0];
    const field = first?.instancePath || (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
    if (fastifyError.validationContext === 'querystring' && PAGINATION_FIELDS.has(first?.instancePath ?? '')) {
      return new ApiError('guard.invalid_pagination', { field: first?.instancePath.slice(1) });
    }
    return new ApiError('guard.invalid_input', {
      in: fastifyError.validationContext,
      ...(field ? { field: String(field).replace(/^\//, '') } : {}),
      issue: first?.message,
    });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('request.unsupported_media_type');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('request.body_too_large');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('request.malformed_json');
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ApiError('guard.invalid_input', { in: 'params' });
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) return new ApiError('request.malformed_json');
  const fromDatabase = fromDatabaseError(error);
  if (fromDatabase) return fromDatabase;
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new ApiError('guard.invalid_input', { issue: error.message });
  }
  return new ApiError('internal.server_error', { requestId: request.id }, { cause: error });
}
