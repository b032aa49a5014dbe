export type StdinCommand =
  | { name: 'offline' | 'online'; thingName: string }
  | { name: 'status' | 'help' }
  | { name: 'none' }
  | { name: 'invalid'; message: string };

export const STDIN_HELP = `commands:
  offline <thing>   disconnect the device cleanly; it answers no deltas until it is back
  online <thing>    reconnect it; it reports its state and takes any pending desired values
  status            list the devices, online or offline, with their reported state
  help              list these commands`;

/** One line typed on the CLI's stdin. */
export function parseStdinCommand(line: string): StdinCommand {
  const [name, ...rest] = line.trim().split(/\s+/).filter(Boolean);
  if (name === undefined) return { name: 'none' };
  if (name === 'offline' || name === 'online') {
    const [thingName, ...extra] = rest;
    if (thingName === undefined || extra.length > 0) {
      return { name: 'invalid', message: `usage: ${name} <thing>` };
    }
    return { name, thingName };
  }
  if ((name === 'status' || name === 'help') && rest.length === 0) return { name };
  return { name: 'invalid', message: `unknown command "${line.trim()}"; type help for the list` };
}
