import type { DeviceCredentials } from '@meridian/contracts';
import { expect, test } from '../support/fixtures.js';

const DEVICE = 'e2e-policy-device';
const POLICY = 'e2e-thing-topics';

test.describe('policies in the console', () => {
  test('a policy created from a template and attached to a device certificate allows its own topic and denies another in the simulator', async ({
    page,
    signIn,
  }) => {
    // Three pages and several round trips: more than the default budget when the machine is busy.
    test.slow();
    await signIn();
    const created = await page.request.post('/api/certificates', { data: { deviceName: DEVICE } });
    expect(created.status()).toBe(201);
    const { certificateId } = (await created.json()) as DeviceCredentials;
    // New devices get the permissive default device policy; this device is to live by the template only.
    const detached = await page.request.delete(
      `/api/policies/meridian-default-device/targets?certificateId=${certificateId}`,
    );
    expect(detached.status()).toBe(204);
    const certificateLabel = `${DEVICE} — ${certificateId.slice(0, 12)}…`;

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policies' }).click();
    await page.getByRole('button', { name: 'New policy' }).click();
    const form = page.getByRole('form', { name: 'New policy' });
    await form.getByLabel('Policy name').fill(POLICY);
    await form
      .getByLabel('Start from a template')
      .selectOption({ label: 'Device may publish/subscribe under its thing name' });
    await expect(form.getByLabel('Policy document')).toHaveValue(/iot:Connection\.Thing\.ThingName/);
    await form.getByRole('button', { name: 'Create policy' }).click();

    await expect(page.getByRole('heading', { level: 1, name: POLICY })).toBeVisible();
    await expect(page.getByRole('figure', { name: 'Version 1 document (default)' })).toContainText(
      'PublishAndReceiveOwnTopics',
    );
    await page.getByLabel('Certificate to attach').selectOption({ label: `${certificateLabel} (ACTIVE)` });
    await page.getByRole('button', { name: 'Attach to certificate' }).click();
    const targets = page.getByRole('table', { name: 'Targets' });
    await expect(
      targets.getByRole('row').filter({ hasText: `${DEVICE} (${certificateId.slice(0, 12)}…)` }),
    ).toHaveCount(1);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policies' }).click();
    const simulator = page.getByRole('region', { name: 'Policy simulator' });
    await simulator.getByLabel('Certificate', { exact: true }).selectOption({ label: certificateLabel });
    await expect(simulator.getByTestId('attached-policies')).toHaveText(`Attached policies: ${POLICY}`);
    await simulator.getByLabel('Client ID', { exact: true }).fill(DEVICE);
    await simulator.getByLabel('Action').selectOption('iot:Publish');
    await simulator.getByLabel('Topic').fill(`things/${DEVICE}/telemetry`);
    await simulator.getByLabel('A thing named like the client ID is attached to the certificate').check();
    await simulator.getByRole('button', { name: 'Simulate' }).click();

    const result = simulator.getByRole('region', { name: 'Simulation result' });
    await expect(result.getByTestId('decision')).toHaveText('Allow');
    await expect(result).toContainText(`Allowed by Sid PublishAndReceiveOwnTopics of policy ${POLICY}, version 1.`);
    await expect(result.getByRole('figure', { name: 'Deciding statement' })).toContainText('"iot:Publish"');

    await simulator.getByLabel('Topic').fill('things/another-device/telemetry');
    await simulator.getByRole('button', { name: 'Simulate' }).click();
    await expect(result.getByTestId('decision')).toHaveText('Deny');
    await expect(result).toContainText('Denied: no statement allows iot:Publish on this resource.');
  });
});
