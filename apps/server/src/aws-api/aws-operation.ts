import type { Role } from '@meridian/contracts';
import { Kind, type Static, type TObject, type TUnsafe, Type, TypeRegistry } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { AwsErrorReply } from './aws-error-reply.js';

/** Who an authenticated request acts for: the owner of the access key that signed it. */
export interface AwsCaller {
  accessKeyId: string;
  userId: number;
  username: string;
  role: Role;
}

export type AwsHttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What an operation does to the platform's state: `read` only looks (Describe*, Get*, List*, even
 * when sent as POST), `write` changes something (creates, updates, deletes, publishes). The
 * caller's role decides which levels its access keys may use (see `aws-access.ts`).
 */
export type AwsAccess = 'read' | 'write';

/** What an operation reads from the request; each part is validated before the handler runs. */
export interface AwsOperationInput {
  /** Path labels `{name}` (and one trailing greedy `{name+}`), percent-decoded. */
  labels?: TObject;
  /** Query parameters; booleans and numbers are converted from their text (`true`, `25`). */
  query?: TObject;
  /** Headers by lower-case name, e.g. `x-amzn-principal`. */
  headers?: TObject;
  /** A JSON object body, or `'blob'` for the raw bytes (data-plane payloads). */
  body?: TObject | 'blob';
}

type StaticOr<Schema, Fallback> = Schema extends TObject ? Static<Schema> : Fallback;

export interface AwsOperationRequest<I extends AwsOperationInput> {
  labels: StaticOr<I['labels'], Record<string, never>>;
  query: StaticOr<I['query'], Record<string, never>>;
  headers: StaticOr<I['headers'], Record<string, never>>;
  body: I['body'] extends 'blob' ? Buffer : StaticOr<I['body'], undefined>;
  caller: AwsCaller;
}

/**
 * One AWS operation at its restJson1 address. The handler's result is sent as JSON (`Date`s as
 * epoch seconds); `undefined` sends `{}`; a `Buffer` is sent as raw bytes. Refusals are thrown as
 * `DomainError`s.
 */
export interface AwsOperation<I extends AwsOperationInput = AwsOperationInput> {
  /** The AWS operation name, e.g. `DescribeEndpoint` (logged with every request). */
  name: string;
  method: AwsHttpMethod;
  /** The path as in the AWS API reference, e.g. `/things/{thingName}/principals`. */
  path: string;
  access: AwsAccess;
  /**
   * `data` for the data-plane operations (shadows, Publish, retained messages), which refuse a
   * caller without access as ForbiddenException like AWS's data plane; control plane by default.
   */
  plane?: 'control' | 'data';
  input?: I;
  /** 200 unless the operation says otherwise. */
  successStatus?: number;
  /**
   * The body of this operation's refusals when it is not AWS's usual `{ message, ...extra }` (the
   * shadow operations answer the shadow error document). Status and `x-amzn-ErrorType` stay the same.
   */
  errorBody?(answer: AwsErrorReply): Record<string, unknown>;
  handler(
    input: AwsOperationRequest<I>,
    context: { request: FastifyRequest; reply: FastifyReply },
  ): unknown | Promise<unknown>;
}

/**
 * Types the handler's input from `input`, then forgets those types so operations of different
 * shapes fit in one list (the route's validation guarantees them at run time).
 */
export function defineOperation<I extends AwsOperationInput = Record<never, never>>(
  operation: AwsOperation<I>,
): AwsOperation {
  return operation as unknown as AwsOperation;
}

const STRING_ENUM = 'AwsStringEnum';
// A plain JSON-schema enum for the route validator, and a kind TypeBox can check in JSON bodies.
TypeRegistry.Set<{ enum: string[] }>(
  STRING_ENUM,
  (schema, value) => typeof value === 'string' && schema.enum.includes(value),
);

/** A string restricted to `values`; validation errors then list the allowed values. */
export function stringEnum<const T extends readonly string[]>(values: T): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ [Kind]: STRING_ENUM, type: 'string', enum: [...values] });
}

