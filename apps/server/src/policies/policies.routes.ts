import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CertificatePoliciesParamsSchema,
  CreatedPolicySchema,
  CreatedPolicyVersionSchema,
  CreatePolicyRequestSchema,
  CreatePolicyVersionRequestSchema,
  type IotArns,
  PolicyDetailSchema,
  PolicyListSchema,
  PolicyNameParamsSchema,
  PolicyPageQuerySchema,
  PolicySimulationRequestSchema,
  PolicySimulationResultSchema,
  PolicyTargetListSchema,
  PolicyTargetRefSchema,
  PolicyVersionDetailSchema,
  PolicyVersionParamsSchema,
  SetDefaultPolicyVersionRequestSchema,
  ValidatePolicyRequestSchema,
} from '@meridian/contracts';
import type { PolicyService } from '@meridian/policy';
import { requireRole } from '../auth/require-role.js';
import type { PolicySimulator } from './policy-simulator.js';
import { describeTarget, targetArnOf } from './policy-targets.js';

const readers = requireRole('admin', 'operator', 'viewer');
const writers = requireRole('admin', 'operator');

/** Console API for IoT policies: documents and versions, attachments, and the policy simulator. */
export const policiesRoutes: FastifyPluginAsyncTypebox<{
  policies: PolicyService;
  simulator: PolicySimulator;
  arns: IotArns;
}> = async (app, { policies, simulator, arns }) => {
  app.get(
    '/policies',
    { preHandler: readers, schema: { querystring: PolicyPageQuerySchema, response: { 200: PolicyListSchema } } },
    async (request) => policies.listPolicies(request.query),
  );

  app.post(
    '/policies',
    { preHandler: writers, schema: { body: CreatePolicyRequestSchema, response: { 201: CreatedPolicySchema } } },
    async (request, reply) => {
      const created = await policies.createPolicy(request.body);
      request.log.info({ policyName: created.policyName, by: request.session?.username }, 'policy created');
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/policies/validate',
    { preHandler: readers, schema: { body: ValidatePolicyRequestSchema } },
    async (request, reply) => {
      policies.validateDocument(request.body.policyDocument);
      return reply.status(204).send();
    },
  );

  app.post(
    '/policies/simulate',
    {
      preHandler: readers,
      schema: { body: PolicySimulationRequestSchema, response: { 200: PolicySimulationResultSchema } },
    },
    async (request) => simulator.simulate(request.body),
  );

  app.get(
    '/policies/:policyName',
    { preHandler: readers, schema: { params: PolicyNameParamsSchema, response: { 200: PolicyDetailSchema } } },
    async (request) => {
      const { policyName } = request.params;
      const policy = await policies.getPolicy(policyName);
      const { policyVersions } = await policies.listPolicyVersions(policyName);
      return { ...policy, versions: policyVersions };
    },
  );

  app.delete(
    '/policies/:policyName',
    { preHandler: writers, schema: { params: PolicyNameParamsSchema } },
    async (request, reply) => {
      const { policyName } = request.params;
      await policies.deletePolicy(policyName);
      request.log.info({ policyName, by: request.session?.username }, 'policy deleted');
      return reply.status(204).send();
    },
  );

  app.post(
    '/policies/:policyName/versions',
    {
      preHandler: writers,
      schema: {
        params: PolicyNameParamsSchema,
        body: CreatePolicyVersionRequestSchema,
        response: { 201: CreatedPolicyVersionSchema },
      },
    },
    async (request, reply) => {
      const { policyName } = request.params;
      const created = await policies.createPolicyVersion({ policyName, ...request.body });
      request.log.info(
        {
          policyName,
          policyVersionId: created.policyVersionId,
          isDefaultVersion: created.isDefaultVersion,
          by: request.session?.username,
        },
        'policy version created',
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/policies/:policyName/versions/:policyVersionId',
    {
      preHandler: readers,
      schema: { params: PolicyVersionParamsSchema, response: { 200: PolicyVersionDetailSchema } },
    },
    async (request) => {
      const { policyName, policyVersionId } = request.params;
      return policies.getPolicyVersion(policyName, policyVersionId);
    },
  );

  app.delete(
    '/policies/:policyName/versions/:policyVersionId',
    { preHandler: writers, schema: { params: PolicyVersionParamsSchema } },
    async (request, reply) => {
      const { policyName, policyVersionId } = request.params;
      await policies.deletePolicyVersion(policyName, policyVersionId);
      request.log.info({ policyName, policyVersionId, by: request.session?.username }, 'policy version deleted');
      return reply.status(204).send();
    },
  );

  app.put(
    '/policies/:policyName/default-version',
    { preHandler: writers, schema: { params: PolicyNameParamsSchema, body: SetDefaultPolicyVersionRequestSchema } },
    async (request, reply) => {
      const { policyName } = request.params;
      const { policyVersionId } = request.body;
      await policies.setDefaultPolicyVersion(policyName, policyVersionId);
      request.log.info({ policyName, policyVersionId, by: request.session?.username }, 'policy default version set');
      return reply.status(204).send();
    },
  );

  app.get(
    '/policies/:policyName/targets',
    {
      preHandler: readers,
      schema: {
        params: PolicyNameParamsSchema,
        querystring: PolicyPageQuerySchema,
        response: { 200: PolicyTargetListSchema },
      },
    },
    async (request) => {
      const { targets, nextMarker } = await policies.listTargetsForPolicy(request.params.policyName, request.query);
      return { targets: targets.map(describeTarget), ...(nextMarker === undefined ? {} : { nextMarker }) };
    },
  );

  app.post(
    '/policies/:policyName/targets',
    { preHandler: writers, schema: { params: PolicyNameParamsSchema, body: PolicyTargetRefSchema } },
    async (request, reply) => {
      const { policyName } = request.params;
      const target = targetArnOf(request.body, arns);
      await policies.attachPolicy(policyName, target);
      request.log.info({ policyName, target, by: request.session?.username }, 'policy attached');
      return reply.status(204).send();
    },
  );

  app.delete(
    '/policies/:policyName/targets',
    { preHandler: writers, schema: { params: PolicyNameParamsSchema, querystring: PolicyTargetRefSchema } },
    async (request, reply) => {
      const { policyName } = request.params;
      const target = targetArnOf(request.query, arns);
      await policies.detachPolicy(policyName, target);
      request.log.info({ policyName, target, by: request.session?.username }, 'policy detached');
      return reply.status(204).send();
    },
  );

  app.get(
    '/certificates/:certificateId/policies',
    {
      preHandler: readers,
      schema: {
        params: CertificatePoliciesParamsSchema,
        querystring: PolicyPageQuerySchema,
        response: { 200: PolicyListSchema },
      },
    },
    async (request) => policies.listAttachedPolicies(arns.certificate(request.params.certificateId), request.query),
  );
};
