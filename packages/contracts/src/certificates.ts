import { type Static, Type } from '@sinclair/typebox';

/** Device (thing) names follow AWS IoT's thing-name rule. */
export const DEVICE_NAME_PATTERN = '^[a-zA-Z0-9:_-]{1,128}$';

export const CreateDeviceCredentialsRequestSchema = Type.Object(
  {
    deviceName: Type.String({ pattern: DEVICE_NAME_PATTERN }),
  },
  { additionalProperties: false },
);
export type CreateDeviceCredentialsRequest = Static<typeof CreateDeviceCredentialsRequestSchema>;

export const CertificateStatusSchema = Type.Union([
  Type.Literal('ACTIVE'),
  Type.Literal('INACTIVE'),
  Type.Literal('REVOKED'),
  Type.Literal('PENDING_ACTIVATION'),
]);
export type CertificateStatus = Static<typeof CertificateStatusSchema>;

export const CertificateSummarySchema = Type.Object({
  /** Hex SHA-256 of the certificate's DER encoding. */
  certificateId: Type.String(),
  deviceName: Type.String(),
  status: CertificateStatusSchema,
  createdAt: Type.String({ format: 'date-time' }),
  notAfter: Type.String({ format: 'date-time' }),
});
export type CertificateSummary = Static<typeof CertificateSummarySchema>;

/** Returned once, at creation: the private key is never stored by the platform. */
export const DeviceCredentialsSchema = Type.Composite([
  CertificateSummarySchema,
  Type.Object({
    certificatePem: Type.String(),
    privateKeyPem: Type.String(),
    caCertificatePem: Type.String(),
  }),
]);
export type DeviceCredentials = Static<typeof DeviceCredentialsSchema>;

export const CertificateListSchema = Type.Object({
  certificates: Type.Array(CertificateSummarySchema),
});
export type CertificateList = Static<typeof CertificateListSchema>;
