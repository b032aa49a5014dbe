import {
  ALTERNATIVE_NAME_TYPES,
  type AuthorizationContext,
  DISTINGUISHED_NAME_ATTRIBUTES,
} from './authorization-context.js';

/**
 * A policy variable (`${name}` in Resource and Condition values) or condition key. Names are
 * matched case-insensitively, like IAM condition keys. `scalar` gives the value substituted into a
 * string (undefined = unresolved); multi-valued keys give their values through `list` instead.
 */
export type VariableRef =
  | { readonly name: string; readonly multiValued: false; scalar(context: AuthorizationContext): string | undefined }
  | {
      readonly name: string;
      readonly multiValued: true;
      list(context: AuthorizationContext): readonly string[] | undefined;
    };

const scalar = (name: string, get: (context: AuthorizationContext) => string | undefined): VariableRef => ({
  name,
  multiValued: false,
  scalar: get,
});

const list = (name: string, get: (context: AuthorizationContext) => readonly string[] | undefined): VariableRef => ({
  name,
  multiValued: true,
  list: get,
});

const FIXED: ReadonlyMap<string, VariableRef> = new Map(
  [
    scalar('iot:ClientId', (c) => c.clientId),
    scalar('aws:SourceIp', (c) => c.sourceIp),
    scalar('iot:Connection.Thing.ThingName', (c) => c.thing?.name),
    scalar('iot:Connection.Thing.ThingTypeName', (c) => c.thing?.typeName),
    scalar('iot:Connection.Thing.IsAttached', (c) => c.isAttached),
    scalar('iot:CertificateId', (c) => c.certificateId),
    scalar('iot:Certificate.SerialNumber', (c) => c.certificateSerialNumber),
    scalar('iot:LastWillTopic', (c) => c.lastWillTopicArn),
    list('iot:Certificate.AvailableKeys', (c) => c.availableKeys),
    list('iot:ConnectAttributes', (c) => c.connectAttributes),
  ].map((ref) => [ref.name.toLowerCase(), ref]),
);

const THING_ATTRIBUTE = /^iot:connection\.thing\.attributes\[([a-zA-Z0-9_.,@/:#-]+)\]$/i;

/** Canonical certificate keys by lower-case spelling: `subject.commonname` → `Subject.CommonName`. */
const CERTIFICATE_KEYS: ReadonlyMap<string, string> = new Map(
  ['Subject', 'Issuer']
    .flatMap((side) => [
      ...DISTINGUISHED_NAME_ATTRIBUTES.map((attribute) => `${side}.${attribute}`),
      ...ALTERNATIVE_NAME_TYPES.map((type) => `${side}.AlternativeName.${type}`),
    ])
    .map((key) => [key.toLowerCase(), key]),
);
const CERTIFICATE_PREFIX = 'iot:certificate.';
const INDEX_SUFFIX = /\.(0|[1-9][0-9]{0,2})$/;
const LIST_SUFFIX = '.list';

function certificateVariable(lowerName: string): VariableRef | undefined {
  if (!lowerName.startsWith(CERTIFICATE_PREFIX)) return undefined;
  let rest = lowerName.slice(CERTIFICATE_PREFIX.length);
  if (rest.endsWith(LIST_SUFFIX)) {
    const key = CERTIFICATE_KEYS.get(rest.slice(0, -LIST_SUFFIX.length));
    return key === undefined ? undefined : list(`iot:Certificate.${key}.List`, (c) => c.certificateLists.get(key));
  }
  // `.N` is a zero-based index: `.1` is the second value (reference §3.4, flagged unverified there).
  let index = 0;
  const indexMatch = INDEX_SUFFIX.exec(rest);
  if (indexMatch !== null) {
    index = Number(indexMatch[1]);
    rest = rest.slice(0, indexMatch.index);
  }
  const key = CERTIFICATE_KEYS.get(rest);
  if (key === undefined) return undefined;
  const name = indexMatch === null ? `iot:Certificate.${key}` : `iot:Certificate.${key}.${index}`;
  return scalar(name, (c) => c.certificateValues.get(key)?.[index]);
}

/** The variable or condition key called `name`, or undefined when the platform knows no such name. */
export function parseVariableName(name: string): VariableRef | undefined {
  const lowerName = name.toLowerCase();
  const fixed = FIXED.get(lowerName);
  if (fixed !== undefined) return fixed;
  const attribute = THING_ATTRIBUTE.exec(name);
  if (attribute !== null) {
    const attributeName = attribute[1]!;
    return scalar(`iot:Connection.Thing.Attributes[${attributeName}]`, (c) => {
      const attributes = c.thing?.attributes;
      // own properties only: an attribute called `constructor` must not resolve to Object's
      return attributes !== undefined && Object.hasOwn(attributes, attributeName)
        ? attributes[attributeName]
        : undefined;
    });
  }
  return certificateVariable(lowerName);
}
