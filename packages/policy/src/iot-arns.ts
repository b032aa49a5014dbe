/** ARNs of the platform's resources; region and account are the server's choice. */
export class IotArns {
  /** `arn:aws:iot:{region}:{accountId}:` */
  readonly prefix: string;

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {
    this.prefix = `arn:aws:iot:${region}:${accountId}:`;
  }

  client(clientId: string): string {
    return `${this.prefix}client/${clientId}`;
  }

  topic(topic: string): string {
    return `${this.prefix}topic/${topic}`;
  }

  topicFilter(filter: string): string {
    return `${this.prefix}topicfilter/${filter}`;
  }

  /** Classic shadow and thing resource, or `thing/{thingName}/{shadowName}` for a named shadow. */
  thing(thingName: string, shadowName?: string): string {
    return shadowName === undefined
      ? `${this.prefix}thing/${thingName}`
      : `${this.prefix}thing/${thingName}/${shadowName}`;
  }

  policy(policyName: string): string {
    return `${this.prefix}policy/${policyName}`;
  }

  certificate(certificateId: string): string {
    return `${this.prefix}cert/${certificateId}`;
  }

  caCertificate(caCertificateId: string): string {
    return `${this.prefix}cacert/${caCertificateId}`;
  }

  thingGroup(groupName: string): string {
    return `${this.prefix}thinggroup/${groupName}`;
  }
}
