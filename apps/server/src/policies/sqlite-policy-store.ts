import type { NamePageQuery, PolicyPageQuery, PolicyStore, StoredPolicy, StoredPolicyVersion } from '@meridian/policy';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database.js';

interface PolicyRow {
  name: string;
  default_version: number;
  last_version: number;
  generation_id: string;
  created_at: number;
  last_modified_at: number;
}

interface VersionRow {
  policy_name: string;
  version: number;
  document: string;
  created_at: number;
}

const toPolicy = (row: PolicyRow): StoredPolicy => ({
  name: row.name,
  defaultVersion: row.default_version,
  lastVersion: row.last_version,
  generationId: row.generation_id,
  createdAt: row.created_at,
  lastModifiedAt: row.last_modified_at,
});

const toVersion = (row: VersionRow): StoredPolicyVersion => ({
  policyName: row.policy_name,
  version: row.version,
  document: row.document,
  createdAt: row.created_at,
});

const policyParams = (policy: StoredPolicy) => ({
  name: policy.name,
  defaultVersion: policy.defaultVersion,
  lastVersion: policy.lastVersion,
  generationId: policy.generationId,
  createdAt: policy.createdAt,
  lastModifiedAt: policy.lastModifiedAt,
});

const versionParams = (version: StoredPolicyVersion) => ({
  policyName: version.policyName,
  version: version.version,
  document: version.document,
  createdAt: version.createdAt,
});

interface PageParams {
  key: string;
  after: string | null;
  limit: number;
}

const POLICY_COLUMNS = 'name, default_version, last_version, generation_id, created_at, last_modified_at';
// Text comparisons use SQLite's BINARY collation: the same order as JavaScript's for these ASCII names and ARNs.
const LIST_ASCENDING = `SELECT ${POLICY_COLUMNS} FROM policies
  WHERE @after IS NULL OR (created_at, name) > (@afterCreatedAt, @after)
  ORDER BY created_at, name LIMIT @limit`;
const LIST_DESCENDING = `SELECT ${POLICY_COLUMNS} FROM policies
  WHERE @after IS NULL OR (created_at, name) < (@afterCreatedAt, @after)
  ORDER BY created_at DESC, name DESC LIMIT @limit`;

/** PolicyStore on the platform's SQLite database (tables of migration "IoT policies…"). */
export class SqlitePolicyStore implements PolicyStore {
  private readonly statements: {
    getPolicy: Statement<[string], PolicyRow>;
    listAscending: Statement<[object], PolicyRow>;
    listDescending: Statement<[object], PolicyRow>;
    insertPolicy: Statement<[object]>;
    updatePolicy: Statement<[object]>;
    deletePolicy: Statement<[string]>;
    getVersion: Statement<[string, number], VersionRow>;
    listVersions: Statement<[string], VersionRow>;
    insertVersion: Statement<[object]>;
    deleteVersion: Statement<[string, number]>;
    attach: Statement<[string, string]>;
    detach: Statement<[string, string]>;
    isAttached: Statement<[string, string], number>;
    listTargets: Statement<[PageParams], string>;
    listAttached: Statement<[PageParams], string>;
    countAttached: Statement<[string], number>;
  };
  private readonly insertPolicyWithVersion: (policy: StoredPolicy, version: StoredPolicyVersion) => void;
  private readonly insertVersionAndUpdate: (version: StoredPolicyVersion, policy: StoredPolicy) => void;

