import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isValidTopicFilter } from '@meridian/broker';
import {
  CapturedMessageListSchema,
  CapturedMessagesQuerySchema,
  CreateRuleRequestSchema,
  DestinationUrlQuerySchema,
  DomainError,
  GetTopicRuleResponseSchema,
  HttpDestinationListSchema,
  HttpDestinationSchema,
  ListTopicRulesQuerySchema,
  ListTopicRulesResponseSchema,
  PutHttpDestinationRequestSchema,
  RuleActivityListSchema,
  RuleActivityQuerySchema,
  RuleMetricsListSchema,
  RuleMetricsSchema,
  RuleNameParamsSchema,
  RuleSqlValidationRequestSchema,
  RuleSqlValidationSchema,
  RuleTestRequestSchema,
  RuleTestResultSchema,
  TimeseriesDeviceListSchema,
  TimeseriesFieldsQuerySchema,
  TimeseriesFieldsSchema,
  TimeseriesQuerySchema,
  TimeseriesResponseSchema,
  TopicRulePayloadBodySchema,
} from '@meridian/contracts';
import { compileSql, DEFAULT_API_SQL_VERSION, SqlParseError } from '@meridian/rules';
import { requireRole } from '../auth/require-role.js';
import type { Rules } from './rules-wiring.js';

const readers = requireRole('admin', 'operator', 'viewer');
const writers = requireRole('admin', 'operator');
const HOUR = 3600_000;

/**
 * Console API for rules (session auth from the /api scope): CRUD shaped like AWS's topic-rule
 * operations, the test panel, metrics, recent activity, HTTP destinations and time-series charts.
 */
