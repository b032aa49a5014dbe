/** The resource types in the platform's ARNs: `arn:aws:iot:{region}:{account}:{type}/{name}`. */
export type IotResourceType =
  | 'client'
  | 'topic'
  | 'topicfilter'
  | 'thing'
  | 'thingtype'
  | 'thinggroup'
  | 'policy'
  | 'cert'
  | 'cacert'
  | 'rule';

/** Region and account id in the ARNs of the platform's resources (settings AWS_REGION and AWS_ACCOUNT_ID). */
export interface AwsAccount {
  region: string;
  accountId: string;
}

/** Certificate ids are the SHA-256 fingerprint of the DER, as 64 lower-case hex digits. */
const CERTIFICATE_ID = /^[0-9a-f]{64}$/;

/**
 * Every ARN the platform hands out or accepts, in one region and account (settings AWS_REGION and
 * AWS_ACCOUNT_ID). Parsing accepts only ARNs of that same region and account.
 */
export class IotArns implements AwsAccount {
  /** `arn:aws:iot:{region}:{accountId}:` */
  readonly prefix: string;

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {
    this.prefix = `arn:aws:iot:${region}:${accountId}:`;
  }

  /**
   * The `{type}/{name}` part of an ARN of any region and account, split at its first `/` (name empty
   * without one): for ARNs stored under earlier settings, which the platform still shows.
   */
  static resourceOf(arn: string): { type: string; name: string } {
    const resource = arn.split(':').slice(5).join(':');
    const slash = resource.indexOf('/');
    return slash < 0
      ? { type: resource, name: '' }
      : { type: resource.slice(0, slash), name: resource.slice(slash + 1) };
  }

  /** `{prefix}{type}/{name}` */
  of(type: IotResourceType, name: string): string {
    return `${this.prefix}${type}/${name}`;
  }

  client(clientId: string): string {
    return this.of('client', clientId);
  }

  topic(topic: string): string {
    return this.of('topic', topic);
  }

  topicFilter(filter: string): string {
    return this.of('topicfilter', filter);
  }

  /** Classic shadow and thing resource, or `thing/{thingName}/{shadowName}` for a named shadow. */
  thing(thingName: string, shadowName?: string): string {
    return this.of('thing', shadowName === undefined ? thingName : `${thingName}/${shadowName}`);
  }

  thingType(thingTypeName: string): string {
    return this.of('thingtype', thingTypeName);
  }

  thingGroup(groupName: string): string {
    return this.of('thinggroup', groupName);
  }

  policy(policyName: string): string {
    return this.of('policy', policyName);
  }

  /** The principal of a certificate connection. */
  certificate(certificateId: string): string {
    return this.of('cert', certificateId);
  }

  caCertificate(caCertificateId: string): string {
    return this.of('cacert', caCertificateId);
  }

  rule(ruleName: string): string {
    return this.of('rule', ruleName);
  }

  /**
   * The text after `{type}/` in an ARN of this region and account, unchecked (possibly empty);
   * undefined for anything else.
   */
  resourceName(type: IotResourceType, arn: unknown): string | undefined {
    const resourcePrefix = this.of(type, '');
    if (typeof arn !== 'string' || !arn.startsWith(resourcePrefix)) return undefined;
    return arn.slice(resourcePrefix.length);
  }

  /** The certificate id in a certificate ARN of this region and account; undefined for anything else. */
  certificateIdOf(arn: string): string | undefined {
    const id = this.resourceName('cert', arn);
    return id !== undefined && CERTIFICATE_ID.test(id) ? id : undefined;
  }
}
