import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ThingTypeControlHintsSchema, ThingTypeNameParamsSchema } from '@meridian/contracts';
import type { RegistryService } from '@meridian/registry';
import { canChangeRegistry, canReadRegistry } from '../registry/registry-access.js';
import { checkThingTypeControlHints } from './thing-type-control-hints.js';
import type { ThingTypeControlHintsStore } from './thing-type-control-hints.store.js';

/**
 * `/api/thing-types/:thingTypeName/control-hints`: the My devices controls of every thing of a type. Kept beside
 * the registry rather than in it, so the thing type itself keeps AWS's shape.
 */
export const thingTypeControlHintsRoutes: FastifyPluginAsyncTypebox<{
  registry: RegistryService;
  hints: ThingTypeControlHintsStore;
}> = async (app, { registry, hints }) => {
  const url = '/thing-types/:thingTypeName/control-hints';
  /** 404 for an unknown type (400 for a name no type can have). */
  const requireThingType = (thingTypeName: string) => registry.thingTypes.describe({ thingTypeName });

  app.get(
    url,
    {
      preHandler: canReadRegistry,
      schema: { params: ThingTypeNameParamsSchema, response: { 200: ThingTypeControlHintsSchema } },
    },
    async (request) => {
      const { thingTypeName } = request.params;
      await requireThingType(thingTypeName);
      return { hints: hints.hintsOf(thingTypeName) };
    },
  );

  app.put(
    url,
    {
      preHandler: canChangeRegistry,
      schema: {
        params: ThingTypeNameParamsSchema,
        body: ThingTypeControlHintsSchema,
        response: { 200: ThingTypeControlHintsSchema },
      },
    },
    async (request) => {
      const { thingTypeName } = request.params;
      await requireThingType(thingTypeName);
      checkThingTypeControlHints(request.body.hints);
      hints.replace(thingTypeName, request.body.hints);
      request.log.info(
        { thingTypeName, keys: Object.keys(request.body.hints), by: request.session?.username },
        'thing type control hints replaced',
      );
      return { hints: hints.hintsOf(thingTypeName) };
    },
  );
};
