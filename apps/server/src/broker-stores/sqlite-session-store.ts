import type {
  SessionStore,
  SessionStoreOp,
  StoredOutgoing,
  StoredSession,
  StoredSubscription,
  StoredWill,
} from '@meridian/broker';
import type { Db } from '../db/database.js';
import { propertiesFromJson, propertiesToJson } from './properties-json.js';

interface SessionRow {
  client_id: string;
  protocol_version: number;
  expiry_interval: number;
  expires_at: number | null;
}

interface SubscriptionRow {
  client_id: string;
  filter: string;
  qos: number;
  no_local: number;
  retain_as_published: number;
  retain_handling: number;
  identifier: number | null;
}

interface OutgoingRow {
  client_id: string;
  seq: number;
  packet_id: number;
  state: StoredOutgoing['state'];
  qos: number;
  retain: number;
  topic: string;
  payload: Buffer;
  properties: string | null;
  received_at: number;
}

interface WillRow {
  client_id: string;
  topic: string;
  payload: Buffer;
  qos: number;
  retain: number;
  properties: string | null;
  publish_at: number;
  client: string;
}

/** The will's client as JSON (connectedAt in epoch ms). */
type WillClientJson = Omit<StoredWill['client'], 'connectedAt'> & { connectedAt: number };

function willClientToJson(client: StoredWill['client']): string {
  const json: WillClientJson = { ...client, connectedAt: client.connectedAt.getTime() };
  return JSON.stringify(json);
}

function willFromRow(row: WillRow): StoredWill {
  const { connectedAt, ...client } = JSON.parse(row.client) as WillClientJson;
  const will: StoredWill = {
    topic: row.topic,
    payload: row.payload,
    qos: row.qos as 0 | 1 | 2,
    retain: row.retain === 1,
    publishAt: new Date(row.publish_at),
    client: { ...client, connectedAt: new Date(connectedAt) },
  };
  const properties = propertiesFromJson(row.properties);
  if (properties !== undefined) will.properties = properties;
  return will;
}

/**
 * Persistent MQTT sessions in SQLite. Each `apply` batch is one transaction, so the broker's
 * per-tick batch is durable (WAL) before a QoS 1/2 publish is acknowledged.
 */
export class SqliteSessionStore implements SessionStore {
  private readonly applyBatch: (ops: readonly SessionStoreOp[]) => void;
  private readonly loadAll: () => StoredSession[];

