export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Append-only: a released migration is never edited, a change is a new version. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'users and sessions',
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer', 'end-user')),
        created_at TEXT NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_expires_at ON sessions(expires_at);
    `,
  },
  {
    version: 2,
    name: 'certificates',
    sql: `
      CREATE TABLE certificates (
        certificate_id TEXT PRIMARY KEY,
        device_name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE', 'REVOKED', 'PENDING_ACTIVATION')),
        certificate_pem TEXT NOT NULL,
        serial_number TEXT NOT NULL,
        not_before TEXT NOT NULL,
        not_after TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX certificates_device_name ON certificates(device_name);
    `,
  },
  {
    version: 3,
    name: 'mqtt retained messages and persistent sessions',
    sql: `
      CREATE TABLE mqtt_retained (
        topic TEXT PRIMARY KEY,
        payload BLOB NOT NULL,
        qos INTEGER NOT NULL,
        properties TEXT,
        received_at INTEGER NOT NULL
      );
      CREATE TABLE mqtt_sessions (
        client_id TEXT PRIMARY KEY,
        protocol_version INTEGER NOT NULL,
        expiry_interval INTEGER NOT NULL,
        expires_at INTEGER
      );
      CREATE TABLE mqtt_subscriptions (
        client_id TEXT NOT NULL,
        filter TEXT NOT NULL,
        qos INTEGER NOT NULL,
        no_local INTEGER NOT NULL,
        retain_as_published INTEGER NOT NULL,
        retain_handling INTEGER NOT NULL,
        PRIMARY KEY (client_id, filter)
      ) WITHOUT ROWID;
      CREATE TABLE mqtt_outgoing (
        client_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        packet_id INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'publish', 'pubrel')),
        qos INTEGER NOT NULL,
        retain INTEGER NOT NULL,
        topic TEXT NOT NULL,
        payload BLOB NOT NULL,
        properties TEXT,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (client_id, seq)
      );
      CREATE TABLE mqtt_incoming_qos2 (
        client_id TEXT NOT NULL,
        packet_id INTEGER NOT NULL,
        PRIMARY KEY (client_id, packet_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    name: 'MQTT 5 subscription identifiers of persistent sessions',
    sql: 'ALTER TABLE mqtt_subscriptions ADD COLUMN identifier INTEGER;',
  },
  {
    version: 5,
    name: 'MQTT 5 delayed wills of persistent sessions',
    sql: `
      CREATE TABLE mqtt_wills (
        client_id TEXT PRIMARY KEY,
        topic TEXT NOT NULL,
        payload BLOB NOT NULL,
        qos INTEGER NOT NULL,
        retain INTEGER NOT NULL,
        properties TEXT,
        publish_at INTEGER NOT NULL,
        client TEXT NOT NULL
      );
    `,
  },
];
