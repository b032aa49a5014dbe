import type { AuthenticateRequest, BrokerHooks, ClientInfo } from '@meridian/broker';
import type { IotArns } from '@meridian/contracts';
import {
  type AuthorizationContext,
  type CertificateFacts,
  type CompiledPolicy,
  type ConnectAttribute,
  createAuthorizationContext,
  type Decision,
  evaluate,
  type IotAction,
  type ThingFacts,
} from '@meridian/policy';

type MaybePromise<T> = T | Promise<T>;

/** What the authorizer needs from certificates, registry and policies (wired in app.ts). */
export interface DeviceAuthorizerPorts {
  arns: IotArns;
  /** Subject, issuer, SANs and serial of a registered certificate. */
  certificateFacts(certificateId: string): MaybePromise<CertificateFacts | undefined>;
  /** The thing named like the client id, if it is attached to the principal (reference §3.4). */
  thingForConnection(clientId: string, principalArn: string): MaybePromise<ThingFacts | undefined>;
  /** ARNs of the thing's groups and all their ancestors: their policies apply too (reference §3.6). */
  thingGroupArns(thingName: string): MaybePromise<readonly string[]>;
  /** Compiled default versions of the policies attached to any of the targets. */
  effectivePolicies(targets: readonly string[]): Promise<readonly CompiledPolicy[]>;
}

/** What a connection may do: kept with the connection (ClientInfo.context), refreshed on changes. */
export class ConnectionGrant {
  constructor(
    /** What the grant was built from, to rebuild it when policies or the registry change. */
    readonly request: GrantRequest,
    public context: AuthorizationContext,
    public policies: readonly CompiledPolicy[],
  ) {}

  get clientId(): string {
    return this.request.clientId;
  }

  get certificateId(): string {
    return this.request.certificateId;
  }
}

interface GrantRequest {
  certificateId: string;
  clientId: string;
  sourceIp: string | undefined;
  connectAttributes: ConnectAttribute[];
  lastWillTopic: string | undefined;
}

/**
 * What a certificate may do outside an MQTT connection (the device HTTPS endpoint): its own policies,
 * and a context without client id or thing, whose variables HTTP requests do not have (reference §3.4).
 */
export interface CertificateGrant {
  readonly context: AuthorizationContext;
  readonly policies: readonly CompiledPolicy[];
}

export type ConnectDecision = { allowed: true; grant: ConnectionGrant } | { allowed: false; decision: Decision };

/**
 * Applies IoT policies to device connections (reference §3): iot:Connect at CONNECT, iot:Publish
 * (+ iot:RetainPublish), iot:Subscribe per filter and iot:Receive per delivery. Connections without
 * a certificate (the plain-TCP test listener) carry no grant and are not policy-checked.
 */
export class DeviceAuthorizer {
  constructor(private readonly ports: DeviceAuthorizerPorts) {}

  async authorizeConnect(request: AuthenticateRequest & { meta: { certificateId: string } }): Promise<ConnectDecision> {
    const connectAttributes: ConnectAttribute[] = [];
    if (request.persistentSession) connectAttributes.push('PersistentConnect');
    if (request.will !== undefined) connectAttributes.push('LastWill');
    const grant = await this.buildGrant({
      certificateId: request.meta.certificateId,
      clientId: request.clientId,
      sourceIp: plainIp(request.meta.remoteAddress),
      connectAttributes,
      lastWillTopic: request.will?.topic,
    });
    const decision = this.connectDecision(grant);
    return decision.allowed ? { allowed: true, grant } : { allowed: false, decision };
  }

  /** Rebuilds a live grant after a change; returns whether the connection may stay connected. */
  async refresh(grant: ConnectionGrant): Promise<boolean> {
    const fresh = await this.buildGrant(grant.request);
    grant.context = fresh.context;
    grant.policies = fresh.policies;
    return this.connectDecision(grant).allowed;
  }

