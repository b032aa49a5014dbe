import type { ShadowService } from '@meridian/shadow';
import { Type } from '@sinclair/typebox';
import type { AwsErrorReply } from './aws-error-reply.js';
import { type AwsCaller, type AwsOperation, defineOperation } from './aws-operation.js';

export const ThingLabel = Type.Object({ thingName: Type.String() });
/** `?name=` selects a named shadow; without it the classic shadow is meant. */
export const ShadowQuery = Type.Object({ name: Type.Optional(Type.String()) });
export const ListNamedShadowsQuery = Type.Object({
  nextToken: Type.Optional(Type.String()),
  pageSize: Type.Optional(Type.Integer()),
});

/**
 * Shadow refusals carry the shadow error document `{ code, message, timestamp, clientToken? }` as
 * their body (what the MQTT `/rejected` topics carry too), besides the usual `x-amzn-ErrorType`.
 */
export function shadowErrorDocument({ statusCode, body }: AwsErrorReply): Record<string, unknown> {
  const document: Record<string, unknown> = {
    code: statusCode,
    message: body.message,
    timestamp: Math.floor(Date.now() / 1000),
  };
  if (body.clientToken !== undefined) document.clientToken = body.clientToken;
  return document;
}

/**
 * The Device Shadow HTTP API of the data plane: get, update and delete a classic or named shadow,
 * and list a thing's named shadows. Shadow documents travel as raw JSON bodies. The service is
 * handed the caller (the owner of the signing access key) as the principal to authorize.
 */
export function shadowDataPlaneOperations(shadows: ShadowService<AwsCaller>): AwsOperation[] {
  return [
    defineOperation({
      name: 'GetThingShadow',
      method: 'GET',
      path: '/things/{thingName}/shadow',
      access: 'read',
      plane: 'data',
      input: { labels: ThingLabel, query: ShadowQuery },
      errorBody: shadowErrorDocument,
      handler: ({ labels, query, caller }) =>
        shadows.getShadow({ thingName: labels.thingName, shadowName: query.name, principal: caller }),
    }),
    defineOperation({
      name: 'UpdateThingShadow',
      method: 'POST',
      path: '/things/{thingName}/shadow',
      access: 'write',
      plane: 'data',
      input: { labels: ThingLabel, query: ShadowQuery, body: 'blob' },
      errorBody: shadowErrorDocument,
      handler: ({ labels, query, body, caller }) =>
        shadows.updateShadow({
          thingName: labels.thingName,
          shadowName: query.name,
          principal: caller,
          payload: body,
        }),
    }),
    defineOperation({
      name: 'DeleteThingShadow',
      method: 'DELETE',
      path: '/things/{thingName}/shadow',
      access: 'write',
      plane: 'data',
      input: { labels: ThingLabel, query: ShadowQuery },
      errorBody: shadowErrorDocument,
      handler: ({ labels, query, caller }) =>
        shadows.deleteShadow({ thingName: labels.thingName, shadowName: query.name, principal: caller }),
    }),
    defineOperation({
      name: 'ListNamedShadowsForThing',
      method: 'GET',
      path: '/api/things/shadow/ListNamedShadowsForThing/{thingName}',
      access: 'read',
      plane: 'data',
      input: {
        labels: ThingLabel,
        query: ListNamedShadowsQuery,
      },
      errorBody: shadowErrorDocument,
      handler: ({ labels, query, caller }) =>
        shadows.listNamedShadows({ ...query, thingName: labels.thingName, principal: caller }),
    }),
  ];
}
