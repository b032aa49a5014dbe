import type { RulePageQuery, RuleStore, StoredHttpDestination, StoredRule } from '@meridian/rules';
import type { Db } from '../db/database.js';

interface RuleRow {
  name: string;
  sql: string;
  description: string | null;
  actions: string;
  error_action: string | null;
  rule_disabled: number;
  sql_version: StoredRule['awsIotSqlVersion'];
  topic_pattern: string | null;
  created_at: number;
  updated_at: number;
  revision: number;
}

interface DestinationRow {
  url: string;
  status: StoredHttpDestination['status'];
  created_at: number;
  updated_at: number;
}

const toRule = (row: RuleRow): StoredRule => ({
  name: row.name,
  sql: row.sql,
  ...(row.description === null ? {} : { description: row.description }),
  actions: JSON.parse(row.actions),
  ...(row.error_action === null ? {} : { errorAction: JSON.parse(row.error_action) }),
  ruleDisabled: row.rule_disabled === 1,
  awsIotSqlVersion: row.sql_version,
  ...(row.topic_pattern === null ? {} : { topicPattern: row.topic_pattern }),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  revision: row.revision,
});

const ruleParams = (rule: StoredRule) => ({
  name: rule.name,
  sql: rule.sql,
  description: rule.description ?? null,
  actions: JSON.stringify(rule.actions),
  errorAction: rule.errorAction === undefined ? null : JSON.stringify(rule.errorAction),
  ruleDisabled: rule.ruleDisabled ? 1 : 0,
  sqlVersion: rule.awsIotSqlVersion,
  topicPattern: rule.topicPattern ?? null,
  createdAt: rule.createdAt,
  updatedAt: rule.updatedAt,
  revision: rule.revision,
});

const toDestination = (row: DestinationRow): StoredHttpDestination => ({
  url: row.url,
  status: row.status,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const COLUMNS =
  'name, sql, description, actions, error_action, rule_disabled, sql_version, topic_pattern, created_at, updated_at, revision';
const VALUES =
  '@name, @sql, @description, @actions, @errorAction, @ruleDisabled, @sqlVersion, @topicPattern, @createdAt, @updatedAt, @revision';

/** RuleStore in the platform's SQLite database (tables of migration "topic rules"). */
export class SqliteRuleStore implements RuleStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      get: db.prepare<[string], RuleRow>(`SELECT ${COLUMNS} FROM topic_rules WHERE name = ?`),
      first: db.prepare<[number], RuleRow>(`SELECT ${COLUMNS} FROM topic_rules ORDER BY name LIMIT ?`),
      after: db.prepare<[string, number], RuleRow>(
        `SELECT ${COLUMNS} FROM topic_rules WHERE name > ? ORDER BY name LIMIT ?`,
      ),
      insert: db.prepare(`INSERT INTO topic_rules (${COLUMNS}) VALUES (${VALUES})`),
      update: db.prepare(
        `UPDATE topic_rules SET sql = @sql, description = @description, actions = @actions, error_action = @errorAction,
           rule_disabled = @ruleDisabled, sql_version = @sqlVersion, topic_pattern = @topicPattern,
           created_at = @createdAt, updated_at = @updatedAt, revision = @revision
         WHERE name = @name`,
      ),
      delete: db.prepare<[string]>('DELETE FROM topic_rules WHERE name = ?'),
      getDestination: db.prepare<[string], DestinationRow>(
        'SELECT url, status, created_at, updated_at FROM topic_rule_destinations WHERE url = ?',
      ),
      listDestinations: db.prepare<[], DestinationRow>(
        'SELECT url, status, created_at, updated_at FROM topic_rule_destinations ORDER BY url',
      ),
      putDestination: db.prepare(
        `INSERT INTO topic_rule_destinations (url, status, created_at, updated_at) VALUES (@url, @status, @createdAt, @updatedAt)
         ON CONFLICT (url) DO UPDATE SET status = excluded.status, created_at = excluded.created_at, updated_at = excluded.updated_at`,
      ),
      deleteDestination: db.prepare<[string]>('DELETE FROM topic_rule_destinations WHERE url = ?'),
    };
  }

  getRule(name: string): StoredRule | undefined {
    const row = this.statements.get.get(name);
    return row && toRule(row);
  }

  listRules(query: RulePageQuery): StoredRule[] {
    const rows =
      query.after === undefined
        ? this.statements.first.all(query.limit)
        : this.statements.after.all(query.after, query.limit);
    return rows.map(toRule);
  }

  insertRule(rule: StoredRule): void {
    this.statements.insert.run(ruleParams(rule));
  }

  updateRule(rule: StoredRule): void {
    this.statements.update.run(ruleParams(rule));
  }

  deleteRule(name: string): boolean {
    return this.statements.delete.run(name).changes > 0;
  }

  getDestination(url: string): StoredHttpDestination | undefined {
    const row = this.statements.getDestination.get(url);
    return row && toDestination(row);
  }

  listDestinations(): StoredHttpDestination[] {
    return this.statements.listDestinations.all().map(toDestination);
  }

  putDestination(destination: StoredHttpDestination): void {
    this.statements.putDestination.run(destination);
  }

  deleteDestination(url: string): boolean {
    return this.statements.deleteDestination.run(url).changes > 0;
  }
}
