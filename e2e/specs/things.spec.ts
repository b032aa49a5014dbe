import type { DeviceCredentials } from '@meridian/contracts';
import type { MqttClient } from 'mqtt';
import { connectDevice, expect, test } from '../support/fixtures.js';

test.describe('things in the console', () => {
  let device: MqttClient | undefined;
  test.afterEach(() => {
    device?.end(true);
  });

  test('create a thing, attach its certificate, see its device connect as the thing, and put it in a group', async ({
    page,
    signIn,
    platform,
  }) => {
    // A long journey, with two waits for the thing page's 3-second poll.
    test.setTimeout(60_000);
    const thingName = 'e2e-things-lamp';
    await signIn();
    const created = await page.request.post('/api/certificates', { data: { deviceName: thingName } });
    expect(created.status()).toBe(201);
    const credentials = (await created.json()) as DeviceCredentials;

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Things' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Things' })).toBeVisible();

    // A group to put the thing in, made on the Thing groups section.
    const sections = page.getByRole('navigation', { name: 'Registry sections' });
    await sections.getByRole('link', { name: 'Thing groups' }).click();
    const groupForm = page.getByRole('form', { name: 'New thing group' });
    await groupForm.getByLabel('Group name').fill('e2e-things-floor');
    await groupForm.getByRole('button', { name: 'Create group' }).click();
    await expect(
      page.getByRole('table', { name: 'Thing groups' }).getByRole('cell', { name: 'e2e-things-floor', exact: true }),
    ).toBeVisible();

    // The thing, with one attribute.
    await sections.getByRole('link', { name: 'Things', exact: true }).click();
    const thingForm = page.getByRole('form', { name: 'New thing' });
    await thingForm.getByLabel('Thing name').fill(thingName);
    await thingForm.getByRole('button', { name: 'Add attribute' }).click();
    await thingForm.getByLabel('Attribute 1 name').fill('room');
    await thingForm.getByLabel('Attribute 1 value').fill('lab');
    await thingForm.getByRole('button', { name: 'Create thing' }).click();

    await expect(page.getByRole('heading', { level: 1, name: thingName })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/things/${thingName}$`));
    const connectionState = page.getByRole('status', { name: 'Connection state' });
    await expect(connectionState).toHaveText('Not connected');
    await expect(page.getByRole('region', { name: 'Type and attributes' })).toContainText('lab');

    // Attach the device's certificate.
    const certificates = page.getByRole('region', { name: 'Certificates' });
    await certificates.getByLabel('Attach certificate').selectOption(credentials.certificateId);
    await certificates.getByRole('button', { name: 'Attach' }).click();
    const certificateRow = certificates.getByRole('row').filter({ hasText: credentials.certificateId.slice(0, 12) });
    await expect(certificateRow).toContainText('ACTIVE');
    await expect(certificateRow).toContainText(thingName);

    // The device connects with the thing name as its client id: the page (polling) shows it connected.
    device = await connectDevice(platform.mqttsUrl, {
      key: credentials.privateKeyPem,
      cert: credentials.certificatePem,
      ca: credentials.caCertificatePem,
      clientId: thingName,
      protocolVersion: 5,
    });
    await expect(connectionState).toHaveText('Connected');
    const connection = page.getByRole('region', { name: 'Connection' });
    await expect(connection).toContainText('MQTT 5.0 over MQTTS');
    await expect(connection).toContainText('attached to this thing');

    // Into the group.
    const groups = page.getByRole('region', { name: 'Groups' });
    await groups.getByLabel('Add to group').selectOption('e2e-things-floor');
    await groups.getByRole('button', { name: 'Add' }).click();
    await expect(groups.getByRole('link', { name: 'e2e-things-floor' })).toBeVisible();
    await expect(groups.getByRole('alert')).toHaveCount(0);

    // The device leaves: the page says when and why.
    await device.endAsync();
    await expect(connectionState).toHaveText('Not connected');
    await expect(connection).toContainText('CLIENT_INITIATED_DISCONNECT');

    // The group lists the thing as a member.
    await groups.getByRole('link', { name: 'e2e-things-floor' }).click();
    const members = page.getByRole('region', { name: 'Things in e2e-things-floor' });
    await expect(members.getByRole('link', { name: thingName })).toBeVisible();
  });
});
