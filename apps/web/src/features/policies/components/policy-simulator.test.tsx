import type { CertificateSummary, PolicySimulationRequest, PolicySimulationResult } from '@meridian/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { PolicySimulator } from './policy-simulator';

const ARN = 'arn:aws:iot:us-east-1:000000000000:';
const certificate: CertificateSummary = {
  certificateId: 'ab'.repeat(32),
  deviceName: 'thermostat-42',
  status: 'ACTIVE',
  createdAt: '2026-01-01T08:00:00.000Z',
  notAfter: '2027-01-01T08:00:00.000Z',
};
const statement = JSON.stringify(
  { Sid: 'PublishOwnTopics', Effect: 'Allow', Action: 'iot:Publish', Resource: `${ARN}topic/things/*` },
  null,
  2,
);

/** Allows publishing under things/, denies explicitly under admin/, and nothing else. */
function decide(request: PolicySimulationRequest): PolicySimulationResult {
  const resourceArn = `${ARN}topic/${request.resource}`;
  const evaluatedPolicies = request.certificateId ? [{ policyName: 'thermostats', policyVersionId: '2' }] : [];
  const base = { action: request.action, resourceArn, evaluatedPolicies };
  if (request.certificateId && request.resource?.startsWith('things/'))
    return {
      ...base,
      allowed: true,
      reason: 'allowed',
      decidingStatement: {
        policyName: 'thermostats',
        policyVersionId: '2',
        statementIndex: 1,
        sid: 'PublishOwnTopics',
        statement,
      },
    };
  if (request.certificateId && request.resource?.startsWith('admin/'))
    return {
      ...base,
      allowed: false,
      reason: 'explicit-deny',
      decidingStatement: { policyName: 'fence', policyVersionId: '1', statementIndex: 0 },
    };
  return { ...base, allowed: false, reason: 'default-deny' };
}

function stubSimulatorApi() {
  return stubFetch({
    'GET /api/certificates': () => jsonResponse(200, { certificates: [certificate] }),
    [`GET /api/certificates/${certificate.certificateId}/policies`]: () =>
      jsonResponse(200, { policies: [{ policyName: 'thermostats', policyArn: `${ARN}policy/thermostats` }] }),
    'POST /api/policies/simulate': ({ body }) => {
      const request = body as PolicySimulationRequest;
      if (request.action === 'iot:Publish' && !request.resource)
        return jsonResponse(400, { code: 'InvalidRequestException', message: 'iot:Publish needs a topic name' });
      return jsonResponse(200, decide(request));
    },
  });
}

async function fillIn(user: ReturnType<typeof renderWithProviders>['user'], topic: string) {
  const option = await screen.findByRole('option', { name: 'thermostat-42 — abababababab…' });
  await user.selectOptions(screen.getByLabelText('Certificate'), option);
  await user.type(screen.getByLabelText('Client ID'), 'thermostat-42');
  await user.selectOptions(screen.getByLabelText('Action'), 'iot:Publish');
  if (topic) await user.type(screen.getByLabelText('Topic'), topic);
}

