import type { RegistryService } from '@meridian/registry';
import { Type } from '@sinclair/typebox';
import { type AwsOperation, defineOperation } from './aws-operation.js';
import { NEXT_TOKEN_PAGING, Tags } from './aws-shapes.js';

const ThingTypeLabel = Type.Object({ thingTypeName: Type.String() });

const ThingTypeProperties = Type.Object({
  thingTypeDescription: Type.Optional(Type.String()),
  searchableAttributes: Type.Optional(Type.Array(Type.String())),
  mqtt5Configuration: Type.Optional(
    Type.Object({
      propagatingAttributes: Type.Optional(
        Type.Array(
          Type.Object({
            userPropertyKey: Type.Optional(Type.String()),
            thingAttribute: Type.Optional(Type.String()),
            connectionAttribute: Type.Optional(Type.String()),
          }),
        ),
      ),
    }),
  ),
});

/** Thing types at AWS IoT's control-plane paths. */
export function thingTypeOperations(registry: RegistryService): AwsOperation[] {
  const { thingTypes } = registry;
  return [
    defineOperation({
      name: 'CreateThingType',
      method: 'POST',
      path: '/thing-types/{thingTypeName}',
      access: 'write',
      input: {
        labels: ThingTypeLabel,
        body: Type.Object({ thingTypeProperties: Type.Optional(ThingTypeProperties), tags: Type.Optional(Tags) }),
      },
      handler: ({ labels, body }) => thingTypes.create({ ...body, thingTypeName: labels.thingTypeName }),
    }),
    defineOperation({
      name: 'DescribeThingType',
      method: 'GET',
      path: '/thing-types/{thingTypeName}',
      access: 'read',
      input: { labels: ThingTypeLabel },
      handler: ({ labels }) => thingTypes.describe(labels),
    }),
    defineOperation({
      name: 'ListThingTypes',
      method: 'GET',
      path: '/thing-types',
      access: 'read',
      input: { query: Type.Object({ ...NEXT_TOKEN_PAGING, thingTypeName: Type.Optional(Type.String()) }) },
      handler: ({ query }) => thingTypes.list(query),
    }),
    defineOperation({
      name: 'DeprecateThingType',
      method: 'POST',
      path: '/thing-types/{thingTypeName}/deprecate',
      access: 'write',
      input: { labels: ThingTypeLabel, body: Type.Object({ undoDeprecate: Type.Optional(Type.Boolean()) }) },
      handler: ({ labels, body }) => thingTypes.deprecate({ ...body, thingTypeName: labels.thingTypeName }),
    }),
    defineOperation({
      name: 'DeleteThingType',
      method: 'DELETE',
      path: '/thing-types/{thingTypeName}',
      access: 'write',
      input: { labels: ThingTypeLabel },
      handler: ({ labels }) => thingTypes.delete(labels),
    }),
  ];
}
