import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AttachCertificateQuerySchema,
  CreatedThingSchema,
  CreateThingRequestSchema,
  DomainError,
  ExpectedVersionQuerySchema,
  type IotArns,
  ThingCertificateParamsSchema,
  ThingDetailSchema,
  ThingListQuerySchema,
  ThingListSchema,
  ThingNameParamsSchema,
  type ThingSummary,
  UpdateThingRequestSchema,
} from '@meridian/contracts';
import type { RegistryService, ThingAttribute } from '@meridian/registry';
import { canChangeRegistry, canReadRegistry } from './registry-access.js';
import type { ThingDetails } from './thing-details.js';

function toSummary(thing: ThingAttribute): ThingSummary {
  const { thingName, thingTypeName, attributes, version } = thing;
  return thingTypeName === undefined
    ? { thingName, attributes, version }
    : { thingName, thingTypeName, attributes, version };
}

/** The search text with the type filter of the list's select box added as a search term. */
function searchText(q: string | undefined, thingTypeName: string | undefined): string {
  if (thingTypeName === undefined || thingTypeName === '') return q ?? '';
  // A space would let the type smuggle further search terms in.
  if (/\s/.test(thingTypeName)) throw new DomainError('InvalidRequestException', 'thingTypeName cannot contain spaces');
  return `${q ?? ''} thingTypeName:${thingTypeName}`;
}

/** Things: search and paging, create, detail (groups, certificates, connection), edit, delete, certificates. */
export const thingsRoutes: FastifyPluginAsyncTypebox<{
  registry: RegistryService;
  details: ThingDetails;
  arns: IotArns;
}> = async (app, { registry, details, arns }) => {
  app.get(
    '/things',
    { preHandler: canReadRegistry, schema: { querystring: ThingListQuerySchema, response: { 200: ThingListSchema } } },
    async (request) => {
      const { q, thingTypeName, nextToken, maxResults } = request.query;
      const page = await registry.things.search({ query: searchText(q, thingTypeName), nextToken, maxResults });
      const things = page.things.map(toSummary);
      return page.nextToken === undefined ? { things } : { things, nextToken: page.nextToken };
    },
  );

  app.post(
    '/things',
    {
      preHandler: canChangeRegistry,
      schema: { body: CreateThingRequestSchema, response: { 201: CreatedThingSchema } },
    },
    async (request, reply) => {
      const { thingName, thingTypeName, attributes } = request.body;
      const created = await registry.things.create({
        thingName,
        thingTypeName,
        attributePayload: attributes === undefined ? undefined : { attributes },
      });
      request.log.info({ thingName, by: request.session?.username }, 'thing created');
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/things/:thingName',
    { preHandler: canReadRegistry, schema: { params: ThingNameParamsSchema, response: { 200: ThingDetailSchema } } },
    async (request) => details.describe(request.params.thingName),
  );

  app.patch(
    '/things/:thingName',
    { preHandler: canChangeRegistry, schema: { params: ThingNameParamsSchema, body: UpdateThingRequestSchema } },
    async (request, reply) => {
      const { thingName } = request.params;
      const { attributes, merge, thingTypeName, removeThingType, expectedVersion } = request.body;
      await registry.things.update({
        thingName,
        thingTypeName,
        removeThingType,
        expectedVersion,
        attributePayload: attributes === undefined ? undefined : { attributes, merge },
      });
      request.log.info({ thingName, by: request.session?.username }, 'thing updated');
      return reply.status(204).send();
    },
  );

  app.delete(
    '/things/:thingName',
    {
      preHandler: canChangeRegistry,
      schema: { params: ThingNameParamsSchema, querystring: ExpectedVersionQuerySchema },
    },
    async (request, reply) => {
      const { thingName } = request.params;
      await registry.things.delete({ thingName, expectedVersion: request.query.expectedVersion });
      request.log.info({ thingName, by: request.session?.username }, 'thing deleted');
      return reply.status(204).send();
    },
  );

  app.put(
    '/things/:thingName/certificates/:certificateId',
    {
      preHandler: canChangeRegistry,
      schema: { params: ThingCertificateParamsSchema, querystring: AttachCertificateQuerySchema },
    },
    async (request, reply) => {
      const { thingName, certificateId } = request.params;
      await registry.principals.attach({
        thingName,
        principal: arns.certificate(certificateId),
        thingPrincipalType: request.query.exclusive ? 'EXCLUSIVE_THING' : 'NON_EXCLUSIVE_THING',
      });
      request.log.info({ thingName, certificateId, by: request.session?.username }, 'certificate attached to thing');
      return reply.status(204).send();
    },
  );

  app.delete(
    '/things/:thingName/certificates/:certificateId',
    { preHandler: canChangeRegistry, schema: { params: ThingCertificateParamsSchema } },
    async (request, reply) => {
      const { thingName, certificateId } = request.params;
      await registry.principals.detach({ thingName, principal: arns.certificate(certificateId) });
      request.log.info({ thingName, certificateId, by: request.session?.username }, 'certificate detached from thing');
      return reply.status(204).send();
    },
  );
};
