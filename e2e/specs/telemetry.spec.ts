// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import type { Simulator } from '@meridian/sim';
import { expect, test } from '../support/fixtures.js';
import { startSimulatedDevices } from '../support/simulator.js';

const RULE = 'e2e_telemetry_chart';
const THING = 'e2e-chart-sensor';

test.describe('telemetry charts', () => {
  let simulator: Simulator | undefined;
  test.afterEach(async ({ page }) => {
    await simulator?.close();
    await page.request.delete(`/api/rules/${RULE}`);
  });

  test('a timeseries rule stores a simulated device’s telemetry and its chart fills in live', async ({
    page,
    signIn,
    platform,
  }) => {
    // About 20 s on a quiet machine; the ceiling leaves room for a loaded one.
    test.setTimeout(60_000);
    await signIn();
    const created = await page.request.post('/api/rules', {
      data: {
        ruleName: RULE,
        topicRulePayload: {
          sql: "SELECT temperature, humidity FROM 'e2e-charts/+/telemetry'",
          actions: [{ timeseries: { deviceKey: '${topic(2)}' } }],
        },
      },
    });
    expect(created.status(), await created.text()).toBe(201);

    simulator = await startSimulatedDevices(platform, [THING], {
      telemetry: {
        topic: 'e2e-charts/{thing}/telemetry',
        intervalMs: 250,
        fields: { temperature: { min: 18, max: 26 }, humidity: { min: 30, max: 60 } },
      },
    });

    await page.goto(`/things/${THING}`);
    const panel = page.getByRole('region', { name: 'Telemetry' });
    await panel.getByRole('button', { name: '15 min' }).click();
    await expect(panel.getByRole('button', { name: '15 min' })).toHaveAttribute('aria-pressed', 'true');
    await panel.getByRole('checkbox', { name: 'temperature' }).check();

    const chart = panel.getByRole('figure', { name: 'temperature' });
    const samples = chart.getByTestId('telemetry-samples');
    await expect(samples).toBeVisible();
    await expect(chart.locator('.recharts-line-curve')).toBeVisible();
    await expect(chart.locator('.recharts-area-area')).toBeVisible();

    // Nothing refetches a live window: the count grows only by rows pushed over the live socket.
    const seen = Number(await samples.textContent());
    await expect.poll(async () => Number(await samples.textContent())).toBeGreaterThanOrEqual(seen + 8);
    const latest = Number(await chart.getByTestId('telemetry-latest').textContent());
    expect(latest).toBeGreaterThanOrEqual(18);
    expect(latest).toBeLessThanOrEqual(26);
  });
});
