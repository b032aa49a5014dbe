import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreatedThingGroupSchema,
  CreateThingGroupRequestSchema,
  ExpectedVersionQuerySchema,
  type ThingGroupDetail,
  ThingGroupDetailSchema,
  ThingGroupListQuerySchema,
  ThingGroupListSchema,
  ThingGroupMemberParamsSchema,
  ThingGroupNameParamsSchema,
  type ThingGroupSummary,
  ThingGroupThingsQuerySchema,
  ThingNameListSchema,
} from '@meridian/contracts';
import type { DescribeThingGroupOutput, RegistryService, ThingGroupProperties } from '@meridian/registry';
import { canChangeRegistry, canReadRegistry } from './registry-access.js';

function toDetail(group: DescribeThingGroupOutput): ThingGroupDetail {
  const { thingGroupProperties: properties, thingGroupMetadata: metadata } = group;
  const detail: ThingGroupDetail = {
    groupName: group.thingGroupName,
    groupArn: group.thingGroupArn,
    groupId: group.thingGroupId,
    version: group.version,
    attributes: properties.attributePayload.attributes,
    ancestors: (metadata.rootToParentThingGroups ?? []).map((ancestor) => ancestor.groupName),
    createdAt: new Date(metadata.creationDate * 1000).toISOString(),
  };
  if (properties.thingGroupDescription !== undefined) detail.description = properties.thingGroupDescription;
  if (metadata.parentGroupName !== undefined) detail.parentGroupName = metadata.parentGroupName;
  return detail;
}

function toSummary(group: DescribeThingGroupOutput): ThingGroupSummary {
  const summary: ThingGroupSummary = { groupName: group.thingGroupName };
  if (group.thingGroupMetadata.parentGroupName !== undefined) {
    summary.parentGroupName = group.thingGroupMetadata.parentGroupName;
  }
  const description = group.thingGroupProperties.thingGroupDescription;
  if (description !== undefined) summary.description = description;
  return summary;
}

/** Static thing groups: list, create under a parent, describe, delete, members (recursive), add and remove things. */
export const thingGroupsRoutes: FastifyPluginAsyncTypebox<{ registry: RegistryService }> = async (
  app,
  { registry },
) => {
  app.get(
    '/thing-groups',
    {
      preHandler: canReadRegistry,
      schema: { querystring: ThingGroupListQuerySchema, response: { 200: ThingGroupListSchema } },
    },
    async (request) => {
      const { parentGroup, recursive, namePrefix, nextToken, maxResults } = request.query;
      const page = await registry.thingGroups.list({
        parentGroup,
        recursive,
        namePrefixFilter: namePrefix === '' ? undefined : namePrefix,
        nextToken,
        maxResults,
      });
      // The console shows each group's parent and description; one indexed lookup per group of the page.
      const thingGroups = await Promise.all(
        page.thingGroups.map(async ({ groupName }) =>
          toSummary(await registry.thingGroups.describe({ thingGroupName: groupName })),
        ),
      );
      return page.nextToken === undefined ? { thingGroups } : { thingGroups, nextToken: page.nextToken };
    },
  );

  app.post(
    '/thing-groups',
    {
      preHandler: canChangeRegistry,
      schema: { body: CreateThingGroupRequestSchema, response: { 201: CreatedThingGroupSchema } },
    },
    async (request, reply) => {
      const { thingGroupName, parentGroupName, description, attributes } = request.body;
      const thingGroupProperties: ThingGroupProperties = {};
      if (description !== undefined) thingGroupProperties.thingGroupDescription = description;
      if (attributes !== undefined) thingGroupProperties.attributePayload = { attributes };
      const created = await registry.thingGroups.create({ thingGroupName, parentGroupName, thingGroupProperties });
      request.log.info({ thingGroupName, parentGroupName, by: request.session?.username }, 'thing group created');
      return reply
        .status(201)
        .send({ groupName: created.thingGroupName, groupArn: created.thingGroupArn, groupId: created.thingGroupId });
    },
  );

  app.get(
    '/thing-groups/:groupName',
    {
      preHandler: canReadRegistry,
      schema: { params: ThingGroupNameParamsSchema, response: { 200: ThingGroupDetailSchema } },
    },
    async (request) => toDetail(await registry.thingGroups.describe({ thingGroupName: request.params.groupName })),
  );

  app.delete(
    '/thing-groups/:groupName',
    {
      preHandler: canChangeRegistry,
      schema: { params: ThingGroupNameParamsSchema, querystring: ExpectedVersionQuerySchema },
    },
    async (request, reply) => {
      const { groupName } = request.params;
      await registry.thingGroups.delete({ thingGroupName: groupName, expectedVersion: request.query.expectedVersion });
      request.log.info({ thingGroupName: groupName, by: request.session?.username }, 'thing group deleted');
      return reply.status(204).send();
    },
  );

  app.get(
    '/thing-groups/:groupName/things',
    {
      preHandler: canReadRegistry,
      schema: {
        params: ThingGroupNameParamsSchema,
        querystring: ThingGroupThingsQuerySchema,
        response: { 200: ThingNameListSchema },
      },
    },
    async (request) => {
      const { recursive, nextToken, maxResults } = request.query;
      const page = await registry.thingGroups.listThings({
        thingGroupName: request.params.groupName,
        recursive,
        nextToken,
        maxResults,
      });
      return page.nextToken === undefined ? { things: page.things } : page;
    },
  );

  app.put(
    '/thing-groups/:groupName/things/:thingName',
    { preHandler: canChangeRegistry, schema: { params: ThingGroupMemberParamsSchema } },
    async (request, reply) => {
      const { groupName, thingName } = request.params;
      await registry.thingGroups.addThing({ thingGroupName: groupName, thingName });
      request.log.info({ thingGroupName: groupName, thingName, by: request.session?.username }, 'thing added to group');
      return reply.status(204).send();
    },
  );

  app.delete(
    '/thing-groups/:groupName/things/:thingName',
    { preHandler: canChangeRegistry, schema: { params: ThingGroupMemberParamsSchema } },
    async (request, reply) => {
      const { groupName, thingName } = request.params;
      await registry.thingGroups.removeThing({ thingGroupName: groupName, thingName });
      request.log.info(
        { thingGroupName: groupName, thingName, by: request.session?.username },
        'thing removed from group',
      );
      return reply.status(204).send();
    },
  );
};
