import type { PublishedMessage } from '@meridian/broker';

/** When a client id last connected and disconnected, as the broker's presence events told. */
export interface Presence {
  lastConnectedAt?: Date;
  lastDisconnectedAt?: Date;
  /** AWS `disconnectReason` of the last disconnection, e.g. `CLIENT_INITIATED_DISCONNECT`. */
  lastDisconnectReason?: string;
}

const CONNECTED = '$aws/events/presence/connected/';
const DISCONNECTED = '$aws/events/presence/disconnected/';

interface PresenceEvent {
  clientId: string;
  timestamp: number;
  disconnectReason?: string;
}

function parseEvent(payload: Buffer): PresenceEvent | undefined {
  try {
    const event: unknown = JSON.parse(payload.toString('utf8'));
    if (typeof event !== 'object' || event === null) return undefined;
    const { clientId, timestamp, disconnectReason } = event as Record<string, unknown>;
    if (typeof clientId !== 'string' || typeof timestamp !== 'number' || !Number.isFinite(timestamp)) return undefined;
    return typeof disconnectReason === 'string' ? { clientId, timestamp, disconnectReason } : { clientId, timestamp };
  } catch {
    return undefined;
  }
}

/**
 * Remembers the last connection and disconnection of each client id from the broker's lifecycle events
 * (`$aws/events/presence/...`), for the console's thing pages. Kept in memory for the most recently active
 * `maxClients` client ids; forgotten on restart.
 */
export class PresenceTracker {
  private readonly byClientId = new Map<string, Presence>();

  constructor(private readonly maxClients = 10_000) {}

  /** Feed every published message (a broker tap); anything but a presence event from the broker is ignored. */
  readonly record = (message: PublishedMessage): void => {
    // Lifecycle events come from the broker itself, never from a client.
    if (message.clientId !== undefined) return;
    const connected = message.topic.startsWith(CONNECTED);
    if (!connected && !message.topic.startsWith(DISCONNECTED)) return;
    const event = parseEvent(message.payload);
    if (event === undefined) return;
    const previous = this.byClientId.get(event.clientId) ?? {};
    const at = new Date(event.timestamp);
    const next: Presence = connected
      ? { ...previous, lastConnectedAt: at }
      : { ...previous, lastDisconnectedAt: at, lastDisconnectReason: event.disconnectReason ?? 'UNKNOWN' };
    // Re-inserting moves the client id to the end, so the oldest activity is forgotten first.
    this.byClientId.delete(event.clientId);
    this.byClientId.set(event.clientId, next);
    if (this.byClientId.size > this.maxClients) {
      const oldest = this.byClientId.keys().next().value;
      if (oldest !== undefined) this.byClientId.delete(oldest);
    }
  };

  lastSeen(clientId: string): Presence | undefined {
    return this.byClientId.get(clientId);
  }
}