describe(PolicySimulator.name, () => {
  it("shows Allow with the deciding statement's policy, version, Sid and text", async () => {
    const { requests } = stubSimulatorApi();
    const { user } = renderWithProviders(<PolicySimulator />);

    await fillIn(user, 'things/thermostat-42/temp');
    expect((await screen.findByTestId('attached-policies')).textContent).toBe('Attached policies: thermostats');
    await user.click(screen.getByRole('button', { name: 'Simulate' }));

    const result = await screen.findByRole('region', { name: 'Simulation result' });
    expect(within(result).getByTestId('decision').textContent).toBe('Allow');
    expect(within(result).getByText('Allowed by Sid PublishOwnTopics of policy thermostats, version 2.')).toBeTruthy();
    expect(within(result).getByText(`${ARN}topic/things/thermostat-42/temp`)).toBeTruthy();
    expect(within(result).getByRole('figure', { name: 'Deciding statement' }).textContent).toBe(statement);
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      action: 'iot:Publish',
      certificateId: certificate.certificateId,
      clientId: 'thermostat-42',
      resource: 'things/thermostat-42/temp',
    });
  });

  it('shows Deny and why: an explicit deny statement, or no statement allowing it', async () => {
    stubSimulatorApi();
    const { user } = renderWithProviders(<PolicySimulator />);

    await fillIn(user, 'admin/reboot');
    await user.click(screen.getByRole('button', { name: 'Simulate' }));
    let result = await screen.findByRole('region', { name: 'Simulation result' });
    expect(within(result).getByTestId('decision').textContent).toBe('Deny');
    expect(within(result).getByText('Denied explicitly by Statement 1 of policy fence, version 1.')).toBeTruthy();

    await user.clear(screen.getByLabelText('Topic'));
    expect(screen.queryByRole('region', { name: 'Simulation result' })).toBeNull();
    await user.type(screen.getByLabelText('Topic'), 'elsewhere');
    await user.click(screen.getByRole('button', { name: 'Simulate' }));
    result = await screen.findByRole('region', { name: 'Simulation result' });
    expect(within(result).getByTestId('decision').textContent).toBe('Deny');
    expect(within(result).getByText('Denied: no statement allows iot:Publish on this resource.')).toBeTruthy();
  });

  it('without a certificate, says that no policy applies', async () => {
    stubSimulatorApi();
    const { user } = renderWithProviders(<PolicySimulator />);
    await user.type(screen.getByLabelText('Client ID'), 'anyone');
    await user.type(screen.getByLabelText('Topic'), 'things/x');
    await user.click(screen.getByRole('button', { name: 'Simulate' }));
    const result = await screen.findByRole('region', { name: 'Simulation result' });
    expect(within(result).getByText('Denied: no policy applies, so nothing is allowed.')).toBeTruthy();
  });

  it('sends the attached thing with its type and attributes, and refuses a malformed attribute line', async () => {
    const { requests } = stubSimulatorApi();
    const { user } = renderWithProviders(<PolicySimulator />);

    await fillIn(user, 'things/thermostat-42/temp');
    await user.click(screen.getByLabelText('A thing named like the client ID is attached to the certificate'));
    await user.type(screen.getByLabelText('Thing type'), 'thermostat');
    await user.type(screen.getByLabelText('Thing attributes'), 'room=kitchen{Enter}oops');
    await user.click(screen.getByRole('button', { name: 'Simulate' }));
    expect(screen.getByRole('alert').textContent).toBe('Line 2: write each attribute as name=value');
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);

    await user.type(screen.getByLabelText('Thing attributes'), '=1');
    await user.click(screen.getByRole('button', { name: 'Simulate' }));
    await screen.findByRole('region', { name: 'Simulation result' });
    expect(requests.find((r) => r.method === 'POST')?.body).toMatchObject({
      clientId: 'thermostat-42',
      thing: { typeName: 'thermostat', attributes: { room: 'kitchen', oops: '1' } },
    });
  });

  it('asks for the resource the chosen action is checked on, and shows server refusals', async () => {
    stubSimulatorApi();
    const { user } = renderWithProviders(<PolicySimulator />);

    await user.selectOptions(screen.getByLabelText('Action'), 'iot:Subscribe');
    expect(screen.getByLabelText('Topic filter')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Action'), 'iot:ListRetainedMessages');
    expect(screen.queryByLabelText('Topic')).toBeNull();
    expect(screen.queryByLabelText('Topic filter')).toBeNull();

    await user.selectOptions(screen.getByLabelText('Action'), 'iot:Publish');
    await user.click(screen.getByRole('button', { name: 'Simulate' }));
    expect((await screen.findByRole('alert')).textContent).toBe('iot:Publish needs a topic name');
  });
});
