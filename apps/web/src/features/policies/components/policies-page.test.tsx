import type { CertificateSummary, PolicySummary } from '@meridian/contracts';
import { screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { emptyResponse, jsonResponse, type StubRequest, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { findTemplate } from '../utils/policy-templates';
import { PoliciesPage } from './policies-page';

const ARN = 'arn:aws:iot:us-east-1:000000000000:';
const summary = (policyName: string): PolicySummary => ({ policyName, policyArn: `${ARN}policy/${policyName}` });
const certificate: CertificateSummary = {
  certificateId: 'ab'.repeat(32),
  deviceName: 'thermostat-42',
  status: 'ACTIVE',
  createdAt: '2026-01-01T08:00:00.000Z',
  notAfter: '2027-01-01T08:00:00.000Z',
};

const malformed = () =>
  jsonResponse(400, {
    code: 'MalformedPolicyException',
    message: 'Statement[0].Effect must be "Allow" or "Deny"',
  });

function stubPoliciesApi(extra: Record<string, (request: StubRequest) => Response> = {}) {
  const policies = [summary('newest'), summary('older')];
  return stubFetch({
    'GET /api/policies?pageSize=50': () => jsonResponse(200, { policies, nextMarker: 'm1' }),
    'GET /api/policies?pageSize=50&marker=m1': () => jsonResponse(200, { policies: [summary('oldest')] }),
    'GET /api/certificates': () => jsonResponse(200, { certificates: [certificate] }),
    'POST /api/policies': ({ body }) => {
      const { policyName, policyDocument } = body as { policyName: string; policyDocument: string };
      if (policyDocument.includes('"Maybe"')) return malformed();
      if (policyName === 'taken')
        return jsonResponse(409, { code: 'ResourceAlreadyExistsException', message: 'Policy taken already exists' });
      policies.unshift(summary(policyName));
      return jsonResponse(201, { ...summary(policyName), policyDocument, policyVersionId: '1' });
    },
    'POST /api/policies/validate': ({ body }) =>
      (body as { policyDocument: string }).policyDocument.includes('"Maybe"') ? malformed() : emptyResponse(204),
    ...extra,
  });
}

function renderPage() {
  return renderWithProviders(
    <Routes>
      <Route path="/policies" element={<PoliciesPage />} />
      <Route path="/policies/:policyName" element={<h1>Policy page</h1>} />
    </Routes>,
    { route: '/policies' },
  );
}

describe(PoliciesPage.name, () => {
  it('lists policies newest first as links, and loads the next page on demand', async () => {
    stubPoliciesApi();
    const { user } = renderPage();

    expect(screen.getByRole('heading', { level: 1, name: 'Policies' })).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Policy list' });
    const links = within(table).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual(['newest', 'older']);
    expect(links[0]?.getAttribute('href')).toBe('/policies/newest');

    await user.click(screen.getByRole('button', { name: 'Load more policies' }));
    expect(await within(table).findByRole('link', { name: 'oldest' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more policies' })).toBeNull();
  });

  it('creates a policy from a template and opens it', async () => {
    const { requests } = stubPoliciesApi();
    const { user } = renderPage();

    await user.click(screen.getByRole('button', { name: 'New policy' }));
    const form = screen.getByRole('form', { name: 'New policy' });
    await user.type(within(form).getByLabelText('Policy name'), 'thermostats');
    await user.selectOptions(
      within(form).getByLabelText('Start from a template'),
      'Device may publish/subscribe under its thing name',
    );
    const template = findTemplate('thing-topics');
    expect((within(form).getByLabelText('Policy document') as HTMLTextAreaElement).value).toBe(template?.document);
    await user.click(within(form).getByRole('button', { name: 'Create policy' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Policy page' })).toBeTruthy();
    expect(requests.find((r) => r.method === 'POST' && r.path === '/api/policies')?.body).toEqual({
      policyName: 'thermostats',
      policyDocument: template?.document,
    });
  });

  it("shows the server's MalformedPolicyException message at the document, and keeps the form", async () => {
    stubPoliciesApi();
    const { user } = renderPage();

    await user.click(screen.getByRole('button', { name: 'New policy' }));
    const editor = screen.getByLabelText('Policy document') as HTMLTextAreaElement;
    await user.type(screen.getByLabelText('Policy name'), 'broken');
    await user.clear(editor);
    await user.click(editor);
    await user.paste('{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"iot:Connect","Resource":"*"}]}');
    await user.click(screen.getByRole('button', { name: 'Create policy' }));

    const message = await screen.findByText('Statement[0].Effect must be "Allow" or "Deny"');
    expect(message.getAttribute('role')).toBe('alert');
    expect(editor.getAttribute('aria-invalid')).toBe('true');
    expect(editor.getAttribute('aria-describedby')).toBe(message.id);
    expect(screen.getByRole('heading', { level: 1, name: 'Policies' })).toBeTruthy();

    // Editing the document clears the stale message.
    await user.type(editor, ' ');
    expect(screen.queryByText('Statement[0].Effect must be "Allow" or "Deny"')).toBeNull();
  });

  it('validates a document without creating it', async () => {
    const { requests } = stubPoliciesApi();
    const { user } = renderPage();

    await user.click(screen.getByRole('button', { name: 'New policy' }));
    await user.selectOptions(screen.getByLabelText('Start from a template'), 'Read-only telemetry');
    await user.click(screen.getByRole('button', { name: 'Validate' }));

    expect((await screen.findByRole('status')).textContent).toBe('The document is valid.');
    expect(requests.some((r) => r.method === 'POST' && r.path === '/api/policies')).toBe(false);
  });

  it('checks the name before asking the server, and shows other server errors under the form', async () => {
    const { requests } = stubPoliciesApi();
    const { user } = renderPage();

    await user.click(screen.getByRole('button', { name: 'New policy' }));
    await user.type(screen.getByLabelText('Policy name'), 'has space');
    await user.click(screen.getByRole('button', { name: 'Create policy' }));
    expect(screen.getByRole('alert').textContent).toMatch(/letters, digits/);
    expect(screen.getByLabelText('Policy name').getAttribute('aria-invalid')).toBe('true');
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);

    await user.clear(screen.getByLabelText('Policy name'));
    await user.type(screen.getByLabelText('Policy name'), 'taken');
    await user.click(screen.getByRole('button', { name: 'Create policy' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Policy taken already exists');
    expect(screen.getByLabelText('Policy document').getAttribute('aria-invalid')).toBeNull();
  });

  it('closes the form on Cancel', async () => {
    stubPoliciesApi();
    const { user } = renderPage();
    await user.click(screen.getByRole('button', { name: 'New policy' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form', { name: 'New policy' })).toBeNull();
  });
});
