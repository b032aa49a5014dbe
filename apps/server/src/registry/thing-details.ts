import type { ClientInfo } from '@meridian/broker';
import {
  type CertificateStatus,
  IotArns,
  type MqttVersion,
  type ThingCertificate,
  type ThingConnection,
  type ThingDetail,
} from '@meridian/contracts';
import type { RegistryService } from '@meridian/registry';
import type { Presence } from './presence-tracker.js';

/** What the thing page needs besides the registry. */
export interface ThingDetailsPorts {
  registry: RegistryService;
  arns: IotArns;
  certificateStatus(certificateId: string): CertificateStatus | undefined;
  /** The MQTT client connected with this client id right now. */
  connectedClient(clientId: string): ClientInfo | undefined;
  presence(clientId: string): Presence | undefined;
}

const MQTT_VERSIONS: Record<ClientInfo['protocolVersion'], MqttVersion> = { 3: '3.1', 4: '3.1.1', 5: '5.0' };
const MAX_PAGE = 250;

/** The console's view of a thing: registry data, attached certificates with their status, connection state. */
export class ThingDetails {
  constructor(private readonly ports: ThingDetailsPorts) {}

  async describe(thingName: string): Promise<ThingDetail> {
    const { registry } = this.ports;
    const thing = await registry.things.describe({ thingName });
    // A thing is in at most 10 groups: one page holds them all.
    const { thingGroups } = await registry.thingGroups.listForThing({ thingName, maxResults: MAX_PAGE });
    const detail: ThingDetail = {
      thingName: thing.thingName,
      thingId: thing.thingId,
      thingArn: thing.thingArn,
      attributes: thing.attributes,
      version: thing.version,
      groups: thingGroups,
      certificates: (await this.principals(thingName)).map((arn) => this.certificate(arn)),
      connection: this.connection(thing.defaultClientId),
    };
    if (thing.thingTypeName !== undefined) detail.thingTypeName = thing.thingTypeName;
    return detail;
  }

  private async principals(thingName: string): Promise<string[]> {
    const all: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.ports.registry.principals.listForThing({ thingName, maxResults: MAX_PAGE, nextToken });
      all.push(...page.principals);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return all;
  }

  private certificate(arn: string): ThingCertificate {
    const certificateId = this.ports.arns.certificateIdOf(arn);
    // An ARN of another region or account (the settings changed since it was attached) names no certificate here.
    if (certificateId === undefined) return { certificateId: IotArns.resourceOf(arn).name, certificateArn: arn };
    const status = this.ports.certificateStatus(certificateId);
    return status === undefined
      ? { certificateId, certificateArn: arn }
      : { certificateId, certificateArn: arn, status };
  }

  private connection(clientId: string): ThingConnection {
    const client = this.ports.connectedClient(clientId);
    const presence = this.ports.presence(clientId);
    const connection: ThingConnection = { clientId, connected: client !== undefined };
    if (client !== undefined) {
      connection.connectedAt = client.connectedAt.toISOString();
      connection.protocolVersion = MQTT_VERSIONS[client.protocolVersion];
      connection.transport = client.transport;
      if (client.remoteAddress !== undefined) connection.remoteAddress = client.remoteAddress;
      if (client.certificateId !== undefined) connection.certificateId = client.certificateId;
    }
    if (presence?.lastConnectedAt) connection.lastConnectedAt = presence.lastConnectedAt.toISOString();
    if (presence?.lastDisconnectedAt) connection.lastDisconnectedAt = presence.lastDisconnectedAt.toISOString();
    if (presence?.lastDisconnectReason) connection.lastDisconnectReason = presence.lastDisconnectReason;
    return connection;
  }
}
