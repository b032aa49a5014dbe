import type { LiveMessage } from '@meridian/contracts';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LiveSocket } from '../../../lib/live-socket';
import { LiveSocketProvider } from '../../../lib/live-socket-context';
import { createFakeTransport } from '../../../testing/fake-live-transport';
import { jsonResponse, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { LiveFeed } from '../stores/live-feed';
import { LiveFeedProvider } from './live-feed-provider';
import { LivePage } from './live-page';

const receivedAt = new Date(2026, 0, 5, 9, 8, 7, 65).toISOString();

const telemetry: LiveMessage = {
  type: 'message',
  topic: 'devices/thermostat-42/telemetry',
  qos: 1,
  retain: true,
  payload: '{"temperature":21.5,"unit":"C"}',
  payloadEncoding: 'utf8',
  receivedAt,
  clientId: 'thermostat-42',
};

type Routes = Parameters<typeof stubFetch>[0];

/** Renders the page with the socket faked and `fetch` stubbed (no MQTT clients unless `routes` say otherwise). */
function renderLivePage(routes: Routes = {}) {
  const { requests } = stubFetch({ 'GET /api/clients': () => jsonResponse(200, { clients: [] }), ...routes });
  const transport = createFakeTransport();
  const socket = new LiveSocket({ url: 'ws://test/api/live', transport: transport.factory, random: () => 0.5 });
  // Synchronous scheduling: each pushed message is rendered at once.
  const feed = new LiveFeed({ schedule: (callback) => callback() });
  const result = renderWithProviders(
    <LiveSocketProvider socket={socket}>
      <LiveFeedProvider feed={feed}>
        <LivePage />
      </LiveFeedProvider>
    </LiveSocketProvider>,
    { route: '/live' },
  );
  const server = transport.latest();
  act(() => server.open());
  const receive = (message: LiveMessage) => act(() => server.receive(message));
  return { ...result, server, receive, socket, requests };
}

describe(LivePage.name, () => {
  it('shows the connection state', () => {
    const { server } = renderLivePage();
    expect(screen.getByRole('heading', { level: 1, name: 'Live' })).toBeTruthy();
    expect(screen.getByText('Connected')).toBeTruthy();
    act(() => server.serverClose(1006));
    expect(screen.getByText('Reconnecting…')).toBeTruthy();
  });

  it('shows the MQTT clients connected to the broker', async () => {
    renderLivePage({
      'GET /api/clients': () =>
        jsonResponse(200, {
          clients: [
            {
              clientId: 'thermostat-42',
              protocolVersion: '5.0',
              transport: 'tls',
              remoteAddress: '192.0.2.10',
              connectedAt: receivedAt,
              subscriptions: [{ filter: 'devices/thermostat-42/commands', qos: 1 }],
            },
          ],
        }),
    });
    const section = screen.getByRole('region', { name: 'Connected clients' });
    expect(within(section).getByRole('heading', { level: 2, name: 'Connected clients' })).toBeTruthy();
    expect(await within(section).findByRole('button', { name: 'Disconnect thermostat-42' })).toBeTruthy();
    expect(within(section).getByText('devices/thermostat-42/commands')).toBeTruthy();
  });

  it('subscribes to a topic filter, lists it and unsubscribes', async () => {
    const { user, server } = renderLivePage();
    const input = screen.getByLabelText('Topic filter') as HTMLInputElement;
    expect(input.value).toBe('');
    expect(input.placeholder).toBe('devices/+/telemetry');

    await user.type(input, 'devices/+/telemetry');
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));

    expect(server.sent).toEqual([{ type: 'subscribe', filters: ['devices/+/telemetry'] }]);
    expect(screen.getByText('pending')).toBeTruthy();
    act(() => server.receive({ type: 'subscribed', filters: ['devices/+/telemetry'] }));
    expect(screen.queryByText('pending')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Unsubscribe devices/+/telemetry' }));
    expect(server.sent.at(-1)).toEqual({ type: 'unsubscribe', filters: ['devices/+/telemetry'] });
    expect(screen.queryByRole('button', { name: 'Unsubscribe devices/+/telemetry' })).toBeNull();
  });

  it('rejects an invalid topic filter', async () => {
    const { user, server } = renderLivePage();
    await user.type(screen.getByLabelText('Topic filter'), 'devices/#/x');
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    expect(screen.getByRole('alert').textContent).toContain("'#' must be the last level");
    expect(server.sent).toEqual([]);
  });

  it('renders an incoming message frame', () => {
    const { receive } = renderLivePage();
    receive(telemetry);

    const log = screen.getByRole('log', { name: 'Messages' });
    const article = within(log).getByRole('article', { name: telemetry.topic });
    expect(within(article).getByText('09:08:07.065')).toBeTruthy();
    expect(within(article).getByText('QoS 1')).toBeTruthy();
    expect(within(article).getByText('retained')).toBeTruthy();
    expect(within(article).getByText('thermostat-42')).toBeTruthy();
    expect(article.querySelector('pre')?.textContent).toBe('{\n  "temperature": 21.5,\n  "unit": "C"\n}');
  });

  it('shows newest first, text and base64 payloads', () => {
    const { receive } = renderLivePage();
    receive({ ...telemetry, topic: 'a/text', payload: 'plain text', retain: false, clientId: undefined });
    receive({ ...telemetry, topic: 'b/binary', payload: 'AAEC/w==', payloadEncoding: 'base64' });

    const articles = within(screen.getByRole('log', { name: 'Messages' })).getAllByRole('article');
    expect(articles.map((article) => article.querySelector('header code')?.textContent)).toEqual([
      'b/binary',
      'a/text',
    ]);
    const [binary, text] = articles;
    expect(within(binary as HTMLElement).getByText(/base64/).textContent).toContain('4 bytes');
    expect(binary?.querySelector('pre')?.textContent).toBe('AAEC/w==');
    expect(text?.querySelector('pre')?.textContent).toBe('plain text');
    expect(within(text as HTMLElement).queryByText('retained')).toBeNull();
  });

  it('counts instead of showing messages while paused, and clears', async () => {
    const { user, receive } = renderLivePage();
    const log = screen.getByRole('log', { name: 'Messages' });
    receive(telemetry);
    expect(within(log).getAllByRole('article')).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Pause' }));
    expect(screen.getByText('0 paused')).toBeTruthy();
    receive({ ...telemetry, topic: 'during/pause/1' });
    receive({ ...telemetry, topic: 'during/pause/2' });
    expect(screen.getByText('2 paused')).toBeTruthy();
    expect(within(log).getAllByRole('article')).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(screen.queryByText(/paused$/)).toBeNull();
    receive({ ...telemetry, topic: 'after/resume' });
    expect(within(log).getAllByRole('article')).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(within(log).queryAllByRole('article')).toHaveLength(0);
  });

  it('publishes and reports success', async () => {
    const { user, requests } = renderLivePage({ 'POST /api/publish': () => jsonResponse(202, {}) });
    const publish = within(screen.getByRole('region', { name: 'Publish' }));

    expect((publish.getByLabelText('Payload') as HTMLTextAreaElement).value).toBe('{"hello": "world"}');
    await user.type(publish.getByLabelText('Publish topic'), 'devices/d1/commands');
    await user.selectOptions(publish.getByLabelText('QoS'), '1');
    await user.click(publish.getByLabelText('Retain'));
    await user.click(publish.getByRole('button', { name: 'Publish' }));

    expect((await publish.findByRole('status')).textContent).toBe('Published to devices/d1/commands');
    expect(requests.filter((request) => request.method === 'POST')).toEqual([
      {
        method: 'POST',
        path: '/api/publish',
        body: { topic: 'devices/d1/commands', qos: 1, retain: true, payload: '{"hello": "world"}' },
      },
    ]);
  });

  it("shows the server's message when publishing fails", async () => {
    const { user } = renderLivePage({
      'POST /api/publish': () => jsonResponse(400, { code: 'LIVE_ERR_TOPIC', message: 'Topic is reserved.' }),
    });
    const publish = within(screen.getByRole('region', { name: 'Publish' }));
    await user.type(publish.getByLabelText('Publish topic'), '$reserved');
    await user.click(publish.getByRole('button', { name: 'Publish' }));
    expect((await publish.findByRole('alert')).textContent).toBe('Topic is reserved.');
    expect(publish.queryByRole('status')).toBeNull();
  });
});