  constructor(db: Db) {
    this.statements = {
      getPolicy: db.prepare(`SELECT ${POLICY_COLUMNS} FROM policies WHERE name = ?`),
      listAscending: db.prepare(LIST_ASCENDING),
      listDescending: db.prepare(LIST_DESCENDING),
      insertPolicy: db.prepare(
        `INSERT INTO policies (${POLICY_COLUMNS})
         VALUES (@name, @defaultVersion, @lastVersion, @generationId, @createdAt, @lastModifiedAt)`,
      ),
      updatePolicy: db.prepare(
        `UPDATE policies SET default_version = @defaultVersion, last_version = @lastVersion,
           generation_id = @generationId, created_at = @createdAt, last_modified_at = @lastModifiedAt
         WHERE name = @name`,
      ),
      deletePolicy: db.prepare('DELETE FROM policies WHERE name = ?'),
      getVersion: db.prepare(
        'SELECT policy_name, version, document, created_at FROM policy_versions WHERE policy_name = ? AND version = ?',
      ),
      listVersions: db.prepare(
        'SELECT policy_name, version, document, created_at FROM policy_versions WHERE policy_name = ? ORDER BY version',
      ),
      insertVersion: db.prepare(
        `INSERT INTO policy_versions (policy_name, version, document, created_at)
         VALUES (@policyName, @version, @document, @createdAt)`,
      ),
      deleteVersion: db.prepare('DELETE FROM policy_versions WHERE policy_name = ? AND version = ?'),
      attach: db.prepare('INSERT OR IGNORE INTO policy_targets (policy_name, target) VALUES (?, ?)'),
      detach: db.prepare('DELETE FROM policy_targets WHERE policy_name = ? AND target = ?'),
      isAttached: db
        .prepare<[string, string], number>('SELECT count(*) FROM policy_targets WHERE policy_name = ? AND target = ?')
        .pluck(),
      listTargets: db
        .prepare<[PageParams], string>(
          `SELECT target FROM policy_targets WHERE policy_name = @key AND (@after IS NULL OR target > @after)
           ORDER BY target LIMIT @limit`,
        )
        .pluck(),
      listAttached: db
        .prepare<[PageParams], string>(
          `SELECT policy_name FROM policy_targets WHERE target = @key AND (@after IS NULL OR policy_name > @after)
           ORDER BY policy_name LIMIT @limit`,
        )
        .pluck(),
      countAttached: db.prepare<[string], number>('SELECT count(*) FROM policy_targets WHERE target = ?').pluck(),
    };
    this.insertPolicyWithVersion = db.transaction((policy: StoredPolicy, version: StoredPolicyVersion) => {
      this.statements.insertPolicy.run(policyParams(policy));
      this.statements.insertVersion.run(versionParams(version));
    });
    this.insertVersionAndUpdate = db.transaction((version: StoredPolicyVersion, policy: StoredPolicy) => {
      this.statements.insertVersion.run(versionParams(version));
      this.statements.updatePolicy.run(policyParams(policy));
    });
  }

  getPolicy(name: string): StoredPolicy | undefined {
    const row = this.statements.getPolicy.get(name);
    return row === undefined ? undefined : toPolicy(row);
  }

  listPolicies(query: PolicyPageQuery): StoredPolicy[] {
    const statement = query.descending ? this.statements.listDescending : this.statements.listAscending;
    return statement
      .all({ after: query.after?.name ?? null, afterCreatedAt: query.after?.createdAt ?? null, limit: query.limit })
      .map(toPolicy);
  }

  insertPolicy(policy: StoredPolicy, firstVersion: StoredPolicyVersion): void {
    this.insertPolicyWithVersion(policy, firstVersion);
  }

  updatePolicy(policy: StoredPolicy): void {
    this.statements.updatePolicy.run(policyParams(policy));
  }

  deletePolicy(name: string): void {
    this.statements.deletePolicy.run(name);
  }

  getVersion(name: string, version: number): StoredPolicyVersion | undefined {
    const row = this.statements.getVersion.get(name, version);
    return row === undefined ? undefined : toVersion(row);
  }

  listVersions(name: string): StoredPolicyVersion[] {
    return this.statements.listVersions.all(name).map(toVersion);
  }

  insertVersion(version: StoredPolicyVersion, policy: StoredPolicy): void {
    this.insertVersionAndUpdate(version, policy);
  }

  deleteVersion(name: string, version: number): void {
    this.statements.deleteVersion.run(name, version);
  }

  attach(name: string, target: string): void {
    this.statements.attach.run(name, target);
  }

  detach(name: string, target: string): void {
    this.statements.detach.run(name, target);
  }

  isAttached(name: string, target: string): boolean {
    return (this.statements.isAttached.get(name, target) ?? 0) > 0;
  }

  listTargets(name: string, query: NamePageQuery): string[] {
    return this.statements.listTargets.all({ key: name, after: query.after ?? null, limit: query.limit });
  }

  listAttachedPolicies(target: string, query: NamePageQuery): string[] {
    return this.statements.listAttached.all({ key: target, after: query.after ?? null, limit: query.limit });
  }

  countAttachedPolicies(target: string): number {
    return this.statements.countAttached.get(target) ?? 0;
  }
}
