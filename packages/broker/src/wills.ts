import type { BrokerCore } from './broker-core.js';
import type { WillMessage } from './connection.js';
import { isThenable } from './maybe-promise.js';
import type { Session } from './session.js';
import type { StoredWill } from './session-store.js';
import type { ClientInfo, Message } from './types.js';

/** Longest setTimeout delay. */
const MAX_TIMER_MS = 2_147_483_647;

/** A will waiting for its MQTT 5 Will Delay Interval. */
export interface PendingWill {
  readonly will: WillMessage;
  /** The connection that left it, for authorizePublish. */
  readonly client: ClientInfo;
  /** When it is due (epoch ms). */
  readonly publishAt: number;
}

/**
 * Will Messages: published after an abnormal close [MQTT-3.1.2-8], or with an MQTT 5 Will Delay
 * Interval later unless the session resumes first [MQTT-3.1.3-9], at the latest when the session
 * ends. A persistent session's pending will is kept in the SessionStore, so it is published after
 * a restart too: at its time, or right after the start when it fell due meanwhile.
 */
export class Wills {
  constructor(private readonly core: BrokerCore) {}

  /** Publishes `will` now, if its client may publish there. */
  publish(clientId: string, will: WillMessage, client: ClientInfo | undefined): void {
    const { core } = this;
    const message: Message = { ...will, clientId, will: true, receivedAt: new Date() };
    const context = { clientId, remoteAddress: client?.remoteAddress, transport: client?.transport, topic: will.topic };
    const hook = core.hooks.authorizePublish;
    const deliver = (allowed: boolean): void => {
      if (!allowed) {
        core.logger.info(context, 'MQTT will message not authorized');
        return;
      }
      const stored = core.route(message, undefined);
      if (isThenable(stored)) stored.then(undefined, () => {});
    };
    if (hook === undefined || client === undefined) {
      deliver(true);
      return;
    }
    const fail = (error: unknown): void => {
      core.logger.warn({ ...context, err: error }, 'MQTT authorizePublish hook failed');
      deliver(false);
    };
    let result: boolean | Promise<boolean>;
    try {
      result = hook.call(core.hooks, client, will.topic, will.retain);
    } catch (error) {
      fail(error);
      return;
    }
    if (isThenable(result)) result.then((allowed) => deliver(allowed === true), fail);
    else deliver(result === true);
  }

  /** Holds the will of the session's last connection until it is due. */
  delay(session: Session, pending: PendingWill): void {
    this.stop(session);
    session.pendingWill = pending;
    if (session.stored) {
      this.core.persist({ op: 'putWill', clientId: session.clientId, will: storedWill(pending) });
    }
    this.schedule(session, pending.publishAt);
  }

  /** A stored session was loaded with a pending will. */
  restore(session: Session, stored: StoredWill): void {
    const pending = pendingWill(session.clientId, stored);
    session.pendingWill = pending;
    this.schedule(session, pending.publishAt);
  }

  /** Publishes the session's pending will now (it is due, or the session ended). */
  fire(session: Session): void {
    const pending = session.pendingWill;
    if (pending === undefined) return;
    this.cancel(session);
    this.publish(session.clientId, pending.will, pending.client);
  }

  /** The pending will is dropped: the session resumed [MQTT-3.1.3-9] (or it was published). */
  cancel(session: Session): void {
    const hadWill = session.pendingWill !== undefined;
    this.stop(session);
    session.pendingWill = undefined;
    if (hadWill && session.stored) this.core.persist({ op: 'deleteWill', clientId: session.clientId });
  }

  /** Stops the timer only (broker shutdown): a stored will is published after the next start. */
  stop(session: Session): void {
    if (session.willTimer !== undefined) clearTimeout(session.willTimer);
    session.willTimer = undefined;
  }

  /**
   * The will of a stored session that expired while the broker was down. Published on the next
   * macrotask, so that the code which created the broker has registered its publish taps.
   */
  publishExpired(clientId: string, stored: StoredWill): void {
    const { will, client } = pendingWill(clientId, stored);
    setTimeout(() => {
      if (!this.core.closing) this.publish(clientId, will, client);
    }, 0);
  }

  private schedule(session: Session, publishAt: number): void {
    // Due ones wait for the next macrotask too (see publishExpired).
    const delay = Math.min(Math.max(0, publishAt - Date.now()), MAX_TIMER_MS);
    session.willTimer = setTimeout(() => {
      session.willTimer = undefined;
      this.fire(session);
    }, delay);
  }
}

function storedWill({ will, client, publishAt }: PendingWill): StoredWill {
  const stored: StoredWill = {
    topic: will.topic,
    payload: will.payload,
    qos: will.qos,
    retain: will.retain,
    publishAt: new Date(publishAt),
    client: { protocolVersion: client.protocolVersion, transport: client.transport, connectedAt: client.connectedAt },
  };
  if (will.properties !== undefined) stored.properties = will.properties;
  if (client.remoteAddress !== undefined) stored.client.remoteAddress = client.remoteAddress;
  if (client.certificateId !== undefined) stored.client.certificateId = client.certificateId;
  return stored;
}

function pendingWill(clientId: string, stored: StoredWill): PendingWill {
  const will: WillMessage = { topic: stored.topic, payload: stored.payload, qos: stored.qos, retain: stored.retain };
  if (stored.properties !== undefined) will.properties = stored.properties;
  const client: ClientInfo = { clientId, ...stored.client, subscriptions: [] };
  return { will, client, publishAt: stored.publishAt.getTime() };
}
