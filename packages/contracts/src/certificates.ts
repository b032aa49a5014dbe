import { type Static, Type } from '@sinclair/typebox';

/** Device (thing) names follow AWS IoT's thing-name rule. */
export const DEVICE_NAME_PATTERN = '^[a-zA-Z0-9:_-]{1,128}$';
/** AWS IoT certificate ids: SHA-256 of the DER as 64 hex characters. */
export const CERTIFICATE_ID_PATTERN = '^[0-9a-fA-F]{64}$';

export const CreateDeviceCredentialsRequestSchema = Type.Object(
  {
    deviceName: Type.String({ pattern: DEVICE_NAME_PATTERN }),
    /** Policy to attach; default: the platform's default device policy, if it still exists. */
    policyName: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  },
  { additionalProperties: false },
);
export type CreateDeviceCredentialsRequest = Static<typeof CreateDeviceCredentialsRequestSchema>;

/** AWS IoT's certificate statuses (REGISTER_INACTIVE is its deprecated alias of INACTIVE). */
export const CertificateStatusSchema = Type.Union([
  Type.Literal('ACTIVE'),
  Type.Literal('INACTIVE'),
  Type.Literal('REVOKED'),
  Type.Literal('PENDING_ACTIVATION'),
  Type.Literal('PENDING_TRANSFER'),
  Type.Literal('REGISTER_INACTIVE'),
]);
export type CertificateStatus = Static<typeof CertificateStatusSchema>;

/** The statuses an operator may set (UpdateCertificate). */
export const SettableCertificateStatusSchema = Type.Union([
  Type.Literal('ACTIVE'),
  Type.Literal('INACTIVE'),
  Type.Literal('REVOKED'),
]);
export type SettableCertificateStatus = Static<typeof SettableCertificateStatusSchema>;

export const CertificateSummarySchema = Type.Object({
  /** Hex SHA-256 of the certificate's DER encoding. */
  certificateId: Type.String(),
  /** Set for certificates created in the console for a named device. */
  deviceName: Type.Optional(Type.String()),
  /** Subject CN of the certificate, when it has one. */
  commonName: Type.Optional(Type.String()),
  status: CertificateStatusSchema,
  /** The registered CA that issued it; absent for certificates of the platform CA and those registered without CA. */
  caCertificateId: Type.Optional(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  notAfter: Type.String({ format: 'date-time' }),
});
export type CertificateSummary = Static<typeof CertificateSummarySchema>;

/** Returned once, at creation: the private key is never stored by the platform. */
export const DeviceCredentialsSchema = Type.Composite([
  CertificateSummarySchema,
  Type.Object({
    deviceName: Type.String(),
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

export const CertificateIdParamsSchema = Type.Object({
  certificateId: Type.String({ pattern: CERTIFICATE_ID_PATTERN }),
});

export const UpdateCertificateStatusRequestSchema = Type.Object(
  { status: SettableCertificateStatusSchema },
  { additionalProperties: false },
);
export type UpdateCertificateStatusRequest = Static<typeof UpdateCertificateStatusRequestSchema>;

export const CaCertificateStatusSchema = Type.Union([Type.Literal('ACTIVE'), Type.Literal('INACTIVE')]);
export type CaCertificateStatus = Static<typeof CaCertificateStatusSchema>;
export const AutoRegistrationStatusSchema = Type.Union([Type.Literal('ENABLE'), Type.Literal('DISABLE')]);
export type AutoRegistrationStatus = Static<typeof AutoRegistrationStatusSchema>;

export const CaCertificateSummarySchema = Type.Object({
  caCertificateId: Type.String(),
  /** Subject CN of the CA, when it has one. */
  commonName: Type.Optional(Type.String()),
  status: CaCertificateStatusSchema,
  autoRegistrationStatus: AutoRegistrationStatusSchema,
  createdAt: Type.String({ format: 'date-time' }),
  notAfter: Type.String({ format: 'date-time' }),
});
export type CaCertificateSummary = Static<typeof CaCertificateSummarySchema>;

export const CaCertificateListSchema = Type.Object({
  caCertificates: Type.Array(CaCertificateSummarySchema),
});
export type CaCertificateList = Static<typeof CaCertificateListSchema>;

export const CaCertificateIdParamsSchema = Type.Object({
  caCertificateId: Type.String({ pattern: CERTIFICATE_ID_PATTERN }),
});

export const RegistrationCodeSchema = Type.Object({ registrationCode: Type.String() });
export type RegistrationCode = Static<typeof RegistrationCodeSchema>;

export const RegisterCaCertificateRequestSchema = Type.Object(
  {
    caCertificatePem: Type.String({ minLength: 1, maxLength: 65536 }),
    /** Proof of possession: a certificate the CA signed whose subject CN is the registration code. */
    verificationCertificatePem: Type.String({ minLength: 1, maxLength: 65536 }),
    setAsActive: Type.Optional(Type.Boolean()),
    allowAutoRegistration: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type RegisterCaCertificateRequest = Static<typeof RegisterCaCertificateRequestSchema>;

export const UpdateCaCertificateRequestSchema = Type.Object(
  {
    status: Type.Optional(CaCertificateStatusSchema),
    autoRegistrationStatus: Type.Optional(AutoRegistrationStatusSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCaCertificateRequest = Static<typeof UpdateCaCertificateRequestSchema>;
