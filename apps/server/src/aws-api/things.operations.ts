import type { RegistryService } from '@meridian/registry';
import { Type } from '@sinclair/typebox';
import { type AwsOperation, defineOperation, stringEnum } from './aws-operation.js';
import { AttributePayload, NEXT_TOKEN_PAGING } from './aws-shapes.js';

const ThingLabel = Type.Object({ thingName: Type.String() });
/** The principal (certificate ARN) of the thing-principal operations travels in a header. */
const PrincipalHeader = Type.Object({ 'x-amzn-principal': Type.String() });

/** Things and the principals attached to them, at AWS IoT's control-plane paths. */
export function thingOperations(registry: RegistryService): AwsOperation[] {
  const { things, principals } = registry;
  return [
    defineOperation({
      name: 'CreateThing',
      method: 'POST',
      path: '/things/{thingName}',
      access: 'write',
      input: {
        labels: ThingLabel,
        body: Type.Object({
          thingTypeName: Type.Optional(Type.String()),
          attributePayload: Type.Optional(AttributePayload),
          billingGroupName: Type.Optional(Type.String()),
        }),
      },
      handler: ({ labels, body }) => things.create({ ...body, thingName: labels.thingName }),
    }),
    defineOperation({
      name: 'DescribeThing',
      method: 'GET',
      path: '/things/{thingName}',
      access: 'read',
      input: { labels: ThingLabel },
      handler: ({ labels }) => things.describe(labels),
    }),
    defineOperation({
      name: 'ListThings',
      method: 'GET',
      path: '/things',
      access: 'read',
      input: {
        query: Type.Object({
          ...NEXT_TOKEN_PAGING,
          attributeName: Type.Optional(Type.String()),
          attributeValue: Type.Optional(Type.String()),
          thingTypeName: Type.Optional(Type.String()),
          usePrefixAttributeValue: Type.Optional(Type.Boolean()),
        }),
      },
      handler: ({ query }) => things.list(query),
    }),
    defineOperation({
      name: 'UpdateThing',
      method: 'PATCH',
      path: '/things/{thingName}',
      access: 'write',
      input: {
        labels: ThingLabel,
        body: Type.Object({
          thingTypeName: Type.Optional(Type.String()),
          attributePayload: Type.Optional(AttributePayload),
          expectedVersion: Type.Optional(Type.Integer()),
          removeThingType: Type.Optional(Type.Boolean()),
        }),
      },
      handler: ({ labels, body }) => things.update({ ...body, thingName: labels.thingName }),
    }),
    defineOperation({
      name: 'DeleteThing',
      method: 'DELETE',
      path: '/things/{thingName}',
      access: 'write',
      input: { labels: ThingLabel, query: Type.Object({ expectedVersion: Type.Optional(Type.Integer()) }) },
      handler: ({ labels, query }) => things.delete({ ...query, thingName: labels.thingName }),
    }),
    defineOperation({
      name: 'AttachThingPrincipal',
      method: 'PUT',
      path: '/things/{thingName}/principals',
      access: 'write',
      input: {
        labels: ThingLabel,
        headers: PrincipalHeader,
        query: Type.Object({
          thingPrincipalType: Type.Optional(stringEnum(['EXCLUSIVE_THING', 'NON_EXCLUSIVE_THING'])),
        }),
      },
      handler: ({ labels, headers, query }) =>
        principals.attach({ ...query, thingName: labels.thingName, principal: headers['x-amzn-principal'] }),
    }),
    defineOperation({
      name: 'DetachThingPrincipal',
      method: 'DELETE',
      path: '/things/{thingName}/principals',
      access: 'write',
      input: { labels: ThingLabel, headers: PrincipalHeader },
      handler: ({ labels, headers }) =>
        principals.detach({ thingName: labels.thingName, principal: headers['x-amzn-principal'] }),
    }),
    defineOperation({
      name: 'ListThingPrincipals',
      method: 'GET',
      path: '/things/{thingName}/principals',
      access: 'read',
      input: { labels: ThingLabel, query: Type.Object(NEXT_TOKEN_PAGING) },
      handler: ({ labels, query }) => principals.listForThing({ ...query, thingName: labels.thingName }),
    }),
    defineOperation({
      name: 'ListPrincipalThings',
      method: 'GET',
      path: '/principals/things',
      access: 'read',
      input: { headers: PrincipalHeader, query: Type.Object(NEXT_TOKEN_PAGING) },
      handler: ({ headers, query }) => principals.listThings({ ...query, principal: headers['x-amzn-principal'] }),
    }),
  ];
}
