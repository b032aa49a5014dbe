const SHORT_ID_LENGTH = 12;

/** The start of a certificate id, enough to tell certificates apart in a list. */
export function shortId(id: string): string {
  return id.length > SHORT_ID_LENGTH ? `${id.slice(0, SHORT_ID_LENGTH)}…` : id;
}
