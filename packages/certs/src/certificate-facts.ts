import { type ParsedCertificate, parseCertificateDer, parseCertificatePem } from './parse-certificate.js';
import { x509 } from './x509.js';

/** Distinguished-name attributes under the names AWS IoT policy variables use (`iot:Certificate.Subject.<name>`). */
export const DISTINGUISHED_NAME_ATTRIBUTES = {
  CommonName: '2.5.4.3',
  Country: '2.5.4.6',
  Organization: '2.5.4.10',
  OrganizationalUnit: '2.5.4.11',
  State: '2.5.4.8',
  Locality: '2.5.4.7',
  SerialNumber: '2.5.4.5',
  DistinguishedNameQualifier: '2.5.4.46',
  Title: '2.5.4.12',
  Surname: '2.5.4.4',
  GivenName: '2.5.4.42',
  Initials: '2.5.4.43',
  Pseudonym: '2.5.4.65',
  GenerationQualifier: '2.5.4.44',
} as const;
export type DistinguishedNameAttribute = keyof typeof DISTINGUISHED_NAME_ATTRIBUTES;

/** Alternative-name kinds under AWS IoT's names (`iot:Certificate.Subject.AlternativeName.<name>`). */
export type AlternativeNameType =
  | 'RFC822Name'
  | 'DNSName'
  | 'DirectoryName'
  | 'UniformResourceIdentifier'
  | 'IPAddress';

const ALTERNATIVE_NAME_TYPES: Partial<Record<string, AlternativeNameType>> = {
  email: 'RFC822Name',
  dns: 'DNSName',
  dn: 'DirectoryName',
  url: 'UniformResourceIdentifier',
  ip: 'IPAddress',
};

/** Every value of each attribute present, in the order of the name; absent attributes have no key. */
export type DistinguishedNameFacts = Partial<Record<DistinguishedNameAttribute, string[]>>;
export type AlternativeNameFacts = Partial<Record<AlternativeNameType, string[]>>;

/** What the platform (policy variables, console, APIs) needs to know about a certificate. Values are raw text. */
export interface CertificateFacts {
  /** SHA-256 of the DER, lowercase hex */
  certificateId: string;
  /** lowercase hex, as encoded */
  serialNumber: string;
  subject: DistinguishedNameFacts;
  issuer: DistinguishedNameFacts;
  /** RFC 4514-style text of the names, e.g. `CN=thing-1, O=Acme` */
  subjectName: string;
  issuerName: string;
  subjectAlternativeNames: AlternativeNameFacts;
  issuerAlternativeNames: AlternativeNameFacts;
  validity: { notBefore: Date; notAfter: Date };
  isCertificateAuthority: boolean;
}

/** Facts about a certificate given as PEM (exactly one certificate) or DER; bad input → CertificateValidationException. */
export function certificateFacts(certificate: string | Buffer | ParsedCertificate): CertificateFacts {
  const parsed =
    typeof certificate === 'string'
      ? parseCertificatePem(certificate, 'certificate')
      : Buffer.isBuffer(certificate)
        ? parseCertificateDer(certificate)
        : certificate;
  const { x509: cert } = parsed;
  return {
    certificateId: parsed.certificateId,
    serialNumber: cert.serialNumber.toLowerCase(),
    subject: nameFacts(cert.subjectName),
    issuer: nameFacts(cert.issuerName),
    subjectName: cert.subject,
    issuerName: cert.issuer,
    subjectAlternativeNames: alternativeNameFacts(cert.getExtension(x509.SubjectAlternativeNameExtension)?.names),
    issuerAlternativeNames: alternativeNameFacts(cert.getExtension(x509.IssuerAlternativeNameExtension)?.names),
    validity: { notBefore: cert.notBefore, notAfter: cert.notAfter },
    isCertificateAuthority: parsed.node.ca,
  };
}

function nameFacts(name: x509.Name): DistinguishedNameFacts {
  const facts: DistinguishedNameFacts = {};
  for (const [attribute, oid] of Object.entries(DISTINGUISHED_NAME_ATTRIBUTES)) {
    const values = name.getField(oid);
    if (values.length > 0) facts[attribute as DistinguishedNameAttribute] = values;
  }
  return facts;
}

function alternativeNameFacts(names: x509.GeneralNames | undefined): AlternativeNameFacts {
  const facts: AlternativeNameFacts = {};
  for (const { type, value } of names?.items ?? []) {
    const kind = ALTERNATIVE_NAME_TYPES[type];
    if (kind === undefined) continue;
    facts[kind] = [...(facts[kind] ?? []), value];
  }
  return facts;
}
