import type {
  AttributeFilter,
  Attributes,
  Page,
  PrincipalAttachment,
  RegistryStore,
  ThingFilter,
  ThingGroupFilter,
  ThingGroupRecord,
  ThingRecord,
  ThingTypeRecord,
} from '@meridian/registry';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database.js';

interface ThingRow {
  name: string;
  thing_id: string;
  thing_type_name: string | null;
  version: number;
  /** JSON object built by json_group_object. */
  attributes: string;
}

interface ThingTypeRow {
  name: string;
  thing_type_id: string;
  properties: string;
  deprecated: number;
  deprecation_date: number | null;
  creation_date: number;
}

interface ThingGroupRow {
  name: string;
  thing_group_id: string;
  path: string;
  description: string | null;
  attributes: string;
  version: number;
  creation_date: number;
}

interface PrincipalRow {
  thing_name: string;
  principal: string;
  exclusive: number;
}

const THING_COLUMNS = `t.name, t.thing_id, t.thing_type_name, t.version,
  (SELECT json_group_object(a.name, a.value) FROM registry_thing_attributes a WHERE a.thing_name = t.name) AS attributes`;

/** Upper bound of a prefix range: every stored name and value is ASCII, so it sorts below U+FFFF. */
const prefixEnd = (prefix: string) => `${prefix}\uffff`;

/** Group paths are `root/…/name/`; the subtree of path `p` is the range [p, p without its '/' + '0'). */
const subtreeEnd = (path: string) => `${path.slice(0, -1)}0`;

function valueCondition(alias: string, attribute: AttributeFilter): string {
  if (attribute.value === undefined) return '';
  return attribute.prefix ? ` AND ${alias}.value >= ? AND ${alias}.value < ?` : ` AND ${alias}.value = ?`;
}

function valueParams(attribute: AttributeFilter): string[] {
  if (attribute.value === undefined) return [];
  return attribute.prefix ? [attribute.value, prefixEnd(attribute.value)] : [attribute.value];
}

function toThing(row: ThingRow): ThingRecord {
  const thing: ThingRecord = {
    thingName: row.name,
    thingId: row.thing_id,
    attributes: JSON.parse(row.attributes) as Attributes,
    version: row.version,
  };
  if (row.thing_type_name !== null) thing.thingTypeName = row.thing_type_name;
  return thing;
}

function toThingType(row: ThingTypeRow): ThingTypeRecord {
  const thingType: ThingTypeRecord = {
    thingTypeName: row.name,
    thingTypeId: row.thing_type_id,
    thingTypeProperties: JSON.parse(row.properties) as ThingTypeRecord['thingTypeProperties'],
    deprecated: row.deprecated === 1,
    creationDate: row.creation_date,
  };
  if (row.deprecation_date !== null) thingType.deprecationDate = row.deprecation_date;
  return thingType;
}

function toGroup(row: ThingGroupRow): ThingGroupRecord {
  const group: ThingGroupRecord = {
    thingGroupName: row.name,
    thingGroupId: row.thing_group_id,
    ancestors: row.path.split('/').slice(0, -2),
    attributes: JSON.parse(row.attributes) as Attributes,
    version: row.version,
    creationDate: row.creation_date,
  };
  if (row.description !== null) group.description = row.description;
  return group;
}

const toAttachment = (row: PrincipalRow): PrincipalAttachment => ({
  thingName: row.thing_name,
  principal: row.principal,
  thingPrincipalType: row.exclusive === 1 ? 'EXCLUSIVE_THING' : 'NON_EXCLUSIVE_THING',
});

/**
 * The registry in SQLite (tables `registry_*`), synchronous like better-sqlite3. Attributes of things live
 * in their own indexed table so ListThings filters on them without scanning; a write touching several
 * rows runs in one transaction.
 */
export class SqliteRegistryStore implements RegistryStore {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  getThing(thingName: string): ThingRecord | undefined {
    const row = this.get<ThingRow>(`SELECT ${THING_COLUMNS} FROM registry_things t WHERE t.name = ?`, thingName);
    return row && toThing(row);
  }