  /** Broker hooks for publish, subscribe and receive; `authenticate` is composed in app.ts. */
  hooks(): Required<Pick<BrokerHooks, 'authorizePublish' | 'authorizeSubscribe' | 'authorizeReceive'>> {
    const { arns } = this.ports;
    return {
      authorizePublish: (client, topic, retain) =>
        this.withGrant(client, (grant) => this.mayPublish(grant, topic, retain)),
      authorizeSubscribe: (client, filter) =>
        this.withGrant(client, (grant) => this.decide(grant, 'iot:Subscribe', arns.topicFilter(filter)).allowed),
      authorizeReceive: (client, topic) =>
        this.withGrant(client, (grant) => this.decide(grant, 'iot:Receive', arns.topic(topic)).allowed),
    };
  }

  /**
   * Decides with the connection's grant. A client with a certificate but no grant is one the broker
   * restored after a restart (e.g. a delayed will of a persistent session): its grant is built now.
   * Clients without a certificate come only from the plain-TCP test listener and are not checked.
   */
  private withGrant(client: ClientInfo, check: (grant: ConnectionGrant) => boolean): boolean | Promise<boolean> {
    const grant = grantOf(client);
    if (grant !== undefined) return check(grant);
    if (client.certificateId === undefined) return true;
    return this.buildGrant({
      certificateId: client.certificateId,
      clientId: client.clientId,
      sourceIp: plainIp(client.remoteAddress),
      connectAttributes: [],
      lastWillTopic: undefined,
    }).then(check);
  }

  /** iot:Publish on the topic, and iot:RetainPublish too for a retained message. */
  mayPublish(grant: CertificateGrant, topic: string, retain: boolean): boolean {
    const resource = this.ports.arns.topic(topic);
    if (!this.decide(grant, 'iot:Publish', resource).allowed) return false;
    return !retain || this.decide(grant, 'iot:RetainPublish', resource).allowed;
  }

  /** The grant of a certificate calling the device HTTPS endpoint from `remoteAddress`. */
  async certificateGrant(certificateId: string, remoteAddress: string | undefined): Promise<CertificateGrant> {
    const { ports } = this;
    const sourceIp = plainIp(remoteAddress);
    const [certificate, policies] = await Promise.all([
      ports.certificateFacts(certificateId),
      ports.effectivePolicies([ports.arns.certificate(certificateId)]),
    ]);
    const context = createAuthorizationContext(
      { ...(sourceIp === undefined ? {} : { sourceIp }), certificate: certificate ?? { id: certificateId } },
      ports.arns,
    );
    return { context, policies };
  }

  decide(grant: CertificateGrant, action: IotAction, resource: string): Decision {
    return evaluate(grant.policies, action, resource, grant.context);
  }

  private connectDecision(grant: ConnectionGrant): Decision {
    return this.decide(grant, 'iot:Connect', this.ports.arns.client(grant.clientId));
  }

  private async buildGrant(request: GrantRequest): Promise<ConnectionGrant> {
    const { ports } = this;
    const principal = ports.arns.certificate(request.certificateId);
    const [certificate, thing] = await Promise.all([
      ports.certificateFacts(request.certificateId),
      ports.thingForConnection(request.clientId, principal),
    ]);
    const groups = thing === undefined ? [] : await ports.thingGroupArns(thing.name);
    const policies = await ports.effectivePolicies([principal, ...groups]);
    const context = createAuthorizationContext(
      {
        clientId: request.clientId,
        ...(request.sourceIp === undefined ? {} : { sourceIp: request.sourceIp }),
        ...(thing === undefined ? {} : { thing }),
        certificate: certificate ?? { id: request.certificateId },
        connectAttributes: request.connectAttributes,
        ...(request.lastWillTopic === undefined ? {} : { lastWillTopic: request.lastWillTopic }),
      },
      ports.arns,
    );
    return new ConnectionGrant(request, context, policies);
  }
}

export const grantOf = (client: ClientInfo): ConnectionGrant | undefined =>
  client.context instanceof ConnectionGrant ? client.context : undefined;

/** `::ffff:10.0.0.7` (an IPv4 client on a dual-stack socket) is the IPv4 address policies name. */
const plainIp = (address: string | undefined): string | undefined =>
  address?.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
