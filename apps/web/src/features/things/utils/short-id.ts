const SHORT_ID_LENGTH = 12;

/** The start of a long id (certificate ids are 64 hex digits), for tables; the full id goes in a title. */
export function shortId(id: string): string {
  return id.length > SHORT_ID_LENGTH ? `${id.slice(0, SHORT_ID_LENGTH)}…` : id;
}
