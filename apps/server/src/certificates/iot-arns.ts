const ARN_PREFIX = /^arn:aws:iot:([a-z0-9-]+):(\d{12}):$/;

/** ARNs of this platform's IoT resources, built from a prefix like `arn:aws:iot:local:000000000000:`. */
export class IotArns {
  readonly region: string;
  readonly accountId: string;

  constructor(readonly prefix: string) {
    const match = ARN_PREFIX.exec(prefix);
    if (!match)
      throw new TypeError(`ARN prefix must look like arn:aws:iot:<region>:<12-digit account>:, got ${prefix}`);
    this.region = match[1] as string;
    this.accountId = match[2] as string;
  }

  certificate(certificateId: string): string {
    return `${this.prefix}cert/${certificateId}`;
  }

  caCertificate(caCertificateId: string): string {
    return `${this.prefix}cacert/${caCertificateId}`;
  }
}
