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
    name: 'device shadows and their version history',
    sql: `
      CREATE TABLE shadows (
        thing_name TEXT NOT NULL,
        shadow_name TEXT NOT NULL,
        version INTEGER NOT NULL,
        state TEXT,
        metadata TEXT,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER,
        PRIMARY KEY (thing_name, shadow_name)
      ) WITHOUT ROWID;
      CREATE TABLE shadow_versions (
        thing_name TEXT NOT NULL,
        shadow_name TEXT NOT NULL,
        version INTEGER NOT NULL,
        state TEXT NOT NULL,
        metadata TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (thing_name, shadow_name, version)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    name: 'thing registry: things, thing types, thing groups, principals',
    sql: `
      CREATE TABLE registry_thing_types (
        name TEXT PRIMARY KEY,
        thing_type_id TEXT NOT NULL,
        properties TEXT NOT NULL,
        deprecated INTEGER NOT NULL,
        deprecation_date INTEGER,
        creation_date INTEGER NOT NULL
      );
      CREATE TABLE registry_things (
        name TEXT PRIMARY KEY,
        thing_id TEXT NOT NULL,
        thing_type_name TEXT REFERENCES registry_thing_types(name),
        version INTEGER NOT NULL
      );
      CREATE INDEX registry_things_type ON registry_things(thing_type_name, name);
      CREATE TABLE registry_thing_attributes (
        thing_name TEXT NOT NULL REFERENCES registry_things(name) ON DELETE CASCADE,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (thing_name, name)
      ) WITHOUT ROWID;
      CREATE INDEX registry_thing_attributes_value ON registry_thing_attributes(name, value);
      -- path: the names from the root down to the group, each followed by '/', e.g. 'site/floor/'.
      CREATE TABLE registry_thing_groups (
        name TEXT PRIMARY KEY,
        thing_group_id TEXT NOT NULL,
        parent_name TEXT REFERENCES registry_thing_groups(name),
        path TEXT NOT NULL UNIQUE,
        description TEXT,
        attributes TEXT NOT NULL,
        version INTEGER NOT NULL,
        creation_date INTEGER NOT NULL
      );
      CREATE INDEX registry_thing_groups_parent ON registry_thing_groups(parent_name, name);
      CREATE TABLE registry_thing_group_members (
        thing_group_name TEXT NOT NULL REFERENCES registry_thing_groups(name) ON DELETE CASCADE,
        thing_name TEXT NOT NULL REFERENCES registry_things(name) ON DELETE CASCADE,
        PRIMARY KEY (thing_group_name, thing_name)
      ) WITHOUT ROWID;
      CREATE INDEX registry_thing_group_members_thing ON registry_thing_group_members(thing_name, thing_group_name);
      CREATE TABLE registry_thing_principals (
        thing_name TEXT NOT NULL REFERENCES registry_things(name),
        principal TEXT NOT NULL,
        exclusive INTEGER NOT NULL,
        PRIMARY KEY (thing_name, principal)
      ) WITHOUT ROWID;
      CREATE INDEX registry_thing_principals_principal ON registry_thing_principals(principal, thing_name);
    `,
  },
  {
    version: 7,
    name: 'IoT policies, their versions and their targets',
    sql: `
      CREATE TABLE policies (
        name TEXT PRIMARY KEY,
        default_version INTEGER NOT NULL,
        last_version INTEGER NOT NULL,
        generation_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_modified_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX policies_created_at ON policies(created_at, name);
      CREATE TABLE policy_versions (
        policy_name TEXT NOT NULL REFERENCES policies(name) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        document TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (policy_name, version)
      ) WITHOUT ROWID;
      CREATE TABLE policy_targets (
        policy_name TEXT NOT NULL REFERENCES policies(name) ON DELETE CASCADE,
        target TEXT NOT NULL,
        PRIMARY KEY (policy_name, target)
      ) WITHOUT ROWID;
      CREATE INDEX policy_targets_target ON policy_targets(target, policy_name);
    `,
  },
  {
    version: 8,
    name: 'access keys of the AWS-compatible API',
    sql: `
      CREATE TABLE access_keys (
        access_key_id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        description TEXT NOT NULL,
        secret_ciphertext BLOB,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      );
      CREATE INDEX access_keys_user_id ON access_keys(user_id);
    `,
  },
  {
    version: 9,
    name: 'certificate statuses, CA certificates and the registration code',
    // SQLite cannot change a CHECK constraint: the certificates table is rebuilt. Times become epoch milliseconds.
    sql: `
      CREATE TABLE certificates_v5 (
        certificate_id TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN (
          'ACTIVE', 'INACTIVE', 'REVOKED', 'PENDING_ACTIVATION', 'PENDING_TRANSFER', 'REGISTER_INACTIVE'
        )),
        certificate_pem TEXT NOT NULL,
        ca_certificate_id TEXT,
        certificate_mode TEXT NOT NULL CHECK (certificate_mode IN ('DEFAULT', 'SNI_ONLY')),
        device_name TEXT,
        common_name TEXT,
        serial_number TEXT NOT NULL,
        not_before INTEGER NOT NULL,
        not_after INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        last_modified_at INTEGER NOT NULL,
        customer_version INTEGER NOT NULL,
        generation_id TEXT NOT NULL
      );
      INSERT INTO certificates_v5 (
        certificate_id, status, certificate_pem, ca_certificate_id, certificate_mode, device_name, common_name,
        serial_number, not_before, not_after, created_at, last_modified_at, customer_version, generation_id
      )
      SELECT
        certificate_id, status, certificate_pem, NULL, 'DEFAULT', device_name, device_name, serial_number,
        CAST(unixepoch(not_before, 'subsec') * 1000 AS INTEGER),
        CAST(unixepoch(not_after, 'subsec') * 1000 AS INTEGER),
        CAST(unixepoch(created_at, 'subsec') * 1000 AS INTEGER),
        CAST(unixepoch(created_at, 'subsec') * 1000 AS INTEGER),
        1, lower(hex(randomblob(16)))
      FROM certificates;
      DROP TABLE certificates;
      ALTER TABLE certificates_v5 RENAME TO certificates;
      CREATE INDEX certificates_created ON certificates(created_at, certificate_id);
      CREATE INDEX certificates_ca ON certificates(ca_certificate_id, created_at, certificate_id);
      CREATE INDEX certificates_device_name ON certificates(device_name);

      CREATE TABLE ca_certificates (
        ca_certificate_id TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE')),
        auto_registration_status TEXT NOT NULL CHECK (auto_registration_status IN ('ENABLE', 'DISABLE')),
        certificate_mode TEXT NOT NULL CHECK (certificate_mode IN ('DEFAULT', 'SNI_ONLY')),
        certificate_pem TEXT NOT NULL,
        subject TEXT NOT NULL,
        common_name TEXT,
        registration_config TEXT,
        not_before INTEGER NOT NULL,
        not_after INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        last_modified_at INTEGER NOT NULL,
        customer_version INTEGER NOT NULL,
        generation_id TEXT NOT NULL
      );
      CREATE INDEX ca_certificates_created ON ca_certificates(created_at, ca_certificate_id);
      CREATE INDEX ca_certificates_subject ON ca_certificates(subject);

      CREATE TABLE registration_code (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        code TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 10,
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
  {
    version: 11,
    name: 'topic rules, HTTP destinations and rule time series',
    sql: `
      CREATE TABLE topic_rules (
        name TEXT PRIMARY KEY,
        sql TEXT NOT NULL,
        description TEXT,
        actions TEXT NOT NULL,
        error_action TEXT,
        rule_disabled INTEGER NOT NULL,
        sql_version TEXT NOT NULL,
        topic_pattern TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        revision INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE topic_rule_destinations (
        url TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'DISABLED')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE rule_timeseries (
        device_key TEXT NOT NULL,
        time INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (device_key, time, seq)
      ) WITHOUT ROWID;
      CREATE TABLE rule_timeseries_minutes (
        device_key TEXT NOT NULL,
        field TEXT NOT NULL,
        minute INTEGER NOT NULL,
        count INTEGER NOT NULL,
        min REAL NOT NULL,
        max REAL NOT NULL,
        sum REAL NOT NULL,
        PRIMARY KEY (device_key, field, minute)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 12,
    name: 'end users: disabled accounts, invitations, device assignments, claim codes',
    sql: `
      ALTER TABLE users ADD COLUMN disabled_at TEXT;
      CREATE TABLE user_invitations (
        id INTEGER PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer', 'end-user')),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE TABLE device_assignments (
        thing_name TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        assigned_at TEXT NOT NULL
      );
      CREATE INDEX device_assignments_user_id ON device_assignments(user_id);
      CREATE TABLE device_claim_codes (
        code_hash TEXT PRIMARY KEY,
        thing_name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 13,
    name: 'shadow history in slots rewritten in place',
    // Version v of a shadow lives in slot v % keepVersions, so an update rewrites one row instead of
    // inserting the newest and deleting the oldest (two B-tree pages written per update instead of three).
    sql: `
      CREATE TABLE shadow_history (
        thing_name TEXT NOT NULL,
        shadow_name TEXT NOT NULL,
        slot INTEGER NOT NULL,
        version INTEGER NOT NULL,
        state TEXT NOT NULL,
        metadata TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (thing_name, shadow_name, slot)
      ) WITHOUT ROWID;
      INSERT OR REPLACE INTO shadow_history (thing_name, shadow_name, slot, version, state, metadata, updated_at)
        SELECT thing_name, shadow_name, version % 100, version, state, metadata, updated_at
        FROM shadow_versions ORDER BY thing_name, shadow_name, version;
      DROP TABLE shadow_versions;
    `,
  },
  {
    version: 14,
    name: 'control hints of thing types for the My devices page',
    // A platform extension beside the AWS-shaped registry tables: deleting the type deletes its hints.
    sql: `
      CREATE TABLE thing_type_control_hints (
        thing_type_name TEXT NOT NULL REFERENCES registry_thing_types(name) ON DELETE CASCADE,
        shadow_key TEXT NOT NULL,
        hint TEXT NOT NULL,
        PRIMARY KEY (thing_type_name, shadow_key)
      ) WITHOUT ROWID;
    `,
  },
];
