import { type Static, Type } from '@sinclair/typebox';

/** Access key ids look like AWS's: `AKIA` and 16 upper-case base32 characters. */
export const ACCESS_KEY_ID_PATTERN = '^AKIA[A-Z2-7]{16}$';

export const AccessKeyStatusSchema = Type.Union([Type.Literal('Active'), Type.Literal('Revoked')]);
export type AccessKeyStatus = Static<typeof AccessKeyStatusSchema>;

/** An access key as listed in the console; the secret is never part of it. */
export const AccessKeySummarySchema = Type.Object({
  accessKeyId: Type.String(),
  /** The console user the key acts for on the AWS-compatible API. */
  owner: Type.String(),
  description: Type.String(),
  status: AccessKeyStatusSchema,
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type AccessKeySummary = Static<typeof AccessKeySummarySchema>;

export const AccessKeyListSchema = Type.Object({
  accessKeys: Type.Array(AccessKeySummarySchema),
});
export type AccessKeyList = Static<typeof AccessKeyListSchema>;

export const CreateAccessKeyRequestSchema = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 256 })),
  },
  { additionalProperties: false },
);
export type CreateAccessKeyRequest = Static<typeof CreateAccessKeyRequestSchema>;

/** Returned once, at creation: the secret cannot be read back afterwards. */
export const CreatedAccessKeySchema = Type.Composite([
  AccessKeySummarySchema,
  Type.Object({ secretAccessKey: Type.String() }),
]);
export type CreatedAccessKey = Static<typeof CreatedAccessKeySchema>;

export const AccessKeyIdParamsSchema = Type.Object({
  accessKeyId: Type.String({ pattern: ACCESS_KEY_ID_PATTERN }),
});
