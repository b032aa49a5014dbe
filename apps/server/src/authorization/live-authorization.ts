import type { AuthenticateResult, Broker, BrokerHooks } from '@meridian/broker';
import type { Decision } from '@meridian/policy';
import { type DeviceAuthorizer, grantOf } from './device-authorizer.js';

type Authenticate = NonNullable<BrokerHooks['authenticate']>;

/** MQTT 5 DISCONNECT reason "Not authorized". */
const NOT_AUTHORIZED = 0x87;

/**
 * Runs `authenticate` (certificate checks), then iot:Connect; the grant it builds travels with the
 * connection as ClientInfo.context for the publish/subscribe/receive hooks.
 */
export function authenticateWithPolicies(authenticate: Authenticate, authorizer: DeviceAuthorizer): Authenticate {
  return async (request): Promise<AuthenticateResult> => {
    const result = await authenticate(request);
    const certificateId = request.meta.certificateId;
    if (!result.ok || certificateId === undefined) return result;
    const decision = await authorizer.authorizeConnect({ ...request, meta: { ...request.meta, certificateId } });
    if (decision.allowed) return { ok: true, context: decision.grant };
    return { ok: false, reason: 'not-authorized', message: `iot:Connect denied (${describe(decision.decision)})` };
  };
}

const describe = (decision: Decision): string =>
  decision.statement === undefined
    ? 'no policy allows it'
    : `denied by policy ${decision.statement.policyName} version ${decision.statement.policyVersionId}, statement ${decision.statement.sid ?? decision.statement.statementIndex}`;

/**
 * Re-checks live connections when something that shapes their grants changes (a policy version, an
 * attachment, a thing's attributes or groups): grants are rebuilt, cached decisions dropped, and a
 * connection whose iot:Connect no longer holds is disconnected. Changes arriving during a re-check
 * are coalesced into one more pass.
 */
export class LiveAuthorization {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly broker: Broker,
    private readonly authorizer: DeviceAuthorizer,
    private readonly log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void },
  ) {}

  changed(): void {
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.recheckUntilQuiet().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when no re-check is pending (for shutdown and tests). */
  async settled(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private async recheckUntilQuiet(): Promise<void> {
    do {
      this.again = false;
      await this.recheckAll();
    } while (this.again);
  }

  private async recheckAll(): Promise<void> {
    for (const client of this.broker.clients()) {
      const grant = grantOf(client);
      if (grant === undefined) continue;
      try {
        if (await this.authorizer.refresh(grant)) continue;
        this.log.info({ clientId: client.clientId }, 'MQTT client no longer allowed to connect; disconnecting');
        this.broker.disconnect(client.clientId, NOT_AUTHORIZED);
      } catch (error) {
        this.log.warn({ err: error, clientId: client.clientId }, 'could not re-check a connection; disconnecting');
        this.broker.disconnect(client.clientId, NOT_AUTHORIZED);
      }
    }
    this.broker.invalidateAuthorization();
  }
}
