// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import { createServer } from 'node:net';
import type { Simulator } from '@meridian/sim';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { startSimulatedDevices } from '../support/simulator.js';

const RULE = 'e2e_hot_sensors';
const SQL = "SELECT temperature, topic(2) AS device FROM 'sensors/+/telemetry' WHERE temperature > 30";
const DEVICES = ['e2e-rules-sim-1', 'e2e-rules-sim-2'];

/** A port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function navigateTo(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
}

test.describe('rules in the console', () => {
  let simulator: Simulator | undefined;
  test.afterEach(async () => {
    await simulator?.close();
  });

  test('a rule built and tested in the console republishes simulated telemetry; a broken HTTP action fires the error action and is counted', async ({
    page,
    signIn,
    platform,
  }) => {
    // Many pages, a simulator and an HTTP failure path: well over the default budget on a busy machine.
    test.setTimeout(150_000);
    page.on('dialog', (dialog) => void dialog.accept());
    await signIn();

    // Watch the rule's outputs and errors on the Live page from the start (the feed survives navigation).
    await navigateTo(page, 'Live');
    for (const filter of ['alerts/#', 'errors/#']) {
      await page.getByLabel('Topic filter').fill(filter);
      await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
      await expect(page.getByRole('button', { name: `Unsubscribe ${filter}` })).toBeVisible();
    }

    // Build the rule: SQL with inline checking, a republish action with a template.
    await navigateTo(page, 'Rules');
    await page.getByRole('link', { name: 'New rule' }).click();
    await page.getByLabel('Rule name').fill(RULE);
    const editor = page.getByRole('textbox', { name: 'SQL statement' });
    await editor.fill("SELECT temperature FROM 'sensors/+/telemetry' WHERE WHERE");
    await expect(page.getByText(/^Line 1, column \d+: /)).toBeVisible();
    await expect(page.locator('.cm-lintRange-error')).toBeVisible();
    await editor.fill(SQL);
    await expect(page.getByText('The statement is valid; it reads sensors/+/telemetry.')).toBeVisible();
    await page.getByRole('button', { name: 'Add action', exact: true }).click();
    await page
      .getByRole('group', { name: /^Action 1/ })
      .getByLabel('Republish topic')
      .fill('alerts/${topic(2)}');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await expect(page.getByRole('heading', { level: 1, name: RULE })).toBeVisible();
    await expect(page.getByText('Disabled: it does not see any message.')).toBeVisible();

    // Test it on a sample message: output, then a message the WHERE clause refuses.
    await page.getByLabel('Sample topic').fill('sensors/sample-7/telemetry');
    await page.getByLabel('Sample payload').fill('{"temperature": 35, "humidity": 40}');
    await page.getByRole('button', { name: 'Run test' }).click();
    const output = page.getByRole('figure', { name: 'Test output' });
    await expect(output).toContainText('"temperature": 35');
    await expect(output).toContainText('"device": "sample-7"');
    await page.getByLabel('Sample payload').fill('{"temperature": 20}');
    await page.getByRole('button', { name: 'Run test' }).click();
    await expect(page.getByText('No match (WHERE): WHERE evaluated to false, not true.')).toBeVisible();

    await page.getByRole('button', { name: 'Enable rule' }).click();
    await expect(page.getByText('Enabled: it runs on every matching message.')).toBeVisible();

    // Simulated devices publish hot telemetry; the rule republishes it per device.
    simulator = await startSimulatedDevices(platform, DEVICES, {
      telemetry: {
        topic: 'sensors/{thing}/telemetry',
        intervalMs: 1000,
        fields: { temperature: { min: 31, max: 40 } },
      },
    });
    await expect(page.getByRole('log', { name: 'Rule output' })).toContainText(`"device": "${DEVICES[0]}"`);
    const metrics = page.getByLabel('Rule metrics');
    await expect(metrics.locator('div', { hasText: 'Messages matched' }).locator('dd')).not.toHaveText('0');

    await navigateTo(page, 'Live');
    const log = page.getByRole('log', { name: 'Messages' });
    for (const device of DEVICES) {
      const republished = log
        .getByRole('article')
        .filter({ hasText: `alerts/${device}` })
        .first();
      await expect(republished).toBeVisible();
      await expect(republished.locator('pre')).toContainText(`"device": "${device}"`);
    }

    // A confirmed destination on a port nothing listens on: the HTTP action fails on every message.
    const brokenUrl = `http://127.0.0.1:${await closedPort()}/`;
    await navigateTo(page, 'Rules');
    await page.getByLabel('Destination URL prefix').fill(brokenUrl);
    await page.getByRole('button', { name: 'Add confirmed destination' }).click();
    await expect(
      page.getByRole('table', { name: 'HTTP destinations' }).getByRole('row', { name: brokenUrl }),
    ).toContainText('confirmed');

    await page.getByRole('link', { name: RULE }).click();
    // The test panel can also start from real traffic captured on the FROM filter.
    await page.getByRole('button', { name: 'Refresh messages' }).click();
    const captured = page.getByLabel('Recent message on sensors/+/telemetry');
    await expect(captured.locator('option', { hasText: DEVICES[1] }).first()).toBeAttached();
    await captured.selectOption({
      label: (await captured.locator('option', { hasText: DEVICES[1] }).first().textContent()) ?? '',
    });
    await expect(page.getByLabel('Sample topic')).toHaveValue(`sensors/${DEVICES[1]}/telemetry`);
    await page.getByRole('button', { name: 'Run test' }).click();
    await expect(page.getByRole('figure', { name: 'Test output' })).toContainText(`"device": "${DEVICES[1]}"`);

    await page.getByLabel('Add action: type').selectOption({ label: 'HTTP POST' });
    await page.getByRole('button', { name: 'Add action', exact: true }).click();
    await page
      .getByRole('group', { name: /^Action 2/ })
      .getByLabel('URL')
      .fill(`${brokenUrl}hooks/\${topic(2)}`);
    await page.getByRole('button', { name: 'Set error action' }).click();
    await page
      .getByRole('group', { name: /^Error action/ })
      .getByLabel('Republish topic')
      .fill(`errors/${RULE}`);
    await page.getByRole('button', { name: 'Save rule' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();

    // The failure shows in the live output and the metrics.
    await expect(page.getByRole('log', { name: 'Rule output' })).toContainText('HttpAction');
    await expect(metrics.locator('div', { hasText: 'Actions failed' }).locator('dd')).not.toHaveText('0');
    await expect(page.getByText(/^Last error at /)).toBeVisible();

    // And the error action's document reaches subscribers.
    await navigateTo(page, 'Live');
    const errorDocument = log
      .getByRole('article')
      .filter({ hasText: `errors/${RULE}` })
      .first();
    await expect(errorDocument).toBeVisible();
    await expect(errorDocument.locator('pre')).toContainText('"failedAction": "HttpAction"');
    await expect(errorDocument.locator('pre')).toContainText(`"ruleName": "${RULE}"`);
  });
});
