import type { RegistryService } from '@meridian/registry';
import { Type } from '@sinclair/typebox';
import { type AwsOperation, defineOperation } from './aws-operation.js';
import { AttributePayload, NEXT_TOKEN_PAGING, Tags } from './aws-shapes.js';

const ThingGroupLabel = Type.Object({ thingGroupName: Type.String() });

const ThingGroupProperties = Type.Object({
  thingGroupDescription: Type.Optional(Type.String()),
  attributePayload: Type.Optional(AttributePayload),
});

/** A group and a thing, each by name or ARN (the registry checks that one of each is given). */
const Membership = {
  thingGroupName: Type.Optional(Type.String()),
  thingGroupArn: Type.Optional(Type.String()),
  thingName: Type.Optional(Type.String()),
  thingArn: Type.Optional(Type.String()),
};

/** Static thing groups and their members at AWS IoT's control-plane paths. */
export function thingGroupOperations(registry: RegistryService): AwsOperation[] {
  const { thingGroups } = registry;
  return [
    defineOperation({
      name: 'CreateThingGroup',
      method: 'POST',
      path: '/thing-groups/{thingGroupName}',
      access: 'write',
      input: {
        labels: ThingGroupLabel,
        body: Type.Object({
          parentGroupName: Type.Optional(Type.String()),
          thingGroupProperties: Type.Optional(ThingGroupProperties),
          tags: Type.Optional(Tags),
        }),
      },
      handler: ({ labels, body }) => thingGroups.create({ ...body, thingGroupName: labels.thingGroupName }),
    }),
    defineOperation({
      name: 'DescribeThingGroup',
      method: 'GET',
      path: '/thing-groups/{thingGroupName}',
      access: 'read',
      input: { labels: ThingGroupLabel },
      handler: ({ labels }) => thingGroups.describe(labels),
    }),
    defineOperation({
      name: 'UpdateThingGroup',
      method: 'PATCH',
      path: '/thing-groups/{thingGroupName}',
      access: 'write',
      input: {
        labels: ThingGroupLabel,
        body: Type.Object({
          thingGroupProperties: ThingGroupProperties,
          expectedVersion: Type.Optional(Type.Integer()),
        }),
      },
      handler: ({ labels, body }) => thingGroups.update({ ...body, thingGroupName: labels.thingGroupName }),
    }),
    defineOperation({
      name: 'DeleteThingGroup',
      method: 'DELETE',
      path: '/thing-groups/{thingGroupName}',
      access: 'write',
      input: { labels: ThingGroupLabel, query: Type.Object({ expectedVersion: Type.Optional(Type.Integer()) }) },
      handler: ({ labels, query }) => thingGroups.delete({ ...query, thingGroupName: labels.thingGroupName }),
    }),
    defineOperation({
      name: 'ListThingGroups',
      method: 'GET',
      path: '/thing-groups',
      access: 'read',
      input: {
        query: Type.Object({
          ...NEXT_TOKEN_PAGING,
          parentGroup: Type.Optional(Type.String()),
          namePrefixFilter: Type.Optional(Type.String()),
          recursive: Type.Optional(Type.Boolean()),
        }),
      },
      handler: ({ query }) => thingGroups.list(query),
    }),
    defineOperation({
      name: 'ListThingGroupsForThing',
      method: 'GET',
      path: '/things/{thingName}/thing-groups',
      access: 'read',
      input: { labels: Type.Object({ thingName: Type.String() }), query: Type.Object(NEXT_TOKEN_PAGING) },
      handler: ({ labels, query }) => thingGroups.listForThing({ ...query, thingName: labels.thingName }),
    }),
    defineOperation({
      name: 'AddThingToThingGroup',
      method: 'PUT',
      path: '/thing-groups/addThingToThingGroup',
      access: 'write',
      input: { body: Type.Object({ ...Membership, overrideDynamicGroups: Type.Optional(Type.Boolean()) }) },
      handler: ({ body }) => thingGroups.addThing(body),
    }),
    defineOperation({
      name: 'RemoveThingFromThingGroup',
      method: 'PUT',
      path: '/thing-groups/removeThingFromThingGroup',
      access: 'write',
      input: { body: Type.Object(Membership) },
      handler: ({ body }) => thingGroups.removeThing(body),
    }),
    defineOperation({
      name: 'ListThingsInThingGroup',
      method: 'GET',
      path: '/thing-groups/{thingGroupName}/things',
      access: 'read',
      input: {
        labels: ThingGroupLabel,
        query: Type.Object({ ...NEXT_TOKEN_PAGING, recursive: Type.Optional(Type.Boolean()) }),
      },
      handler: ({ labels, query }) => thingGroups.listThings({ ...query, thingGroupName: labels.thingGroupName }),
    }),
  ];
}
