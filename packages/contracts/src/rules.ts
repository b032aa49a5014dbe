import { type Static, Type } from '@sinclair/typebox';

/** AWS IoT's rule-name rule. */
export const RULE_NAME_PATTERN = '^[a-zA-Z0-9_]{1,128}$';

export const SqlVersionSchema = Type.Union([
  Type.Literal('2015-10-08'),
  Type.Literal('2016-03-23'),
  Type.Literal('beta'),
]);
export type SqlVersion = Static<typeof SqlVersionSchema>;

const KeyValueSchema = Type.Object(
  { key: Type.String({ minLength: 1 }), value: Type.String() },
  { additionalProperties: false },
);

/** AWS RepublishAction; `retain` is an extension (AWS never sets RETAIN). Header values are templates. */
export const RepublishActionSchema = Type.Object(
  {
    topic: Type.String({ minLength: 1 }),
    /** Accepted for AWS compatibility and ignored: the platform needs no role to publish. */
    roleArn: Type.Optional(Type.String()),
    qos: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)])),
    retain: Type.Optional(Type.Boolean()),
    headers: Type.Optional(
      Type.Object(
        {
          payloadFormatIndicator: Type.Optional(Type.String()),
          contentType: Type.Optional(Type.String()),
          responseTopic: Type.Optional(Type.String()),
          correlationData: Type.Optional(Type.String()),
          messageExpiry: Type.Optional(Type.String()),
          userProperties: Type.Optional(Type.Array(KeyValueSchema, { maxItems: 100 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type RepublishAction = Static<typeof RepublishActionSchema>;

/** AWS HttpAction. `auth` (SigV4 signing) is accepted and ignored. */
export const HttpActionSchema = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000 }),
    confirmationUrl: Type.Optional(Type.String({ maxLength: 2000 })),
    headers: Type.Optional(Type.Array(KeyValueSchema, { maxItems: 100 })),
    auth: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
export type HttpAction = Static<typeof HttpActionSchema>;

/** Stores the rule output (a JSON object) as one row of a device's time series. */
export const TimeseriesActionSchema = Type.Object(
  {
    /** Template naming the series, e.g. `${topic(2)}`. */
    deviceKey: Type.String({ minLength: 1 }),
    /** Template giving the row time in epoch milliseconds; default: the message's timestamp. */
    time: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type TimeseriesAction = Static<typeof TimeseriesActionSchema>;

/** Sends the rule output as a shadow update request document (`{"state":{...}}`). */
export const ShadowActionSchema = Type.Object(
  {
    thingName: Type.String({ minLength: 1 }),
    /** Absent (or rendering empty) for the classic shadow. */
    shadowName: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ShadowAction = Static<typeof ShadowActionSchema>;

/**
 * Operator JavaScript: the body of `function (event, context)`; its return value replaces the payload for
 * the actions listed after it (`undefined` stops them). Runs in a worker without require, import, network or fs.
 */
export const FunctionActionSchema = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 65536 }),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
    memoryLimitMb: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type FunctionAction = Static<typeof FunctionActionSchema>;

/** One action: an object with exactly one key naming its type (AWS's `Action`). */
export const RuleActionSchema = Type.Union([
  Type.Object({ republish: RepublishActionSchema }, { additionalProperties: false }),
  Type.Object({ http: HttpActionSchema }, { additionalProperties: false }),
  Type.Object({ timeseries: TimeseriesActionSchema }, { additionalProperties: false }),
  Type.Object({ shadow: ShadowActionSchema }, { additionalProperties: false }),
  Type.Object({ function: FunctionActionSchema }, { additionalProperties: false }),
]);
export type RuleAction = Static<typeof RuleActionSchema>;
export type RuleActionType = 'republish' | 'http' | 'timeseries' | 'shadow' | 'function';

/** AWS's TopicRulePayload (body of CreateTopicRule and ReplaceTopicRule). */
export const TopicRulePayloadSchema = Type.Object(
  {
    sql: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    actions: Type.Array(RuleActionSchema),
    ruleDisabled: Type.Optional(Type.Boolean()),
    awsIotSqlVersion: Type.Optional(SqlVersionSchema),
    errorAction: Type.Optional(RuleActionSchema),
  },
  { additionalProperties: false },
);
export type TopicRulePayload = Static<typeof TopicRulePayloadSchema>;

export const RuleNameParamsSchema = Type.Object({ ruleName: Type.String({ pattern: RULE_NAME_PATTERN }) });

/**
 * A stored action in a response: typed as RuleAction and written as it was stored (the service validated
 * it), without compiling the action union into every route's serializer.
 */
const StoredRuleActionSchema = Type.Unsafe<RuleAction>({});

/** AWS's TopicRule as GetTopicRule returns it; `createdAt` in epoch seconds. */
export const TopicRuleSchema = Type.Object({
  ruleName: Type.String(),
  sql: Type.String(),
  description: Type.Optional(Type.String()),
  createdAt: Type.Number(),
  actions: Type.Array(StoredRuleActionSchema),
  ruleDisabled: Type.Boolean(),
  awsIotSqlVersion: SqlVersionSchema,
  errorAction: Type.Optional(StoredRuleActionSchema),
});
export type TopicRule = Static<typeof TopicRuleSchema>;

export const GetTopicRuleResponseSchema = Type.Object({ ruleArn: Type.String(), rule: TopicRuleSchema });
export type GetTopicRuleResponse = Static<typeof GetTopicRuleResponseSchema>;

export const TopicRuleListItemSchema = Type.Object({
  ruleArn: Type.String(),
  ruleName: Type.String(),
  /** The FROM filter; absent for Basic Ingest-only rules. */
  topicPattern: Type.Optional(Type.String()),
  createdAt: Type.Number(),
  ruleDisabled: Type.Boolean(),
});
export type TopicRuleListItem = Static<typeof TopicRuleListItemSchema>;

export const ListTopicRulesQuerySchema = Type.Object({
  /** Only rules whose FROM filter is this text or matches this topic. */
  topic: Type.Optional(Type.String({ minLength: 1 })),
  maxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  nextToken: Type.Optional(Type.String()),
  ruleDisabled: Type.Optional(Type.Boolean()),
});
export type ListTopicRulesQuery = Static<typeof ListTopicRulesQuerySchema>;

export const ListTopicRulesResponseSchema = Type.Object({
  rules: Type.Array(TopicRuleListItemSchema),
  nextToken: Type.Optional(Type.String()),
});
export type ListTopicRulesResponse = Static<typeof ListTopicRulesResponseSchema>;

export const RuleErrorEntrySchema = Type.Object({ message: Type.String(), at: Type.String({ format: 'date-time' }) });

/** Counters since the server started (or since the rule was created). */
export const RuleMetricsSchema = Type.Object({
  ruleName: Type.String(),
  messagesMatched: Type.Integer(),
  /** Messages whose SQL could not produce output (counted as failures of the rule). */
  evaluationErrors: Type.Integer(),
  actionsSucceeded: Type.Integer(),
  actionsFailed: Type.Integer(),
  errorActionsSucceeded: Type.Integer(),
  errorActionsFailed: Type.Integer(),
  lastError: Type.Optional(RuleErrorEntrySchema),
});
export type RuleMetrics = Static<typeof RuleMetricsSchema>;

export const RuleMetricsListSchema = Type.Object({ rules: Type.Array(RuleMetricsSchema) });
export type RuleMetricsList = Static<typeof RuleMetricsListSchema>;

export const RuleActivitySchema = Type.Union([
  Type.Object({
    kind: Type.Literal('output'),
    /** Increases with every entry (poll with `after=<last seq>`). */
    seq: Type.Integer(),
    ruleName: Type.String(),
    topic: Type.String(),
    at: Type.String({ format: 'date-time' }),
    /** The rule output as JSON text, or base64 for a binary output. */
    output: Type.String(),
    outputEncoding: Type.Union([Type.Literal('json'), Type.Literal('base64')]),
  }),
  Type.Object({
    kind: Type.Literal('error'),
    seq: Type.Integer(),
    ruleName: Type.String(),
    topic: Type.String(),
    at: Type.String({ format: 'date-time' }),
    /** `<Type>Action` for an action failure, `Sql` when the statement failed, `ErrorAction` for the error action. */
    failedAction: Type.String(),
    failedResource: Type.String(),
    errorMessage: Type.String(),
  }),
]);
export type RuleActivity = Static<typeof RuleActivitySchema>;

export const RuleActivityListSchema = Type.Object({ activity: Type.Array(RuleActivitySchema) });
export type RuleActivityList = Static<typeof RuleActivityListSchema>;

export const RuleTestRequestSchema = Type.Object(
  {
    sql: Type.String({ minLength: 1 }),
    sqlVersion: Type.Optional(SqlVersionSchema),
    topic: Type.String({ minLength: 1 }),
    /** The message payload as text (JSON or anything else), or base64 with `payloadEncoding: 'base64'`. */
    payload: Type.String({ maxLength: 131072 }),
    payloadEncoding: Type.Optional(Type.Union([Type.Literal('utf8'), Type.Literal('base64')])),
    clientId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type RuleTestRequest = Static<typeof RuleTestRequestSchema>;

export const RuleTestResultSchema = Type.Union([
  Type.Object({
    result: Type.Literal('output'),
    /** JSON text of the output (what actions receive), or base64 of a binary output. */
    output: Type.String(),
    outputEncoding: Type.Union([Type.Literal('json'), Type.Literal('base64')]),
  }),
  Type.Object({
    result: Type.Literal('no-match'),
    reason: Type.Union([Type.Literal('topic'), Type.Literal('where')]),
    /** Human explanation, e.g. "WHERE evaluated to Undefined". */
    message: Type.String(),
  }),
  Type.Object({
    result: Type.Literal('parse-error'),
    message: Type.String(),
    line: Type.Integer(),
    column: Type.Integer(),
  }),
  Type.Object({ result: Type.Literal('evaluation-error'), message: Type.String() }),
]);
export type RuleTestResult = Static<typeof RuleTestResultSchema>;

export const HttpDestinationStatusSchema = Type.Union([
  Type.Literal('PENDING'),
  Type.Literal('CONFIRMED'),
  Type.Literal('DISABLED'),
]);
export type HttpDestinationStatus = Static<typeof HttpDestinationStatusSchema>;

export const HttpDestinationSchema = Type.Object({
  /** A URL prefix: http actions may call URLs starting with it once it is CONFIRMED. */
  url: Type.String(),
  status: HttpDestinationStatusSchema,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type HttpDestination = Static<typeof HttpDestinationSchema>;

export const HttpDestinationListSchema = Type.Object({ destinations: Type.Array(HttpDestinationSchema) });

export const PutHttpDestinationRequestSchema = Type.Object(
  { url: Type.String({ minLength: 1, maxLength: 2000 }), status: HttpDestinationStatusSchema },
  { additionalProperties: false },
);
export type PutHttpDestinationRequest = Static<typeof PutHttpDestinationRequestSchema>;

export const TimeseriesQuerySchema = Type.Object({
  deviceKey: Type.String({ minLength: 1 }),
  /** Comma-separated numeric fields of the stored rows. */
  fields: Type.String({ minLength: 1 }),
  /** Window in epoch milliseconds; `to` defaults to now, `from` to one hour before `to`. */
  from: Type.Optional(Type.Integer({ minimum: 0 })),
  to: Type.Optional(Type.Integer({ minimum: 0 })),
  buckets: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
});
export type TimeseriesQuery = Static<typeof TimeseriesQuerySchema>;

export const TimeseriesBucketSchema = Type.Object({
  /** Bucket start, epoch milliseconds. */
  time: Type.Number(),
  count: Type.Integer(),
  min: Type.Number(),
  avg: Type.Number(),
  max: Type.Number(),
});
export type TimeseriesBucket = Static<typeof TimeseriesBucketSchema>;

export const TimeseriesResponseSchema = Type.Object({
  deviceKey: Type.String(),
  from: Type.Number(),
  to: Type.Number(),
  bucketMs: Type.Number(),
  /** Per field, the non-empty buckets in time order. */
  series: Type.Record(Type.String(), Type.Array(TimeseriesBucketSchema)),
});
export type TimeseriesResponse = Static<typeof TimeseriesResponseSchema>;

export const TimeseriesDeviceListSchema = Type.Object({
  devices: Type.Array(
    Type.Object({ deviceKey: Type.String(), lastTime: Type.Number(), fields: Type.Array(Type.String()) }),
  ),
});
export type TimeseriesDeviceList = Static<typeof TimeseriesDeviceListSchema>;

export const TimeseriesFieldsQuerySchema = Type.Object({ deviceKey: Type.String({ minLength: 1 }) });

/** The numeric fields ever stored for one device key (that retention has not deleted), by name. */
export const TimeseriesFieldsSchema = Type.Object({
  deviceKey: Type.String(),
  fields: Type.Array(
    Type.Object({
      name: Type.String(),
      /** Start of the earliest and latest minute holding a value, epoch milliseconds. */
      firstTime: Type.Number(),
      lastTime: Type.Number(),
    }),
  ),
});
export type TimeseriesFields = Static<typeof TimeseriesFieldsSchema>;

/**
 * A TopicRulePayload as a request body: typed as TopicRulePayload, but HTTP validation only checks it is an
 * object. The rule service validates every member itself (one set of checks and messages for the console
 * and the AWS-compatible API), and compiling the action union into every route's validator is slow.
 */
export const TopicRulePayloadBodySchema = Type.Unsafe<TopicRulePayload>(Type.Object({}));

/** Console create: AWS's CreateTopicRule input (`ruleName` + `topicRulePayload`) in one body. */
export const CreateRuleRequestSchema = Type.Object(
  { ruleName: Type.String({ pattern: RULE_NAME_PATTERN }), topicRulePayload: TopicRulePayloadBodySchema },
  { additionalProperties: false },
);
export type CreateRuleRequest = Static<typeof CreateRuleRequestSchema>;

export const RuleActivityQuerySchema = Type.Object({
  /** Only entries with a greater `seq`. */
  after: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const DestinationUrlQuerySchema = Type.Object({ url: Type.String({ minLength: 1 }) });

/** The rule builder's check of a statement as it is typed (no message needed). */
export const RuleSqlValidationRequestSchema = Type.Object(
  { sql: Type.String({ minLength: 1, maxLength: 131072 }), sqlVersion: Type.Optional(SqlVersionSchema) },
  { additionalProperties: false },
);
export type RuleSqlValidationRequest = Static<typeof RuleSqlValidationRequestSchema>;

export const RuleSqlValidationSchema = Type.Union([
  Type.Object({
    valid: Type.Literal(true),
    /** The FROM filter; absent for a Basic Ingest-only statement. */
    topicFilter: Type.Optional(Type.String()),
  }),
  Type.Object({
    valid: Type.Literal(false),
    /** The reason alone; `line` and `column` (1-based) say where. */
    message: Type.String(),
    line: Type.Integer(),
    column: Type.Integer(),
  }),
]);
export type RuleSqlValidation = Static<typeof RuleSqlValidationSchema>;

export const CapturedMessagesQuerySchema = Type.Object({
  /** An MQTT topic filter, usually a rule's FROM filter. */
  filter: Type.String({ minLength: 1, maxLength: 256 }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
});
export type CapturedMessagesQuery = Static<typeof CapturedMessagesQuerySchema>;

/** A recent message the platform accepted, kept for the rule builder's test panel. */
export const CapturedMessageSchema = Type.Object({
  topic: Type.String(),
  /** UTF-8 text of the payload, or base64 when it is not valid UTF-8. */
  payload: Type.String(),
  payloadEncoding: Type.Union([Type.Literal('utf8'), Type.Literal('base64')]),
  receivedAt: Type.String({ format: 'date-time' }),
  clientId: Type.Optional(Type.String()),
});
export type CapturedMessage = Static<typeof CapturedMessageSchema>;

/** Newest first. */
export const CapturedMessageListSchema = Type.Object({ messages: Type.Array(CapturedMessageSchema) });
export type CapturedMessageList = Static<typeof CapturedMessageListSchema>;
