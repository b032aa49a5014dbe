const SHORT_ID_LENGTH = 12;

/** The first characters of a 64-hex certificate id, for tables (the full id goes in a title). */
export function shortId(id: string): string {
  return id.length > SHORT_ID_LENGTH ? `${id.slice(0, SHORT_ID_LENGTH)}…` : id;
}
