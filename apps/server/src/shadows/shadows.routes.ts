import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  type ApiError,
  ApiErrorSchema,
  CLASSIC_SHADOW,
  DomainError,
  type ShadowConflictDetails,
  ShadowDeletedSchema,
  type ShadowDocument,
  ShadowDocumentSchema,
  ShadowListQuerySchema,
  ShadowListSchema,
  ShadowParamsSchema,
  ShadowThingParamsSchema,
  ShadowUpdateAcceptedSchema,
  ShadowVersionDocumentSchema,
  ShadowVersionListSchema,
  ShadowVersionParamsSchema,
  ShadowVersionsQuerySchema,
} from '@meridian/contracts';
import type { ShadowService } from '@meridian/shadow';
import type { FastifyRequest } from 'fastify';
import { requireRole } from '../auth/require-role.js';
import type { ShadowPrincipal } from './shadow-access.js';

/** Viewers read shadows; changing them takes an operator or admin. End users have their own routes. */
const canReadShadows = requireRole('admin', 'operator', 'viewer');
const canChangeShadows = requireRole('admin', 'operator');

const DEFAULT_PAGE_SIZE = 25;

/** `classic` in the path is the classic (unnamed) shadow. */
const shadowNameOf = (pathName: string): string | undefined => (pathName === CLASSIC_SHADOW ? undefined : pathName);

/** The signed-in user, by role (the route's preHandler has checked the role already). */
function sessionPrincipal(request: FastifyRequest): ShadowPrincipal {
  return { role: request.session?.role ?? 'viewer' };
}

function shadowRequest(request: FastifyRequest, thingName: string, pathName: string) {
  const shadowName = shadowNameOf(pathName);
  return {
    thingName,
    ...(shadowName === undefined ? {} : { shadowName }),
    principal: sessionPrincipal(request),
  };
}

const isNotFound = (error: unknown) => error instanceof DomainError && error.type === 'ResourceNotFoundException';

/**
 * Device shadows for the console: read, update (with optimistic locking), delete, the named
 * shadows of a thing, and the kept history of versions.
 */
export const shadowsRoutes: FastifyPluginAsyncTypebox<{ shadows: ShadowService<ShadowPrincipal> }> = async (
  app,
  { shadows },
) => {
  // The shadow service reads the request document itself and refuses it with AWS's codes and texts
  // (415 for non-UTF-8, "Invalid JSON", "Missing required node: state", ...), so bodies reach it as
  // bytes. Content-type parsers are scoped to this plugin.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  async function currentDocument(request: FastifyRequest, thingName: string, pathName: string) {
    try {
      return (await shadows.getShadow(shadowRequest(request, thingName, pathName))) as ShadowDocument;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  app.get(
    '/things/:thingName/shadows',
    {
      preHandler: canReadShadows,
      schema: {
        params: ShadowThingParamsSchema,
        querystring: ShadowListQuerySchema,
        response: { 200: ShadowListSchema },
      },
    },
    async (request) => {
      const { thingName } = request.params;
      const { nextToken, pageSize = DEFAULT_PAGE_SIZE } = request.query;
      const page = await shadows.listNamedShadows({
        thingName,
        principal: sessionPrincipal(request),
        pageSize,
        ...(nextToken === undefined ? {} : { nextToken }),
      });
      const classic = await currentDocument(request, thingName, CLASSIC_SHADOW);
      return {
        classicExists: classic !== null,
        namedShadows: page.results,
        ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
      };
    },
  );

  app.get(
    '/things/:thingName/shadows/:shadowName',
    { preHandler: canReadShadows, schema: { params: ShadowParamsSchema, response: { 200: ShadowDocumentSchema } } },
    async (request) => {
      const { thingName, shadowName } = request.params;
      return (await shadows.getShadow(shadowRequest(request, thingName, shadowName))) as ShadowDocument;
    },
  );

  app.post(
    '/things/:thingName/shadows/:shadowName',
    {
      preHandler: canChangeShadows,
      schema: { params: ShadowParamsSchema, response: { 200: ShadowUpdateAcceptedSchema, 409: ApiErrorSchema } },
    },
    async (request, reply) => {
      const { thingName, shadowName } = request.params;
      const payload = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      try {
        const accepted = await shadows.updateShadow({ ...shadowRequest(request, thingName, shadowName), payload });
        request.log.info(
          { thingName, shadowName, version: accepted.version, by: request.session?.username },
          'shadow updated',
        );
        return accepted;
      } catch (error) {
        if (!(error instanceof DomainError) || error.type !== 'ConflictException') throw error;
        // The editor shows the newer document and what changed, so the conflict carries it.
        const details: ShadowConflictDetails = { current: await currentDocument(request, thingName, shadowName) };
        return reply.status(409).send({ code: error.type, message: error.message, details } satisfies ApiError);
      }
    },
  );

  app.delete(
    '/things/:thingName/shadows/:shadowName',
    { preHandler: canChangeShadows, schema: { params: ShadowParamsSchema, response: { 200: ShadowDeletedSchema } } },
    async (request) => {
      const { thingName, shadowName } = request.params;
      const deleted = await shadows.deleteShadow(shadowRequest(request, thingName, shadowName));
      request.log.info(
        { thingName, shadowName, version: deleted.version, by: request.session?.username },
        'shadow deleted',
      );
      return deleted;
    },
  );

  app.get(
    '/things/:thingName/shadows/:shadowName/versions',
    {
      preHandler: canReadShadows,
      schema: {
        params: ShadowParamsSchema,
        querystring: ShadowVersionsQuerySchema,
        response: { 200: ShadowVersionListSchema },
      },
    },
    async (request) => {
      const { thingName, shadowName } = request.params;
      const { beforeVersion, limit = DEFAULT_PAGE_SIZE } = request.query;
      const documents = await shadows.listVersions({
        ...shadowRequest(request, thingName, shadowName),
        limit,
        ...(beforeVersion === undefined ? {} : { beforeVersion }),
      });
      const versions = documents.map(({ version, timestamp }) => ({ version, timestamp }));
      const oldest = versions.at(-1);
      return versions.length === limit && oldest !== undefined
        ? { versions, nextBeforeVersion: oldest.version }
        : { versions };
    },
  );

  app.get(
    '/things/:thingName/shadows/:shadowName/versions/:version',
    {
      preHandler: canReadShadows,
      schema: { params: ShadowVersionParamsSchema, response: { 200: ShadowVersionDocumentSchema } },
    },
    async (request) => {
      const { thingName, shadowName, version } = request.params;
      return shadows.getVersion({ ...shadowRequest(request, thingName, shadowName), version });
    },
  );
};
