import { invalidRequest } from './registry.rules.js';

export interface ArnOptions {
  /** Default `us-east-1`. */
  region?: string;
  /** Default `123456789012`. */
  accountId?: string;
}

type ResourceKind = 'thing' | 'thingtype' | 'thinggroup';

/** ARNs of registry resources: `arn:aws:iot:{region}:{account}:{kind}/{name}`. */
export class RegistryArns {
  private readonly prefix: string;

  constructor({ region = 'us-east-1', accountId = '123456789012' }: ArnOptions = {}) {
    this.prefix = `arn:aws:iot:${region}:${accountId}:`;
  }

  thing = (name: string) => `${this.prefix}thing/${name}`;
  thingType = (name: string) => `${this.prefix}thingtype/${name}`;
  thingGroup = (name: string) => `${this.prefix}thinggroup/${name}`;

  /** The resource name in an ARN of this account and region; anything else is refused. */
  nameIn(field: string, arn: unknown, kind: ResourceKind): string {
    const resourcePrefix = `${this.prefix}${kind}/`;
    if (typeof arn !== 'string' || !arn.startsWith(resourcePrefix)) {
      throw invalidRequest(`${field} must be an ARN of the form ${resourcePrefix}<name>`);
    }
    return arn.slice(resourcePrefix.length);
  }
}
