import type { LiveMessage, MyDevice } from '@meridian/contracts';

/** Live topics the My devices page listens to; the server only sends those of the user's own devices. */
export const MY_DEVICE_FILTERS = [
  '$aws/events/presence/connected/+',
  '$aws/events/presence/disconnected/+',
  '$aws/things/+/shadow/update/documents',
] as const;

const PRESENCE = /^\$aws\/events\/presence\/(connected|disconnected)\/([^/]+)$/;
const DOCUMENTS = /^\$aws\/things\/([^/]+)\/shadow\/update\/documents$/;

interface DocumentsPayload {
  current?: { state?: { desired?: unknown; reported?: unknown }; version?: unknown };
}

const asState = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * The devices after a live message: presence events set `online`, shadow `update/documents` set the
 * sections of a newer version. Returns the same array when the message changes nothing.
 */
export function applyLiveMessage(devices: MyDevice[], message: LiveMessage): MyDevice[] {
  const presence = PRESENCE.exec(message.topic);
  if (presence) {
    const online = presence[1] === 'connected';
    return update(devices, presence[2] ?? '', (device) => (device.online === online ? device : { ...device, online }));
  }
  const documents = DOCUMENTS.exec(message.topic);
  if (!documents || message.payloadEncoding !== 'utf8') return devices;
  let payload: DocumentsPayload;
  try {
    payload = JSON.parse(message.payload) as DocumentsPayload;
  } catch {
    return devices;
  }
  const version = payload.current?.version;
  if (typeof version !== 'number') return devices;
  return update(devices, documents[1] ?? '', (device) =>
    version <= device.version
      ? device
      : {
          ...device,
          version,
          desired: asState(payload.current?.state?.desired),
          reported: asState(payload.current?.state?.reported),
        },
  );
}

/** Keeps whichever copy of a device has the newer shadow (an HTTP answer can arrive after a live update). */
export function newerDevice(current: MyDevice | undefined, incoming: MyDevice): MyDevice {
  if (current === undefined || incoming.version >= current.version) return incoming;
  return { ...incoming, desired: current.desired, reported: current.reported, version: current.version };
}

function update(devices: MyDevice[], thingName: string, change: (device: MyDevice) => MyDevice): MyDevice[] {
  let changed = false;
  const next = devices.map((device) => {
    if (device.thingName !== thingName) return device;
    const updated = change(device);
    if (updated !== device) changed = true;
    return updated;
  });
  return changed ? next : devices;
}
