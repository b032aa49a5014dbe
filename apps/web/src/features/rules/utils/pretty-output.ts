/** JSON text indented for reading; anything that is not JSON comes back unchanged. */
export function prettyOutput(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