  insertThing(thing: ThingRecord): void {
    this.db.transaction(() => {
      this.run(
        'INSERT INTO registry_things (name, thing_id, thing_type_name, version) VALUES (?, ?, ?, ?)',
        thing.thingName,
        thing.thingId,
        thing.thingTypeName ?? null,
        thing.version,
      );
      this.insertAttributes(thing);
    })();
  }

  updateThing(thing: ThingRecord): void {
    this.db.transaction(() => {
      this.run(
        'UPDATE registry_things SET thing_id = ?, thing_type_name = ?, version = ? WHERE name = ?',
        thing.thingId,
        thing.thingTypeName ?? null,
        thing.version,
        thing.thingName,
      );
      this.run('DELETE FROM registry_thing_attributes WHERE thing_name = ?', thing.thingName);
      this.insertAttributes(thing);
    })();
  }

  deleteThing(thingName: string): void {
    // Attributes and group memberships go by ON DELETE CASCADE.
    this.run('DELETE FROM registry_things WHERE name = ?', thingName);
  }

  /**
   * The most selective condition drives the query through its index, in name order so the page needs no
   * sort: group membership, else the first attribute, else the things table (by name, or by type).
   */
  listThings(filter: ThingFilter, page: Page): ThingRecord[] {
    const [driver, ...otherAttributes] = filter.thingGroupName === undefined ? (filter.attributes ?? []) : [];
    const conditions: string[] = [];
    const params: unknown[] = [];
    let from = 'registry_things t';
    let key = 't.name';
    if (filter.thingGroupName !== undefined) {
      from = 'registry_thing_group_members d CROSS JOIN registry_things t ON t.name = d.thing_name';
      key = 'd.thing_name';
      conditions.push('d.thing_group_name = ?');
      params.push(filter.thingGroupName);
    } else if (driver !== undefined) {
      from = 'registry_thing_attributes d CROSS JOIN registry_things t ON t.name = d.thing_name';
      key = 'd.thing_name';
      conditions.push(`d.name = ?${valueCondition('d', driver)}`);
      params.push(driver.name, ...valueParams(driver));
    }
    conditions.push(`${key} > ?`);
    params.push(page.after ?? '');
    if (filter.thingTypeName !== undefined) {
      conditions.push('t.thing_type_name = ?');
      params.push(filter.thingTypeName);
    }
    if (filter.namePrefix !== undefined) {
      conditions.push('t.name >= ? AND t.name < ?');
      params.push(filter.namePrefix, prefixEnd(filter.namePrefix));
    }
    for (const part of filter.nameContains ?? []) {
      conditions.push('instr(lower(t.name), ?) > 0');
      params.push(part.toLowerCase());
    }
    const attributeConditions = filter.thingGroupName === undefined ? otherAttributes : (filter.attributes ?? []);
    for (const attribute of attributeConditions) {
      conditions.push(
        `EXISTS (SELECT 1 FROM registry_thing_attributes a WHERE a.thing_name = t.name AND a.name = ?${valueCondition('a', attribute)})`,
      );
      params.push(attribute.name, ...valueParams(attribute));
    }
    const sql = `SELECT ${THING_COLUMNS} FROM ${from} WHERE ${conditions.join(' AND ')} ORDER BY ${key} LIMIT ?`;
    return this.all<ThingRow>(sql, ...params, page.limit).map(toThing);
  }

  thingTypeInUse(thingTypeName: string): boolean {
    return this.get('SELECT 1 FROM registry_things WHERE thing_type_name = ? LIMIT 1', thingTypeName) !== undefined;
  }

  getThingType(thingTypeName: string): ThingTypeRecord | undefined {
    const row = this.get<ThingTypeRow>('SELECT * FROM registry_thing_types WHERE name = ?', thingTypeName);
    return row && toThingType(row);
  }

  insertThingType(thingType: ThingTypeRecord): void {
    this.run(
      `INSERT INTO registry_thing_types (name, thing_type_id, properties, deprecated, deprecation_date, creation_date)
       VALUES (?, ?, ?, ?, ?, ?)`,
      thingType.thingTypeName,
      thingType.thingTypeId,
      JSON.stringify(thingType.thingTypeProperties),
      thingType.deprecated ? 1 : 0,
      thingType.deprecationDate ?? null,
      thingType.creationDate,
    );
  }

