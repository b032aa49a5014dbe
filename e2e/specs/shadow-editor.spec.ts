import type { Simulator } from '@meridian/sim';
import { expect, test } from '../support/fixtures.js';
import { startSimulatedDevices } from '../support/simulator.js';

test.describe('shadow editor', () => {
  let simulator: Simulator | undefined;
  test.afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
  });

  test('the operator sets desired, the device reports it, and the editor follows without reload; a stale edit meets a 409', async ({
    page,
    signIn,
    platform,
  }) => {
    // The steps take under 10 s; starting the browser and the simulated device on a busy machine can take as long again.
    test.setTimeout(60_000);
    const thingName = 'e2e-shadow-lamp';
    simulator = await startSimulatedDevices(platform, [thingName], {
      initialReported: { lamp: false, brightness: 40 },
      reportDelayMs: 200,
    });
    const device = simulator.device(thingName);
    await signIn();
    await page.goto(`/things/${thingName}`);

    const panel = page.getByRole('region', { name: 'Shadow', exact: true });
    const reported = panel.getByRole('region', { name: 'Reported' }).first();
    const delta = panel.getByRole('region', { name: 'Delta' }).first();
    const leaf = (section: typeof reported, key: string) =>
      section.getByRole('row').filter({ has: page.getByRole('cell', { name: key, exact: true }) });
    await expect(leaf(reported, 'brightness')).toContainText('40');

    // Set desired: the simulated device gets the delta, applies it and reports back.
    const editor = panel.getByLabel('Desired state (JSON)');
    await editor.fill('{ "lamp": true, "brightness": 80 }');
    await panel.getByRole('button', { name: 'Send desired state' }).click();
    await expect(panel.getByText(/Accepted as version \d+\./)).toBeVisible();
    await expect(leaf(reported, 'brightness')).toContainText('80');
    await expect(leaf(reported, 'lamp')).toContainText('true');
    await expect(delta).toContainText('No delta: reported matches desired.');
    expect(device.reported()).toMatchObject({ lamp: true, brightness: 80 });

    // The operator starts an edit; meanwhile someone else dims the lamp and the device follows.
    await editor.fill('{ "lamp": false, "brightness": 80 }');
    const other = await page.request.post(`/api/things/${thingName}/shadows/classic`, {
      data: { state: { desired: { brightness: 10 } } },
    });
    expect(other.status()).toBe(200);
    await expect(leaf(reported, 'brightness')).toContainText('10');
    await expect(delta).toContainText('No delta: reported matches desired.');
    await expect(panel.getByText(/The shadow changed to version \d+ since you started editing/)).toBeVisible();

    // Sending the stale edit is refused: the panel shows the newer document and what changed.
    await panel.getByRole('button', { name: 'Send desired state' }).click();
    const conflict = panel.getByRole('region', { name: 'Version conflict' });
    await expect(conflict.getByRole('alert')).toContainText('Nothing was changed.');
    const changes = conflict.getByRole('table', { name: 'Changes since your version' });
    await expect(changes.getByRole('row').filter({ hasText: 'desired.brightness' })).toContainText(/80\s*10/);
    await expect(changes.getByRole('row').filter({ hasText: 'reported.brightness' })).toContainText(/80\s*10/);
    expect(device.reported()).toMatchObject({ lamp: true, brightness: 10 });

    // Re-applying sends only the operator's change (lamp off) to the newer version: the dimming stays.
    await conflict.getByRole('button', { name: /Re-apply my change to version \d+/ }).click();
    await expect(conflict).toHaveCount(0);
    await expect(leaf(reported, 'lamp')).toContainText('false');
    await expect(leaf(reported, 'brightness')).toContainText('10');
    await expect(delta).toContainText('No delta: reported matches desired.');
    expect(device.reported()).toMatchObject({ lamp: false, brightness: 10 });
  });
});