export type BodyKind = 'json' | 'blob' | 'none';

declare module 'fastify' {
  interface FastifyContextConfig {
    awsOperation?: string;
    awsAccess?: AwsAccess;
    awsPlane?: 'control' | 'data';
    awsBody?: BodyKind;
    /** Checks a parsed JSON body; answers what is wrong with it, or undefined. */
    awsBodyCheck?: (body: unknown) => string | undefined;
    /** Name of the greedy label that Fastify reports as `*`. */
    awsGreedyLabel?: string;
    awsErrorBody?: (answer: AwsErrorReply) => Record<string, unknown>;
  }
}

const LABEL = /^\{([A-Za-z][A-Za-z0-9]*)(\+?)\}$/;

/** `/things/{thingName}` → `/things/:thingName`; a trailing `{topic+}` → `*`. */
export function toRoutePath(path: string): { url: string; greedyLabel?: string } {
  if (!path.startsWith('/')) throw new Error(`operation path must start with /: ${path}`);
  const segments = path.split('/');
  let greedyLabel: string | undefined;
  const converted = segments.map((segment, index) => {
    if (!segment.includes('{')) return segment;
    const match = LABEL.exec(segment);
    if (!match) throw new Error(`a path label must fill a whole segment: ${path}`);
    const [, name, greedy] = match as unknown as [string, string, string];
    if (!greedy) return `:${name}`;
    if (index !== segments.length - 1) throw new Error(`a greedy label must be the last segment: ${path}`);
    greedyLabel = name;
    return '*';
  });
  return { url: converted.join('/'), ...(greedyLabel ? { greedyLabel } : {}) };
}

function bodyKind(input: AwsOperationInput | undefined): BodyKind {
  if (input?.body === 'blob') return 'blob';
  return input?.body ? 'json' : 'none';
}

/**
 * JSON bodies are checked here rather than by the route schema, whose validator converts types
 * (right for query text, wrong for JSON: an attribute value `1` must not become `"1"`).
 */
function bodyCheck(schema: TObject): (body: unknown) => string | undefined {
  const compiled = TypeCompiler.Compile(schema);
  return (body) => {
    if (compiled.Check(body)) return undefined;
    const error = compiled.Errors(body).First();
    const allowed: unknown = error?.schema.enum;
    const problem = Array.isArray(allowed) ? `must be one of ${allowed.join(', ')}` : error?.message;
    return `Invalid request body at ${error?.path || '/'}: ${problem ?? 'unexpected value'}`;
  };
}

/** Adds the operations as routes of the AWS API instance (see `aws-api.ts` for the shared conventions). */
export function registerOperations(app: FastifyInstance, operations: readonly AwsOperation[]): void {
  for (const operation of operations) {
    const { url, greedyLabel } = toRoutePath(operation.path);
    const input = operation.input;
    const schema: FastifySchema = {};
    if (input?.labels) schema.params = input.labels;
    if (input?.query) schema.querystring = input.query;
    if (input?.headers) schema.headers = input.headers;
    app.route({
      method: operation.method,
      url,
      schema,
      config: {
        awsOperation: operation.name,
        awsAccess: operation.access,
        awsPlane: operation.plane ?? 'control',
        awsBody: bodyKind(input),
        awsBodyCheck: input?.body && input.body !== 'blob' ? bodyCheck(input.body) : undefined,
        awsGreedyLabel: greedyLabel,
        awsErrorBody: operation.errorBody,
      },
      handler: async (request, reply) => {
        const output = await operation.handler(
          {
            // Fastify's parameter objects have no prototype; handlers get plain objects.
            labels: { ...(request.params as object) } as never,
            query: { ...(request.query as object) } as never,
            headers: request.headers as never,
            body: request.body as never,
            caller: request.awsCaller as AwsCaller,
          },
          { request, reply },
        );
        reply.status(operation.successStatus ?? 200);
        return output ?? {};
      },
    });
  }
}
