import type { TimeseriesBucket, TimeseriesDeviceList, TimeseriesFields, TimeseriesResponse } from '@meridian/contracts';
import { QueryClientProvider } from '@tanstack/react-query';
import { act, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { LiveSocket } from '../../../lib/live-socket';
import { LiveSocketProvider } from '../../../lib/live-socket-context';
import { createFakeTransport } from '../../../testing/fake-live-transport';
import { jsonResponse, type StubRequest, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { CHART_BUCKETS } from '../api/telemetry-queries';
import { TelemetryPanel } from './telemetry-panel';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const fieldList = (...names: string[]): TimeseriesFields => ({
  deviceKey: 'sensor-1',
  fields: names.map((name) => ({ name, firstTime: 0, lastTime: 0 })),
});

interface OtherDevice {
  fields: string[];
  values: Record<string, number[]>;
}

const searchParams = (request: StubRequest) => new URL(request.path, 'http://test').searchParams;

/**
 * The time-series API for sensor-1 (the thing) and `others` stored under other device keys: the keys
 * with rows, each key's fields, and buckets of each field ending at the requested `to`.
 */
function stubTelemetryApi(
  fields: TimeseriesFields,
  values: Record<string, number[]>,
  others: Record<string, OtherDevice> = {},
) {
  const devices: TimeseriesDeviceList['devices'] = [
    ...(fields.fields.length > 0 ? [{ deviceKey: 'sensor-1', lastTime: 0, fields: [] }] : []),
    ...Object.keys(others).map((deviceKey) => ({ deviceKey, lastTime: 0, fields: [] })),
  ];
  return stubFetch({
    'GET /api/timeseries': () => jsonResponse(200, { devices }),
    'GET /api/timeseries/fields': (request: StubRequest) => {
      const deviceKey = searchParams(request).get('deviceKey') ?? '';
      const other = others[deviceKey];
      if (!other) return jsonResponse(200, deviceKey === 'sensor-1' ? fields : { deviceKey, fields: [] });
      return jsonResponse(200, { ...fieldList(...other.fields), deviceKey });
    },
    'GET /api/timeseries/query': (request: StubRequest) => {
      const params = searchParams(request);
      const deviceKey = params.get('deviceKey') ?? '';
      const from = Number(params.get('from'));
      const to = Number(params.get('to'));
      const buckets = Number(params.get('buckets'));
      const bucketMs = Math.ceil((to - from) / buckets);
      const field = params.get('fields') ?? '';
      const list = (others[deviceKey]?.values ?? (deviceKey === 'sensor-1' ? values : {}))[field] ?? [];
      const series: TimeseriesBucket[] = list.map((avg, i) => ({
        time: from + (buckets - list.length + i) * bucketMs,
        count: 2,
        min: avg - 1,
        avg,
        max: avg + 1,
      }));
      const body: TimeseriesResponse = { deviceKey, from, to, bucketMs, series: { [field]: series } };
      return jsonResponse(200, body);
    },
  });
}

function renderPanel() {
  const transport = createFakeTransport();
  const socket = new LiveSocket({
    url: 'ws://test/api/live',
    transport: transport.factory,
    random: () => 0.5,
    initialDelayMs: 10,
  });
  const tree = (panel: boolean) => (
    <LiveSocketProvider socket={socket}>{panel && <TelemetryPanel thingName="sensor-1" />}</LiveSocketProvider>
  );
  const result = renderWithProviders(tree(true));
  const removePanel = () =>
    result.rerender(
      <QueryClientProvider client={result.queryClient}>
        <MemoryRouter initialEntries={['/']}>{tree(false)}</MemoryRouter>
      </QueryClientProvider>,
    );
  return { ...result, transport, removePanel };
}

const queries = (requests: StubRequest[]) =>
  requests.filter((r) => r.path.startsWith('/api/timeseries/query')).map((r) => Object.fromEntries(searchParams(r)));

const chart = (field: string) => screen.getByRole('figure', { name: field });
const samples = (field: string) => within(chart(field)).getByTestId('telemetry-samples').textContent;
const latest = (field: string) => within(chart(field)).getByTestId('telemetry-latest').textContent;

describe(TelemetryPanel.name, () => {
  it('charts the first stored field over the last hour, downsampled by the server', async () => {
    const { requests } = stubTelemetryApi(fieldList('humidity', 'temperature'), { humidity: [40, 42.5] });
    renderPanel();

    await vi.waitFor(() => expect(latest('humidity')).toBe('42.50'));
    expect(samples('humidity')).toBe('4');
    // Recharts draws the average line and the min–max band (no pixels asserted).
    expect(chart('humidity').querySelector('.recharts-line-curve')).not.toBeNull();
    expect(chart('humidity').querySelector('.recharts-area-area')).not.toBeNull();
    expect((screen.getByRole('checkbox', { name: 'humidity' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'temperature' }) as HTMLInputElement).checked).toBe(false);
    expect(screen.getByRole('button', { name: '1 h' }).getAttribute('aria-pressed')).toBe('true');
    const [query] = queries(requests);
    expect(query).toMatchObject({ deviceKey: 'sensor-1', fields: 'humidity', buckets: String(CHART_BUCKETS) });
    expect(Number(query?.to) - Number(query?.from)).toBe(HOUR);
  });

  it('shows one chart per picked field and asks again when the window changes', async () => {
    const { requests } = stubTelemetryApi(fieldList('humidity', 'temperature'), { humidity: [40], temperature: [21] });
    const { user } = renderPanel();
    await screen.findByRole('figure', { name: 'humidity' });

    await user.click(screen.getByRole('checkbox', { name: 'temperature' }));
    await vi.waitFor(() => expect(latest('temperature')).toBe('21'));
    await user.click(screen.getByRole('checkbox', { name: 'humidity' }));
    expect(screen.queryByRole('figure', { name: 'humidity' })).toBeNull();

    await user.click(screen.getByRole('button', { name: '7 d' }));
    await vi.waitFor(() => expect(queries(requests).at(-1)?.fields).toBe('temperature'));
    const last = queries(requests).at(-1);
    expect(Number(last?.to) - Number(last?.from)).toBe(7 * 24 * HOUR);
    expect(screen.getByRole('button', { name: '7 d' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('watches the thing on the live socket and merges live rows into the chart', async () => {
    stubTelemetryApi(fieldList('temperature'), { temperature: [20] });
    const { transport, removePanel } = renderPanel();
    const connection = transport.latest();
    act(() => connection.open());
    expect(connection.sent).toContainEqual({ type: 'watch-timeseries', deviceKeys: ['sensor-1'] });
    await vi.waitFor(() => expect(samples('temperature')).toBe('2'));

    const now = Date.now();
    act(() => {
      connection.receive({ type: 'timeseries-row', deviceKey: 'sensor-1', time: now, values: { temperature: 30 } });
      connection.receive({ type: 'timeseries-row', deviceKey: 'other', time: now, values: { temperature: 99 } });
    });
    await vi.waitFor(() => expect(samples('temperature')).toBe('3'));
    expect(latest('temperature')).toBe('30');

    // A field never stored before shows up in the picker.
    act(() =>
      connection.receive({ type: 'timeseries-row', deviceKey: 'sensor-1', time: now, values: { pressure: 1000 } }),
    );
    expect(await screen.findByRole('checkbox', { name: 'pressure' })).toBeTruthy();

    removePanel();
    expect(connection.sent.at(-1)).toEqual({ type: 'unwatch-timeseries', deviceKeys: ['sensor-1'] });
  });

  it('asks for the series again after the live socket reconnects (rows stored meanwhile sent no frames)', async () => {
    const { requests } = stubTelemetryApi(fieldList('temperature'), { temperature: [20] });
    const { transport } = renderPanel();
    act(() => transport.latest().open());
    await vi.waitFor(() => expect(samples('temperature')).toBe('2'));
    const before = queries(requests).length;

    act(() => transport.latest().serverClose(1006));
    await vi.waitFor(() => expect(transport.connections).toHaveLength(2));
    act(() => transport.latest().open());
    expect(transport.latest().sent).toContainEqual({ type: 'watch-timeseries', deviceKeys: ['sensor-1'] });
    await vi.waitFor(() => expect(queries(requests).length).toBe(before + 1));
  });

  it('a custom window asks for its own range and is not changed by live rows', async () => {
    const { requests } = stubTelemetryApi(fieldList('temperature'), { temperature: [20] });
    const { user, transport } = renderPanel();
    act(() => transport.latest().open());
    await screen.findByRole('figure', { name: 'temperature' });

    await user.click(screen.getByRole('button', { name: 'Custom' }));
    const form = screen.getByRole('form', { name: 'Custom time window' });
    const from = within(form).getByLabelText('From');
    const to = within(form).getByLabelText('To');
    await user.clear(to);
    await user.type(to, '2026-01-01T09:00');
    await user.clear(from);
    await user.type(from, '2026-01-01T10:00');
    await user.click(within(form).getByRole('button', { name: 'Show' }));
    expect(within(form).getByRole('alert').textContent).toBe('The end must be after the start.');

    await user.clear(from);
    await user.type(from, '2026-01-01T08:00');
    await user.click(within(form).getByRole('button', { name: 'Show' }));
    await vi.waitFor(() =>
      expect(queries(requests).at(-1)).toMatchObject({
        from: String(new Date(2026, 0, 1, 8).getTime()),
        to: String(new Date(2026, 0, 1, 9).getTime()),
      }),
    );
    expect(screen.getByRole('button', { name: 'Custom' }).getAttribute('aria-pressed')).toBe('true');
    await vi.waitFor(() => expect(samples('temperature')).toBe('2'));
    act(() =>
      transport.latest().receive({
        type: 'timeseries-row',
        deviceKey: 'sensor-1',
        time: new Date(2026, 0, 1, 8, 30).getTime(),
        values: { temperature: 30 },
      }),
    );
    expect(samples('temperature')).toBe('2');
  });

  it('says how to get telemetry when none is stored', async () => {
    stubTelemetryApi(fieldList(), {});
    renderPanel();
    expect((await screen.findByText(/No telemetry is stored under/)).textContent).toMatch(
      /^No telemetry is stored under sensor-1 yet\. A rule with a timeseries action whose device key is sensor-1/,
    );
    expect(screen.queryByRole('figure')).toBeNull();
  });

  it('charts another device key picked from the keys with stored rows, and watches that key live', async () => {
    const { requests } = stubTelemetryApi(
      fieldList('temperature'),
      { temperature: [20] },
      {
        'client-7': { fields: ['power', 'voltage'], values: { power: [230, 240] } },
        'client-8': { fields: ['power'], values: { power: [1] } },
      },
    );
    const { user, transport } = renderPanel();
    const connection = transport.latest();
    act(() => connection.open());
    await vi.waitFor(() => expect(latest('temperature')).toBe('20'));

    const picker = screen.getByRole('combobox', { name: 'Device key' }) as HTMLSelectElement;
    expect(picker.value).toBe('sensor-1');
    await vi.waitFor(() =>
      expect([...picker.options].map((option) => option.textContent)).toEqual([
        'sensor-1 (thing name)',
        'client-7',
        'client-8',
      ]),
    );

    await user.selectOptions(picker, 'client-7');
    await vi.waitFor(() => expect(latest('power')).toBe('240'));
    expect(screen.queryByRole('figure', { name: 'temperature' })).toBeNull();
    expect((screen.getByRole('checkbox', { name: 'power' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'voltage' }) as HTMLInputElement).checked).toBe(false);
    expect(screen.queryByRole('checkbox', { name: 'temperature' })).toBeNull();
    expect(queries(requests).at(-1)).toMatchObject({ deviceKey: 'client-7', fields: 'power' });
    expect(connection.sent).toContainEqual({ type: 'unwatch-timeseries', deviceKeys: ['sensor-1'] });
    expect(connection.sent.at(-1)).toEqual({ type: 'watch-timeseries', deviceKeys: ['client-7'] });

    act(() =>
      connection.receive({ type: 'timeseries-row', deviceKey: 'client-7', time: Date.now(), values: { power: 250 } }),
    );
    await vi.waitFor(() => expect(latest('power')).toBe('250'));
  });
});
