import type { IotArns } from '@meridian/contracts';

/** Certificate name attributes that have policy variables (reference §3.4). */
export const DISTINGUISHED_NAME_ATTRIBUTES = [
  'CommonName',
  'Country',
  'Organization',
  'OrganizationalUnit',
  'State',
  'SerialNumber',
  'DistinguishedNameQualifier',
  'Title',
  'Surname',
  'GivenName',
  'Initials',
  'Pseudonym',
  'GenerationQualifier',
] as const;
export type DistinguishedNameAttribute = (typeof DISTINGUISHED_NAME_ATTRIBUTES)[number];

export const ALTERNATIVE_NAME_TYPES = [
  'RFC822Name',
  'DNSName',
  'DirectoryName',
  'UniformResourceIdentifier',
  'IPAddress',
] as const;
export type AlternativeNameType = (typeof ALTERNATIVE_NAME_TYPES)[number];

export type ConnectAttribute = 'PersistentConnect' | 'LastWill';

/** Attribute → values in certificate order (a name attribute may occur several times). */
export type DistinguishedName = Partial<Readonly<Record<DistinguishedNameAttribute, readonly string[]>>>;
export type AlternativeNames = Partial<Readonly<Record<AlternativeNameType, readonly string[]>>>;

export interface CertificateFacts {
  /** AWS certificate id (hex SHA-256 of the DER). */
  id: string;
  serialNumber?: string;
  subject?: DistinguishedName;
  issuer?: DistinguishedName;
  subjectAlternativeNames?: AlternativeNames;
  issuerAlternativeNames?: AlternativeNames;
}

export interface ThingFacts {
  name: string;
  typeName?: string;
  attributes?: Readonly<Record<string, string>>;
}

/** What the server knows about a connection (or an HTTP request) when it asks for a decision. */
export interface RequestFacts {
  /** MQTT client id; absent for HTTP requests, which have no thing variables either. */
  clientId?: string;
  sourceIp?: string;
  /**
   * The thing named like the client id that is attached to the connecting principal, if any.
   * A thing with another name is ignored: thing variables only resolve for that thing.
   */
  thing?: ThingFacts;
  certificate?: CertificateFacts;
  connectAttributes?: readonly ConnectAttribute[];
  /** Topic of the will message set at CONNECT. */
  lastWillTopic?: string;
}

/** A certificate value the policy engine may substitute, or undefined when AWS would not substitute it. */
type CertificateValue = string | undefined;

/**
 * RequestFacts prepared once per connection so evaluation only reads fields: certificate values are
 * escaped, truncated and filtered as AWS does, derived values (IsAttached, AvailableKeys, the will
 * topic ARN) are computed up front.
 */
export interface AuthorizationContext {
  readonly clientId: string | undefined;
  readonly sourceIp: string | undefined;
  readonly thing: ThingFacts | undefined;
  readonly isAttached: 'true' | 'false' | undefined;
  readonly certificateId: string | undefined;
  readonly certificateSerialNumber: CertificateValue;
  /** Keyed `Subject.CommonName`, `Issuer.AlternativeName.DNSName`, … */
  readonly certificateValues: ReadonlyMap<string, readonly CertificateValue[]>;
  /** Substitutable values only, for `.List` keys. */
  readonly certificateLists: ReadonlyMap<string, readonly string[]>;
  readonly availableKeys: readonly string[];
  readonly connectAttributes: readonly string[];
  readonly lastWillTopicArn: string | undefined;
}

const MAX_CERTIFICATE_VALUE_LENGTH = 1024;
const MAX_CERTIFICATE_ARRAY_ITEMS = 5;
const WILDCARD_CHARACTERS = /[*$+?#]/;
const SPECIAL_CHARACTERS = /[,"\\+=<>;]/g;

/**
 * AWS leaves a certificate variable unsubstituted when its value holds a wildcard character or is
 * longer than 1024 characters, and backslash-escapes the special characters of distinguished names.
 */
function certificateValue(raw: string): CertificateValue {
  if (raw.length > MAX_CERTIFICATE_VALUE_LENGTH || WILDCARD_CHARACTERS.test(raw)) return undefined;
  return raw.replace(SPECIAL_CHARACTERS, '\\$&');
}

function addCertificateValues(
  values: Map<string, readonly CertificateValue[]>,
  lists: Map<string, readonly string[]>,
  prefix: string,
  attributes: Readonly<Record<string, readonly string[] | undefined>> | undefined,
): void {
  if (attributes === undefined) return;
  for (const [name, raw] of Object.entries(attributes)) {
    if (raw === undefined || raw.length === 0) continue;
    const prepared = raw.slice(0, MAX_CERTIFICATE_ARRAY_ITEMS).map(certificateValue);
    values.set(`${prefix}${name}`, prepared);
    lists.set(
      `${prefix}${name}`,
      prepared.filter((value): value is string => value !== undefined),
    );
  }
}

export function createAuthorizationContext(facts: RequestFacts, arns: IotArns): AuthorizationContext {
  const certificateValues = new Map<string, readonly CertificateValue[]>();
  const certificateLists = new Map<string, readonly string[]>();
  const { certificate } = facts;
  addCertificateValues(certificateValues, certificateLists, 'Subject.', certificate?.subject);
  addCertificateValues(certificateValues, certificateLists, 'Issuer.', certificate?.issuer);
  addCertificateValues(
    certificateValues,
    certificateLists,
    'Subject.AlternativeName.',
    certificate?.subjectAlternativeNames,
  );
  addCertificateValues(
    certificateValues,
    certificateLists,
    'Issuer.AlternativeName.',
    certificate?.issuerAlternativeNames,
  );
  const certificateSerialNumber =
    certificate?.serialNumber === undefined ? undefined : certificateValue(certificate.serialNumber);
  const availableKeys = [...certificateLists]
    .filter(([, list]) => list.length > 0)
    .map(([key]) => `iot:Certificate.${key}`);
  if (certificateSerialNumber !== undefined) availableKeys.push('iot:Certificate.SerialNumber');

  const isMqtt = facts.clientId !== undefined;
  const thing = isMqtt && facts.thing?.name === facts.clientId ? facts.thing : undefined;
  return {
    clientId: facts.clientId,
    sourceIp: facts.sourceIp,
    thing,
    isAttached: isMqtt ? (thing === undefined ? 'false' : 'true') : undefined,
    certificateId: certificate?.id,
    certificateSerialNumber,
    certificateValues,
    certificateLists,
    availableKeys,
    connectAttributes: [...(facts.connectAttributes ?? [])],
    lastWillTopicArn: facts.lastWillTopic === undefined ? undefined : arns.topic(facts.lastWillTopic),
  };
}
