import type { LiveMessage, MyDevice } from '@meridian/contracts';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LiveSocket } from '../../../lib/live-socket';
import { LiveSocketProvider } from '../../../lib/live-socket-context';
import { createFakeTransport } from '../../../testing/fake-live-transport';
import { jsonResponse, type StubRequest, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { MyDevicesPage } from './my-devices-page';

const lamp: MyDevice = {
  thingName: 'lamp-1',
  thingTypeName: 'Lamp',
  online: true,
  desired: {},
  reported: { lamp: false, brightness: 40, mode: 'eco' },
  version: 1,
  controls: [
    { key: 'brightness', kind: 'slider', min: 0, max: 100 },
    { key: 'lamp', kind: 'switch' },
    { key: 'mode', kind: 'select', options: ['eco', 'comfort'] },
  ],
};

const documents = (thingName: string, version: number, reported: Record<string, unknown>): LiveMessage => ({
  type: 'message',
  topic: `$aws/things/${thingName}/shadow/update/documents`,
  qos: 1,
  retain: false,
  payload: JSON.stringify({ current: { state: { reported }, version } }),
  payloadEncoding: 'utf8',
  receivedAt: new Date().toISOString(),
});

function renderPage({ confirmTimeoutMs = 10_000, devices = [lamp] } = {}) {
  let version = 1;
  const { requests } = stubFetch({
    'GET /api/my/devices': () => jsonResponse(200, { devices }),
    'GET /api/my/settings': () => jsonResponse(200, { confirmTimeoutMs }),
    'POST /api/my/devices/lamp-1/desired': (request: StubRequest) => {
      version += 1;
      const { state } = request.body as { state: Record<string, unknown> };
      return jsonResponse(200, { ...lamp, desired: state, version });
    },
    'POST /api/my/claims': () => jsonResponse(201, { ...lamp, thingName: 'fan-7', controls: [] }),
  });
  const transport = createFakeTransport();
  const socket = new LiveSocket({ url: 'ws://test/api/live', transport: transport.factory, random: () => 0.5 });
  const result = renderWithProviders(
    <LiveSocketProvider socket={socket}>
      <MyDevicesPage />
    </LiveSocketProvider>,
    { route: '/my-devices' },
  );
  const server = transport.latest();
  act(() => server.open());
  const receive = (message: LiveMessage) => act(() => server.receive(message));
  const posts = () => requests.filter((request) => request.method === 'POST');
  return { ...result, server, receive, posts };
}

describe(MyDevicesPage.name, () => {
  it('shows each device with its state and controls generated from the shadow', async () => {
    const { server } = renderPage();
    const card = await screen.findByRole('article', { name: 'lamp-1' });
    expect(within(card).getByText('Online')).toBeTruthy();
    expect(within(card).getByRole('switch', { name: 'lamp' }).getAttribute('aria-checked')).toBe('false');
    expect((within(card).getByRole('slider', { name: 'brightness' }) as HTMLInputElement).value).toBe('40');
    expect((within(card).getByRole('combobox', { name: 'mode' }) as HTMLSelectElement).value).toBe('eco');
    expect(server.sent).toContainEqual({
      type: 'subscribe',
      filters: [
        '$aws/events/presence/connected/+',
        '$aws/events/presence/disconnected/+',
        '$aws/things/+/shadow/update/documents',
      ],
    });
  });

  it('updates the online badge from presence events', async () => {
    const { receive } = renderPage();
    const card = await screen.findByRole('article', { name: 'lamp-1' });
    receive({ ...documents('lamp-1', 0, {}), topic: '$aws/events/presence/disconnected/lamp-1', payload: '{}' });
    expect(await within(card).findByText('Offline')).toBeTruthy();
  });

  it('a flipped switch writes desired, shows pending, then confirmed when the device reports it', async () => {
    const { user, receive, posts } = renderPage();
    const card = await screen.findByRole('article', { name: 'lamp-1' });
    await user.click(within(card).getByRole('switch', { name: 'lamp' }));

    expect(posts()).toEqual([
      { method: 'POST', path: '/api/my/devices/lamp-1/desired', body: { state: { lamp: true } } },
    ]);
    expect(await within(card).findByText('Pending…')).toBeTruthy();
    expect(within(card).getByRole('switch', { name: 'lamp' }).getAttribute('aria-checked')).toBe('true');

    receive(documents('lamp-1', 5, { lamp: true, brightness: 40, mode: 'eco' }));
    expect(await within(card).findByText('Confirmed')).toBeTruthy();
  });

  it('without an answer in time the change is not confirmed, and Retry writes it again', async () => {
    const { user, posts } = renderPage({ confirmTimeoutMs: 50 });
    const card = await screen.findByRole('article', { name: 'lamp-1' });
    await user.selectOptions(within(card).getByRole('combobox', { name: 'mode' }), 'comfort');

    expect(await within(card).findByText('Not confirmed')).toBeTruthy();
    await user.click(within(card).getByRole('button', { name: 'Retry' }));
    expect(posts().map((request) => request.body)).toEqual([
      { state: { mode: 'comfort' } },
      { state: { mode: 'comfort' } },
    ]);
  });

  it('adds a device with a claim code', async () => {
    const { user, posts } = renderPage({ devices: [] });
    expect(await screen.findByText(/No devices yet/)).toBeTruthy();
    await user.type(screen.getByLabelText('Claim code'), 'abcd-efgh-jkmn');
    await user.click(screen.getByRole('button', { name: 'Add device' }));
    expect(await screen.findByRole('article', { name: 'fan-7' })).toBeTruthy();
    expect(posts()).toEqual([{ method: 'POST', path: '/api/my/claims', body: { code: 'abcd-efgh-jkmn' } }]);
  });
});
