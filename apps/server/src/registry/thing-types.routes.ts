import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreatedThingTypeSchema,
  CreateThingTypeRequestSchema,
  ThingTypeListQuerySchema,
  ThingTypeListSchema,
  ThingTypeNameParamsSchema,
  type ThingTypeSummary,
} from '@meridian/contracts';
import type { RegistryService, ThingTypeDefinition, ThingTypeProperties } from '@meridian/registry';
import { canChangeRegistry, canReadRegistry } from './registry-access.js';

const isoFromEpochSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();

function toSummary(definition: ThingTypeDefinition): ThingTypeSummary {
  const { thingTypeName, thingTypeProperties, thingTypeMetadata } = definition;
  const summary: ThingTypeSummary = {
    thingTypeName,
    searchableAttributes: thingTypeProperties.searchableAttributes ?? [],
    deprecated: thingTypeMetadata.deprecated,
    createdAt: isoFromEpochSeconds(thingTypeMetadata.creationDate),
  };
  if (thingTypeProperties.thingTypeDescription !== undefined) {
    summary.description = thingTypeProperties.thingTypeDescription;
  }
  if (thingTypeMetadata.deprecationDate !== undefined) {
    summary.deprecatedAt = isoFromEpochSeconds(thingTypeMetadata.deprecationDate);
  }
  return summary;
}

/** Thing types: list, create (immutable afterwards), deprecate and undo, delete (only deprecated and unused). */
export const thingTypesRoutes: FastifyPluginAsyncTypebox<{ registry: RegistryService }> = async (app, { registry }) => {
  app.get(
    '/thing-types',
    {
      preHandler: canReadRegistry,
      schema: { querystring: ThingTypeListQuerySchema, response: { 200: ThingTypeListSchema } },
    },
    async (request) => {
      const page = await registry.thingTypes.list(request.query);
      const thingTypes = page.thingTypes.map(toSummary);
      return page.nextToken === undefined ? { thingTypes } : { thingTypes, nextToken: page.nextToken };
    },
  );

  app.post(
    '/thing-types',
    {
      preHandler: canChangeRegistry,
      schema: { body: CreateThingTypeRequestSchema, response: { 201: CreatedThingTypeSchema } },
    },
    async (request, reply) => {
      const { thingTypeName, description, searchableAttributes } = request.body;
      const thingTypeProperties: ThingTypeProperties = {};
      if (description !== undefined) thingTypeProperties.thingTypeDescription = description;
      if (searchableAttributes !== undefined) thingTypeProperties.searchableAttributes = searchableAttributes;
      const created = await registry.thingTypes.create({ thingTypeName, thingTypeProperties });
      request.log.info({ thingTypeName, by: request.session?.username }, 'thing type created');
      return reply.status(201).send(created);
    },
  );

  for (const [action, undoDeprecate] of [
    ['deprecate', false],
    ['undeprecate', true],
  ] as const) {
    app.post(
      `/thing-types/:thingTypeName/${action}`,
      { preHandler: canChangeRegistry, schema: { params: ThingTypeNameParamsSchema } },
      async (request, reply) => {
        const { thingTypeName } = request.params;
        await registry.thingTypes.deprecate({ thingTypeName, undoDeprecate });
        request.log.info({ thingTypeName, by: request.session?.username }, `thing type ${action}d`);
        return reply.status(204).send();
      },
    );
  }

  app.delete(
    '/thing-types/:thingTypeName',
    { preHandler: canChangeRegistry, schema: { params: ThingTypeNameParamsSchema } },
    async (request, reply) => {
      const { thingTypeName } = request.params;
      await registry.thingTypes.delete({ thingTypeName });
      request.log.info({ thingTypeName, by: request.session?.username }, 'thing type deleted');
      return reply.status(204).send();
    },
  );
};
