import { type Static, Type } from '@sinclair/typebox';

/** Certificate ids are the lowercase hex SHA-256 of the certificate's DER encoding. */
const CERTIFICATE_ID_PATTERN = '^[0-9a-f]{64}$';

/** The data-plane actions IoT policies authorize (reference §3.2), in the policy engine's order. */
export const POLICY_ACTIONS = [
  'iot:Connect',
  'iot:Publish',
  'iot:Subscribe',
  'iot:Receive',
  'iot:RetainPublish',
  'iot:GetRetainedMessage',
  'iot:ListRetainedMessages',
  'iot:GetThingShadow',
  'iot:UpdateThingShadow',
  'iot:DeleteThingShadow',
  'iot:ListNamedShadowsForThing',
  'iot:DeleteConnection',
] as const;

export const PolicyActionSchema = Type.Union(POLICY_ACTIONS.map((action) => Type.Literal(action)));
export type PolicyAction = Static<typeof PolicyActionSchema>;

export const PolicyNameParamsSchema = Type.Object({
  policyName: Type.String({ minLength: 1 }),
});
export type PolicyNameParams = Static<typeof PolicyNameParamsSchema>;

export const PolicyVersionParamsSchema = Type.Object({
  policyName: Type.String({ minLength: 1 }),
  policyVersionId: Type.String({ minLength: 1 }),
});
export type PolicyVersionParams = Static<typeof PolicyVersionParamsSchema>;

/** `GET /api/certificates/:certificateId/policies` */
export const CertificatePoliciesParamsSchema = Type.Object({
  certificateId: Type.String({ pattern: CERTIFICATE_ID_PATTERN }),
});
export type CertificatePoliciesParams = Static<typeof CertificatePoliciesParamsSchema>;

/** Listings return at most `pageSize` items (1–250, default 250) and a `nextMarker` when there are more. */
export const PolicyPageQuerySchema = Type.Object(
  {
    marker: Type.Optional(Type.String({ minLength: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 250 })),
  },
  { additionalProperties: false },
);
export type PolicyPageQuery = Static<typeof PolicyPageQuerySchema>;

export const PolicySummarySchema = Type.Object({
  policyName: Type.String(),
  policyArn: Type.String(),
});
export type PolicySummary = Static<typeof PolicySummarySchema>;

/** `GET /api/policies`: newest first. */
export const PolicyListSchema = Type.Object({
  policies: Type.Array(PolicySummarySchema),
  nextMarker: Type.Optional(Type.String()),
});
export type PolicyList = Static<typeof PolicyListSchema>;

/** The document is JSON text, as AWS IoT takes and returns it. */
export const CreatePolicyRequestSchema = Type.Object(
  {
    policyName: Type.String(),
    policyDocument: Type.String(),
  },
  { additionalProperties: false },
);
export type CreatePolicyRequest = Static<typeof CreatePolicyRequestSchema>;

export const CreatedPolicySchema = Type.Object({
  policyName: Type.String(),
  policyArn: Type.String(),
  policyDocument: Type.String(),
  policyVersionId: Type.String(),
});
export type CreatedPolicy = Static<typeof CreatedPolicySchema>;

/** Dates are epoch seconds, as in AWS IoT's API. */
export const PolicyVersionSummarySchema = Type.Object({
  versionId: Type.String(),
  isDefaultVersion: Type.Boolean(),
  createDate: Type.Number(),
});
export type PolicyVersionSummary = Static<typeof PolicyVersionSummarySchema>;

/** `GET /api/policies/:policyName`: the default version's document and every version, newest first. */
export const PolicyDetailSchema = Type.Object({
  policyName: Type.String(),
  policyArn: Type.String(),
  policyDocument: Type.String(),
  defaultVersionId: Type.String(),
  creationDate: Type.Number(),
  lastModifiedDate: Type.Number(),
  versions: Type.Array(PolicyVersionSummarySchema),
});
export type PolicyDetail = Static<typeof PolicyDetailSchema>;

export const PolicyVersionDetailSchema = Type.Object({
  policyName: Type.String(),
  policyArn: Type.String(),
  policyDocument: Type.String(),
  policyVersionId: Type.String(),
  isDefaultVersion: Type.Boolean(),
  creationDate: Type.Number(),
});
export type PolicyVersionDetail = Static<typeof PolicyVersionDetailSchema>;