export const rulesRoutes: FastifyPluginAsyncTypebox<{ rules: Rules }> = async (app, { rules }) => {
  const { service, engine, timeseries, recentMessages } = rules;

  app.get(
    '/rules',
    {
      preHandler: readers,
      schema: { querystring: ListTopicRulesQuerySchema, response: { 200: ListTopicRulesResponseSchema } },
    },
    async (request) => service.listTopicRules(request.query),
  );

  app.post(
    '/rules',
    { preHandler: writers, schema: { body: CreateRuleRequestSchema, response: { 201: GetTopicRuleResponseSchema } } },
    async (request, reply) => {
      await service.createTopicRule(request.body.ruleName, request.body.topicRulePayload);
      return reply.status(201).send(await service.getTopicRule(request.body.ruleName));
    },
  );

  // The same evaluator as production, on one sample message.
  app.post(
    '/rules/test',
    { preHandler: readers, schema: { body: RuleTestRequestSchema, response: { 200: RuleTestResultSchema } } },
    async (request) => engine.test(request.body),
  );

  // The builder's inline errors: parse only, with the reason and where it is.
  app.post(
    '/rules/validate',
    {
      preHandler: readers,
      schema: { body: RuleSqlValidationRequestSchema, response: { 200: RuleSqlValidationSchema } },
    },
    async (request) => {
      try {
        const query = compileSql(request.body.sql, {
          version: request.body.sqlVersion ?? DEFAULT_API_SQL_VERSION,
          environment: engine.environment,
        });
        return { valid: true as const, ...(query.topicFilter === undefined ? {} : { topicFilter: query.topicFilter }) };
      } catch (error) {
        if (!(error instanceof SqlParseError)) throw error;
        return { valid: false as const, message: error.reason, line: error.line, column: error.column };
      }
    },
  );

  // Real traffic to test a statement against: the last messages on topics matching a FROM filter.
  app.get(
    '/rules/captured-messages',
    {
      preHandler: readers,
      schema: { querystring: CapturedMessagesQuerySchema, response: { 200: CapturedMessageListSchema } },
    },
    async (request) => {
      const { filter, limit = 20 } = request.query;
      if (!isValidTopicFilter(filter)) {
        throw new DomainError('InvalidRequestException', `"${filter}" is not a valid topic filter`);
      }
      return { messages: recentMessages.matching(filter, limit) };
    },
  );

  app.get(
    '/rules/:ruleName',
    { preHandler: readers, schema: { params: RuleNameParamsSchema, response: { 200: GetTopicRuleResponseSchema } } },
    async (request) => service.getTopicRule(request.params.ruleName),
  );

  app.put(
    '/rules/:ruleName',
    {
      preHandler: writers,
      schema: {
        params: RuleNameParamsSchema,
        body: TopicRulePayloadBodySchema,
        response: { 200: GetTopicRuleResponseSchema },
      },
    },
    async (request) => {
      await service.replaceTopicRule(request.params.ruleName, request.body);
      return service.getTopicRule(request.params.ruleName);
    },
  );

  app.delete(
    '/rules/:ruleName',
    { preHandler: writers, schema: { params: RuleNameParamsSchema } },
    async (request, reply) => {
      await service.deleteTopicRule(request.params.ruleName);
      return reply.status(204).send();
    },
  );

  app.post(
    '/rules/:ruleName/enable',
    { preHandler: writers, schema: { params: RuleNameParamsSchema } },
    async (request, reply) => {
      await service.enableTopicRule(request.params.ruleName);
      return reply.status(204).send();
    },
  );

  app.post(
    '/rules/:ruleName/disable',
    { preHandler: writers, schema: { params: RuleNameParamsSchema } },
    async (request, reply) => {
      await service.disableTopicRule(request.params.ruleName);
      return reply.status(204).send();
    },
  );

  app.get(
    '/rules/:ruleName/metrics',
    { preHandler: readers, schema: { params: RuleNameParamsSchema, response: { 200: RuleMetricsSchema } } },
    async (request) => {
      await service.getTopicRule(request.params.ruleName);
      return engine.monitor.metrics(request.params.ruleName);
    },
  );

  // Polling: pass the last seen `seq` as `after` to get only newer entries.
  app.get(
    '/rules/:ruleName/activity',
    {
      preHandler: readers,
      schema: {
        params: RuleNameParamsSchema,
        querystring: RuleActivityQuerySchema,
        response: { 200: RuleActivityListSchema },
      },
    },
    async (request) => {
      await service.getTopicRule(request.params.ruleName);
      return { activity: engine.monitor.recentActivity(request.params.ruleName, request.query.after) };
    },
  );

  app.get('/rule-metrics', { preHandler: readers, schema: { response: { 200: RuleMetricsListSchema } } }, async () => ({
    rules: engine.monitor.allMetrics(),
  }));

  app.get(
    '/rule-destinations',
    { preHandler: readers, schema: { response: { 200: HttpDestinationListSchema } } },
    async () => ({ destinations: await service.listDestinations() }),
  );

  // The operator's confirmation: CONFIRMED lets http actions call URLs under it.
  app.put(
    '/rule-destinations',
    {
      preHandler: writers,
      schema: { body: PutHttpDestinationRequestSchema, response: { 200: HttpDestinationSchema } },
    },
    async (request) => service.putDestination(request.body.url, request.body.status),
  );

  app.delete(
    '/rule-destinations',
    { preHandler: writers, schema: { querystring: DestinationUrlQuerySchema } },
    async (request, reply) => {
      await service.deleteDestination(request.query.url);
      return reply.status(204).send();
    },
  );

  app.get(
    '/timeseries',
    { preHandler: readers, schema: { response: { 200: TimeseriesDeviceListSchema } } },
    async () => ({ devices: timeseries.devices() }),
  );

  app.get(
    '/timeseries/fields',
    {
      preHandler: readers,
      schema: { querystring: TimeseriesFieldsQuerySchema, response: { 200: TimeseriesFieldsSchema } },
    },
    async (request) => timeseries.fields(request.query.deviceKey),
  );

  app.get(
    '/timeseries/query',
    {
      preHandler: readers,
      schema: { querystring: TimeseriesQuerySchema, response: { 200: TimeseriesResponseSchema } },
    },
    async (request) => {
      const to = request.query.to ?? Date.now();
      const from = request.query.from ?? to - HOUR;
      return timeseries.query({
        deviceKey: request.query.deviceKey,
        fields: request.query.fields.split(',').map((field) => field.trim()),
        from,
        to,
        buckets: request.query.buckets ?? 300,
      });
    },
  );
};
