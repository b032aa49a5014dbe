/** AWS IoT SQL versions. `beta` is accepted and evaluated as 2016-03-23. */
export type SqlVersion = '2015-10-08' | '2016-03-23' | 'beta';

export const SQL_VERSIONS: readonly SqlVersion[] = ['2015-10-08', '2016-03-23', 'beta'];

/** What the AWS API uses when a rule omits `awsIotSqlVersion`. */
export const DEFAULT_API_SQL_VERSION: SqlVersion = '2015-10-08';

export function isSqlVersion(value: unknown): value is SqlVersion {
  return typeof value === 'string' && (SQL_VERSIONS as readonly string[]).includes(value);
}

/** True for the versions that have the 2016-03-23 feature set. */
export function isVersion2016(version: SqlVersion): boolean {
  return version !== '2015-10-08';
}