export const CreatePolicyVersionRequestSchema = Type.Object(
  {
    policyDocument: Type.String(),
    setAsDefault: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreatePolicyVersionRequest = Static<typeof CreatePolicyVersionRequestSchema>;

export const CreatedPolicyVersionSchema = Type.Object({
  policyArn: Type.String(),
  policyDocument: Type.String(),
  policyVersionId: Type.String(),
  isDefaultVersion: Type.Boolean(),
});
export type CreatedPolicyVersion = Static<typeof CreatedPolicyVersionSchema>;

export const SetDefaultPolicyVersionRequestSchema = Type.Object(
  { policyVersionId: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type SetDefaultPolicyVersionRequest = Static<typeof SetDefaultPolicyVersionRequestSchema>;

export const ValidatePolicyRequestSchema = Type.Object(
  { policyDocument: Type.String() },
  { additionalProperties: false },
);
export type ValidatePolicyRequest = Static<typeof ValidatePolicyRequestSchema>;

/**
 * What a policy is attached to or detached from: exactly one of a certificate id or a target ARN
 * (a certificate `…:cert/{id}` or thing group `…:thinggroup/{name}` ARN of this platform).
 */
export const PolicyTargetRefSchema = Type.Object(
  {
    certificateId: Type.Optional(Type.String({ pattern: CERTIFICATE_ID_PATTERN })),
    targetArn: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type PolicyTargetRef = Static<typeof PolicyTargetRefSchema>;

export const PolicyTargetKindSchema = Type.Union([Type.Literal('certificate'), Type.Literal('thing-group')]);
export type PolicyTargetKind = Static<typeof PolicyTargetKindSchema>;

export const PolicyTargetSchema = Type.Object({
  targetArn: Type.String(),
  kind: PolicyTargetKindSchema,
  certificateId: Type.Optional(Type.String()),
  thingGroupName: Type.Optional(Type.String()),
});
export type PolicyTarget = Static<typeof PolicyTargetSchema>;

export const PolicyTargetListSchema = Type.Object({
  targets: Type.Array(PolicyTargetSchema),
  nextMarker: Type.Optional(Type.String()),
});
export type PolicyTargetList = Static<typeof PolicyTargetListSchema>;

/** The thing the simulated connection is attached to; thing variables resolve only for it. */
export const SimulatedThingSchema = Type.Object(
  {
    typeName: Type.Optional(Type.String({ minLength: 1 })),
    attributes: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { additionalProperties: false },
);
export type SimulatedThing = Static<typeof SimulatedThingSchema>;

/**
 * `POST /api/policies/simulate`: would a device with this certificate (none: no policies apply) and
 * client id be allowed `action` on `resource`? `resource` is the name the action is checked on: a topic
 * (Publish, Receive, RetainPublish, GetRetainedMessage), a topic filter (Subscribe), a client id (Connect,
 * DeleteConnection; defaults to `clientId`), a thing name or `thingName/shadowName` (shadow actions).
 * `thing`, when given, is a thing named like the client id and attached to the certificate.
 */
export const PolicySimulationRequestSchema = Type.Object(
  {
    certificateId: Type.Optional(Type.String({ pattern: CERTIFICATE_ID_PATTERN })),
    clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    action: PolicyActionSchema,
    resource: Type.Optional(Type.String({ maxLength: 1024 })),
    sourceIp: Type.Optional(Type.String({ minLength: 1 })),
    thing: Type.Optional(SimulatedThingSchema),
  },
  { additionalProperties: false },
);
export type PolicySimulationRequest = Static<typeof PolicySimulationRequestSchema>;

export const DecidingStatementSchema = Type.Object({
  policyName: Type.String(),
  policyVersionId: Type.String(),
  /** Position in the document's Statement list, from 0. */
  statementIndex: Type.Integer(),
  sid: Type.Optional(Type.String()),
  /** The statement as written in the document, pretty-printed JSON. */
  statement: Type.Optional(Type.String()),
});
export type DecidingStatement = Static<typeof DecidingStatementSchema>;

export const PolicyDecisionReasonSchema = Type.Union([
  Type.Literal('allowed'),
  Type.Literal('explicit-deny'),
  Type.Literal('default-deny'),
]);
export type PolicyDecisionReason = Static<typeof PolicyDecisionReasonSchema>;

export const PolicySimulationResultSchema = Type.Object({
  allowed: Type.Boolean(),
  reason: PolicyDecisionReasonSchema,
  action: PolicyActionSchema,
  resourceArn: Type.String(),
  /** The statement that decided; absent for a default deny (no statement matched). */
  decidingStatement: Type.Optional(DecidingStatementSchema),
  /** The default versions that were evaluated: every policy attached to the certificate. */
  evaluatedPolicies: Type.Array(Type.Object({ policyName: Type.String(), policyVersionId: Type.String() })),
});
export type PolicySimulationResult = Static<typeof PolicySimulationResultSchema>;