  updateThingType(thingType: ThingTypeRecord): void {
    this.run(
      'UPDATE registry_thing_types SET deprecated = ?, deprecation_date = ? WHERE name = ?',
      thingType.deprecated ? 1 : 0,
      thingType.deprecationDate ?? null,
      thingType.thingTypeName,
    );
  }

  deleteThingType(thingTypeName: string): void {
    this.run('DELETE FROM registry_thing_types WHERE name = ?', thingTypeName);
  }

  listThingTypes(filter: { thingTypeName?: string }, page: Page): ThingTypeRecord[] {
    const byName = filter.thingTypeName === undefined ? '' : ' AND name = ?';
    const params = filter.thingTypeName === undefined ? [] : [filter.thingTypeName];
    return this.all<ThingTypeRow>(
      `SELECT * FROM registry_thing_types WHERE name > ?${byName} ORDER BY name LIMIT ?`,
      page.after ?? '',
      ...params,
      page.limit,
    ).map(toThingType);
  }

  getThingGroup(thingGroupName: string): ThingGroupRecord | undefined {
    const row = this.get<ThingGroupRow>('SELECT * FROM registry_thing_groups WHERE name = ?', thingGroupName);
    return row && toGroup(row);
  }

  insertThingGroup(group: ThingGroupRecord): void {
    this.run(
      `INSERT INTO registry_thing_groups
        (name, thing_group_id, parent_name, path, description, attributes, version, creation_date)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      group.thingGroupName,
      group.thingGroupId,
      group.ancestors.at(-1) ?? null,
      [...group.ancestors, group.thingGroupName].map((name) => `${name}/`).join(''),
      group.description ?? null,
      JSON.stringify(group.attributes),
      group.version,
      group.creationDate,
    );
  }

  updateThingGroup(group: ThingGroupRecord): void {
    this.run(
      'UPDATE registry_thing_groups SET description = ?, attributes = ?, version = ? WHERE name = ?',
      group.description ?? null,
      JSON.stringify(group.attributes),
      group.version,
      group.thingGroupName,
    );
  }

  deleteThingGroup(thingGroupName: string): string[] {
    return this.db.transaction(() => {
      const members = this.all<{ thing_name: string }>(
        'SELECT thing_name FROM registry_thing_group_members WHERE thing_group_name = ? ORDER BY thing_name',
        thingGroupName,
      ).map((row) => row.thing_name);
      // Memberships go by ON DELETE CASCADE.
      this.run('DELETE FROM registry_thing_groups WHERE name = ?', thingGroupName);
      return members;
    })();
  }

  listThingGroups(filter: ThingGroupFilter, page: Page): ThingGroupRecord[] {
    const conditions = ['name > ?'];
    const params: unknown[] = [page.after ?? ''];
    if (filter.parentGroupName !== undefined) {
      conditions.push('parent_name = ?');
      params.push(filter.parentGroupName);
    }
    if (filter.descendantsOf !== undefined) {
      const path = this.pathOf(filter.descendantsOf);
      if (path === undefined) return [];
      conditions.push('path > ? AND path < ?');
      params.push(path, subtreeEnd(path));
    }
    if (filter.namePrefix !== undefined) {
      conditions.push('name >= ? AND name < ?');
      params.push(filter.namePrefix, prefixEnd(filter.namePrefix));
    }
    const sql = `SELECT * FROM registry_thing_groups WHERE ${conditions.join(' AND ')} ORDER BY name LIMIT ?`;
    return this.all<ThingGroupRow>(sql, ...params, page.limit).map(toGroup);
  }

  countChildGroups(thingGroupName: string): number {
    return this.get<{ n: number }>(
      'SELECT count(*) AS n FROM registry_thing_groups WHERE parent_name = ?',
      thingGroupName,
    )!.n;
  }

  addThingToGroup(thingName: string, thingGroupName: string): void {
    this.run(
      'INSERT OR IGNORE INTO registry_thing_group_members (thing_group_name, thing_name) VALUES (?, ?)',
      thingGroupName,
      thingName,
    );
  }

  removeThingFromGroup(thingName: string, thingGroupName: string): void {
    this.run(
      'DELETE FROM registry_thing_group_members WHERE thing_group_name = ? AND thing_name = ?',
      thingGroupName,
      thingName,
    );
  }

  groupsOfThing(thingName: string): ThingGroupRecord[] {
    return this.all<ThingGroupRow>(
      `SELECT g.* FROM registry_thing_group_members m JOIN registry_thing_groups g ON g.name = m.thing_group_name
       WHERE m.thing_name = ? ORDER BY g.name`,
      thingName,
    ).map(toGroup);
  }

  listThingsInGroup(thingGroupName: string, recursive: boolean, page: Page): string[] {
    if (!recursive) {
      return this.all<{ thing_name: string }>(
        `SELECT thing_name FROM registry_thing_group_members WHERE thing_group_name = ? AND thing_name > ?
         ORDER BY thing_name LIMIT ?`,
        thingGroupName,
        page.after ?? '',
        page.limit,
      ).map((row) => row.thing_name);
    }
    const path = this.pathOf(thingGroupName);
    if (path === undefined) return [];
    return this.all<{ thing_name: string }>(
      `SELECT DISTINCT m.thing_name FROM registry_thing_groups g
       JOIN registry_thing_group_members m ON m.thing_group_name = g.name
       WHERE g.path >= ? AND g.path < ? AND m.thing_name > ? ORDER BY m.thing_name LIMIT ?`,
      path,
      subtreeEnd(path),
      page.after ?? '',
      page.limit,
    ).map((row) => row.thing_name);
  }

  attachPrincipal(attachment: PrincipalAttachment): void {
    this.run(
      `INSERT INTO registry_thing_principals (thing_name, principal, exclusive) VALUES (?, ?, ?)
       ON CONFLICT (thing_name, principal) DO UPDATE SET exclusive = excluded.exclusive`,
      attachment.thingName,
      attachment.principal,
      attachment.thingPrincipalType === 'EXCLUSIVE_THING' ? 1 : 0,
    );
  }

  detachPrincipal(thingName: string, principal: string): void {
    this.run('DELETE FROM registry_thing_principals WHERE thing_name = ? AND principal = ?', thingName, principal);
  }

  principalsOfThing(thingName: string, page: Page): PrincipalAttachment[] {
    return this.all<PrincipalRow>(
      `SELECT * FROM registry_thing_principals WHERE thing_name = ? AND principal > ? ORDER BY principal LIMIT ?`,
      thingName,
      page.after ?? '',
      page.limit,
    ).map(toAttachment);
  }

  thingsOfPrincipal(principal: string, page: Page): PrincipalAttachment[] {
    return this.all<PrincipalRow>(
      `SELECT * FROM registry_thing_principals WHERE principal = ? AND thing_name > ? ORDER BY thing_name LIMIT ?`,
      principal,
      page.after ?? '',
      page.limit,
    ).map(toAttachment);
  }

  attachedThing(thingName: string, principal: string): ThingRecord | undefined {
    const row = this.get<ThingRow>(
      `SELECT ${THING_COLUMNS} FROM registry_thing_principals p JOIN registry_things t ON t.name = p.thing_name
       WHERE p.thing_name = ? AND p.principal = ?`,
      thingName,
      principal,
    );
    return row && toThing(row);
  }

  private insertAttributes(thing: ThingRecord): void {
    for (const [name, value] of Object.entries(thing.attributes)) {
      this.run(
        'INSERT INTO registry_thing_attributes (thing_name, name, value) VALUES (?, ?, ?)',
        thing.thingName,
        name,
        value,
      );
    }
  }

  private pathOf(thingGroupName: string): string | undefined {
    return this.get<{ path: string }>('SELECT path FROM registry_thing_groups WHERE name = ?', thingGroupName)?.path;
  }

  /** Prepared once per distinct SQL text (the list queries vary only with the filters present). */
  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private get<Row>(sql: string, ...params: unknown[]): Row | undefined {
    return this.statement(sql).get(...params) as Row | undefined;
  }

  private all<Row>(sql: string, ...params: unknown[]): Row[] {
    return this.statement(sql).all(...params) as Row[];
  }

  private run(sql: string, ...params: unknown[]): void {
    this.statement(sql).run(...params);
  }
}