  constructor(db: Db) {
    const putSession = db.prepare(
      `INSERT INTO mqtt_sessions (client_id, protocol_version, expiry_interval, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (client_id) DO UPDATE SET protocol_version = excluded.protocol_version,
         expiry_interval = excluded.expiry_interval, expires_at = excluded.expires_at`,
    );
    const deleteStatements = [
      'mqtt_sessions',
      'mqtt_subscriptions',
      'mqtt_outgoing',
      'mqtt_incoming_qos2',
      'mqtt_wills',
    ].map((table) => db.prepare(`DELETE FROM ${table} WHERE client_id = ?`));
    const exists = db.prepare<[string], number>('SELECT 1 FROM mqtt_sessions WHERE client_id = ?').pluck();
    const putSubscription = db.prepare(
      `INSERT OR REPLACE INTO mqtt_subscriptions
         (client_id, filter, qos, no_local, retain_as_published, retain_handling, identifier)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const deleteSubscription = db.prepare('DELETE FROM mqtt_subscriptions WHERE client_id = ? AND filter = ?');
    const putOutgoing = db.prepare(
      `INSERT OR REPLACE INTO mqtt_outgoing
         (client_id, seq, packet_id, state, qos, retain, topic, payload, properties, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const deleteOutgoing = db.prepare('DELETE FROM mqtt_outgoing WHERE client_id = ? AND seq = ?');
    const putIncoming = db.prepare('INSERT OR IGNORE INTO mqtt_incoming_qos2 (client_id, packet_id) VALUES (?, ?)');
    const deleteIncoming = db.prepare('DELETE FROM mqtt_incoming_qos2 WHERE client_id = ? AND packet_id = ?');
    const putWill = db.prepare(
      `INSERT OR REPLACE INTO mqtt_wills (client_id, topic, payload, qos, retain, properties, publish_at, client)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const deleteWill = db.prepare('DELETE FROM mqtt_wills WHERE client_id = ?');

    this.applyBatch = db.transaction((ops: readonly SessionStoreOp[]) => {
      // Ops for unknown sessions are ignored (contract); remember the answer within the batch.
      const known = new Map<string, boolean>();
      const isKnown = (clientId: string): boolean => {
        let value = known.get(clientId);
        if (value === undefined) {
          value = exists.get(clientId) !== undefined;
          known.set(clientId, value);
        }
        return value;
      };
      for (const op of ops) {
        switch (op.op) {
          case 'putSession': {
            const { clientId, protocolVersion, expiryIntervalSeconds, expiresAt } = op.session;
            putSession.run(clientId, protocolVersion, expiryIntervalSeconds, expiresAt?.getTime() ?? null);
            known.set(clientId, true);
            break;
          }
          case 'deleteSession':
            for (const statement of deleteStatements) statement.run(op.clientId);
            known.set(op.clientId, false);
            break;
          case 'putSubscription': {
            if (!isKnown(op.clientId)) break;
            const s = op.subscription;
            putSubscription.run(
              op.clientId,
              s.filter,
              s.qos,
              s.noLocal ? 1 : 0,
              s.retainAsPublished ? 1 : 0,
              s.retainHandling,
              s.identifier ?? null,
            );
            break;
          }
          case 'deleteSubscription':
            deleteSubscription.run(op.clientId, op.filter);
            break;
          case 'putOutgoing': {
            if (!isKnown(op.clientId)) break;
            const m = op.message;
            putOutgoing.run(
              op.clientId,
              m.seq,
              m.packetId,
              m.state,
              m.qos,
              m.retain ? 1 : 0,
              m.topic,
              m.payload,
              propertiesToJson(m.properties),
              m.receivedAt.getTime(),
            );
            break;
          }
          case 'deleteOutgoing':
            deleteOutgoing.run(op.clientId, op.seq);
            break;
          case 'putIncomingQos2':
            if (isKnown(op.clientId)) putIncoming.run(op.clientId, op.packetId);
            break;
          case 'deleteIncomingQos2':
            deleteIncoming.run(op.clientId, op.packetId);
            break;
          case 'putWill': {
            if (!isKnown(op.clientId)) break;
            const w = op.will;
            putWill.run(
              op.clientId,
              w.topic,
              w.payload,
              w.qos,
              w.retain ? 1 : 0,
              propertiesToJson(w.properties),
              w.publishAt.getTime(),
              willClientToJson(w.client),
            );
            break;
          }
          case 'deleteWill':
            deleteWill.run(op.clientId);
            break;
        }
      }
    });

    const sessions = db.prepare<[], SessionRow>('SELECT * FROM mqtt_sessions ORDER BY client_id');
    const subscriptions = db.prepare<[], SubscriptionRow>('SELECT * FROM mqtt_subscriptions');
    const outgoing = db.prepare<[], OutgoingRow>('SELECT * FROM mqtt_outgoing ORDER BY client_id, seq');
    const incoming = db.prepare<[], { client_id: string; packet_id: number }>('SELECT * FROM mqtt_incoming_qos2');
    const wills = db.prepare<[], WillRow>('SELECT * FROM mqtt_wills');
    this.loadAll = db.transaction(() => {
      const byId = new Map<string, StoredSession>();
      for (const row of sessions.iterate()) {
        const session: StoredSession = {
          clientId: row.client_id,
          protocolVersion: row.protocol_version as 3 | 4 | 5,
          expiryIntervalSeconds: row.expiry_interval,
          subscriptions: [],
          outgoing: [],
          incomingQos2: [],
        };
        if (row.expires_at !== null) session.expiresAt = new Date(row.expires_at);
        byId.set(row.client_id, session);
      }
      for (const row of subscriptions.iterate()) {
        const subscription: StoredSubscription = {
          filter: row.filter,
          qos: row.qos as 0 | 1 | 2,
          noLocal: row.no_local === 1,
          retainAsPublished: row.retain_as_published === 1,
          retainHandling: row.retain_handling as 0 | 1 | 2,
        };
        if (row.identifier !== null) subscription.identifier = row.identifier;
        byId.get(row.client_id)?.subscriptions.push(subscription);
      }
      for (const row of outgoing.iterate()) {
        const message: StoredOutgoing = {
          seq: row.seq,
          packetId: row.packet_id,
          state: row.state,
          qos: row.qos as 1 | 2,
          retain: row.retain === 1,
          topic: row.topic,
          payload: row.payload,
          receivedAt: new Date(row.received_at),
        };
        const properties = propertiesFromJson(row.properties);
        if (properties !== undefined) message.properties = properties;
        byId.get(row.client_id)?.outgoing.push(message);
      }
      for (const row of incoming.iterate()) byId.get(row.client_id)?.incomingQos2.push(row.packet_id);
      for (const row of wills.iterate()) {
        const session = byId.get(row.client_id);
        if (session !== undefined) session.will = willFromRow(row);
      }
      return [...byId.values()];
    });
  }

  apply(ops: readonly SessionStoreOp[]): void {
    if (ops.length > 0) this.applyBatch(ops);
  }

  load(): StoredSession[] {
    return this.loadAll();
  }
}
