import { type RetainedMessage, type RetainedPage, type RetainedStore, topicMatches } from '@meridian/broker';
import type { Db } from '../db/database.js';
import { propertiesFromJson, propertiesToJson } from './properties-json.js';

interface Row {
  topic: string;
  payload: Buffer;
  qos: number;
  properties: string | null;
  received_at: number;
}

function toMessage(row: Row): RetainedMessage {
  const message: RetainedMessage = {
    topic: row.topic,
    payload: row.payload,
    qos: row.qos as 0 | 1 | 2,
    receivedAt: new Date(row.received_at),
  };
  const properties = propertiesFromJson(row.properties);
  if (properties !== undefined) message.properties = properties;
  return message;
}

/** Retained messages in SQLite (table `mqtt_retained`); synchronous like better-sqlite3. */
export class SqliteRetainedStore implements RetainedStore {
  private readonly upsert;
  private readonly remove;
  private readonly byTopic;
  private readonly all;
  private readonly firstPage;
  private readonly pageAfter;

  constructor(db: Db) {
    this.upsert = db.prepare(
      `INSERT INTO mqtt_retained (topic, payload, qos, properties, received_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (topic) DO UPDATE SET payload = excluded.payload, qos = excluded.qos,
         properties = excluded.properties, received_at = excluded.received_at`,
    );
    this.remove = db.prepare('DELETE FROM mqtt_retained WHERE topic = ?');
    this.byTopic = db.prepare<[string], Row>('SELECT * FROM mqtt_retained WHERE topic = ?');
    this.all = db.prepare<[], Row>('SELECT * FROM mqtt_retained');
    this.firstPage = db.prepare<[number], Row>('SELECT * FROM mqtt_retained ORDER BY topic LIMIT ?');
    this.pageAfter = db.prepare<[string, number], Row>(
      'SELECT * FROM mqtt_retained WHERE topic > ? ORDER BY topic LIMIT ?',
    );
  }

  put(message: RetainedMessage): void {
    this.upsert.run(
      message.topic,
      message.payload,
      message.qos,
      propertiesToJson(message.properties),
      message.receivedAt.getTime(),
    );
  }

  delete(topic: string): void {
    this.remove.run(topic);
  }

  get(topic: string): RetainedMessage | undefined {
    const row = this.byTopic.get(topic);
    return row === undefined ? undefined : toMessage(row);
  }

  match(filter: string): RetainedMessage[] {
    if (!filter.includes('+') && !filter.includes('#')) {
      const row = this.byTopic.get(filter);
      return row === undefined ? [] : [toMessage(row)];
    }
    const out: RetainedMessage[] = [];
    for (const row of this.all.iterate()) {
      if (topicMatches(filter, row.topic)) out.push(toMessage(row));
    }
    return out;
  }

  list({ after, limit }: RetainedPage): RetainedMessage[] {
    const rows = after === undefined ? this.firstPage.all(limit) : this.pageAfter.all(after, limit);
    return rows.map(toMessage);
  }
}
