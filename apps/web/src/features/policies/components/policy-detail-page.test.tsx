import type { CertificateSummary, PolicyDetail, PolicyTarget } from '@meridian/contracts';
import { screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { emptyResponse, jsonResponse, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { PolicyDetailPage } from './policy-detail-page';

const ARN = 'arn:aws:iot:us-east-1:000000000000:';
const BASE = '/api/policies/thermostats';
const CREATED = Date.UTC(2026, 0, 2, 9, 30) / 1000;
const certificate: CertificateSummary = {
  certificateId: 'ab'.repeat(32),
  deviceName: 'thermostat-42',
  status: 'ACTIVE',
  createdAt: '2026-01-01T08:00:00.000Z',
  notAfter: '2027-01-01T08:00:00.000Z',
};
const spare: CertificateSummary = { ...certificate, certificateId: 'cd'.repeat(32), deviceName: 'spare-1' };
const documentFor = (topic: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'iot:Publish', Resource: `${ARN}topic/${topic}` }],
  });

/** An in-memory policy "thermostats" behind the routes the detail page uses. */
function stubPolicyApi() {
  const documents = new Map([
    ['1', documentFor('v1')],
    ['2', documentFor('v2')],
  ]);
  let defaultVersionId = '2';
  let nextVersion = 3;
  const targets: PolicyTarget[] = [
    {
      targetArn: `${ARN}cert/${certificate.certificateId}`,
      kind: 'certificate',
      certificateId: certificate.certificateId,
    },
    { targetArn: `${ARN}thinggroup/floor-1`, kind: 'thing-group', thingGroupName: 'floor-1' },
  ];
  const detail = (): PolicyDetail => ({
    policyName: 'thermostats',
    policyArn: `${ARN}policy/thermostats`,
    policyDocument: documents.get(defaultVersionId) ?? '',
    defaultVersionId,
    creationDate: CREATED,
    lastModifiedDate: CREATED,
    versions: [...documents.keys()]
      .sort((a, b) => Number(b) - Number(a))
      .map((versionId) => ({ versionId, isDefaultVersion: versionId === defaultVersionId, createDate: CREATED })),
  });
  const routes: Parameters<typeof stubFetch>[0] = {
    [`GET ${BASE}`]: () => jsonResponse(200, detail()),
    'GET /api/certificates': () => jsonResponse(200, { certificates: [certificate, spare] }),
    [`GET ${BASE}/targets?pageSize=50`]: () => jsonResponse(200, { targets }),
    [`POST ${BASE}/versions`]: ({ body }) => {
      const { policyDocument, setAsDefault } = body as { policyDocument: string; setAsDefault: boolean };
      if (policyDocument.includes('"Maybe"'))
        return jsonResponse(400, { code: 'MalformedPolicyException', message: 'Statement[0].Effect is wrong' });
      const versionId = String(nextVersion++);
      documents.set(versionId, policyDocument);
      if (setAsDefault) defaultVersionId = versionId;
      return jsonResponse(201, {
        policyArn: `${ARN}policy/thermostats`,
        policyDocument,
        policyVersionId: versionId,
        isDefaultVersion: setAsDefault,
      });
    },
    [`PUT ${BASE}/default-version`]: ({ body }) => {
      defaultVersionId = (body as { policyVersionId: string }).policyVersionId;
      return emptyResponse(204);
    },
    [`POST ${BASE}/targets`]: ({ body }) => {
      const { certificateId, targetArn } = body as { certificateId?: string; targetArn?: string };
      if (targetArn)
        return jsonResponse(400, { code: 'InvalidRequestException', message: `Target "${targetArn}" is not valid` });
      targets.push({ targetArn: `${ARN}cert/${certificateId}`, kind: 'certificate', certificateId });
      return emptyResponse(204);
    },
    [`DELETE ${BASE}`]: () =>
      jsonResponse(409, {
        code: 'DeleteConflictException',
        message: 'Policy thermostats is attached; detach it first',
      }),
  };
  for (const versionId of ['1', '2', '3']) {
    routes[`GET ${BASE}/versions/${versionId}`] = () => {
      const policyDocument = documents.get(versionId);
      if (!policyDocument) return jsonResponse(404, { code: 'ResourceNotFoundException', message: 'no version' });
      return jsonResponse(200, {
        policyName: 'thermostats',
        policyArn: `${ARN}policy/thermostats`,
        policyDocument,
        policyVersionId: versionId,
        isDefaultVersion: versionId === defaultVersionId,
        creationDate: CREATED,
      });
    };
    routes[`DELETE ${BASE}/versions/${versionId}`] = () => {
      documents.delete(versionId);
      return emptyResponse(204);
    };
  }
  for (const target of [...targets]) {
    routes[`DELETE ${BASE}/targets?${new URLSearchParams({ targetArn: target.targetArn })}`] = () => {
      targets.splice(targets.indexOf(target), 1);
      return emptyResponse(204);
    };
  }
  return stubFetch(routes);
}

function renderPage(route = '/policies/thermostats') {
  return renderWithProviders(
    <Routes>
      <Route path="/policies" element={<h1>All policies</h1>} />
      <Route path="/policies/:policyName" element={<PolicyDetailPage />} />
    </Routes>,
    { route },
  );
}

/** happy-dom has no `window.confirm`; the stub answers the dialog (restored by `unstubGlobals`). */
function answerConfirm(answer: boolean) {
  const confirm = vi.fn((_message?: string) => answer);
  vi.stubGlobal('confirm', confirm);
  return confirm;
}

const pretty = (text: string) => JSON.stringify(JSON.parse(text), null, 2);

describe(PolicyDetailPage.name, () => {
  it('shows the versions with the default marked, and the default document', async () => {
    stubPolicyApi();
    renderPage();

    expect(await screen.findByRole('heading', { level: 1, name: 'thermostats' })).toBeTruthy();
    const versions = screen.getByRole('table', { name: 'Versions' });
    const rows = within(versions).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[0]?.textContent?.trim())).toEqual(['2 default', '1']);
    const document = await screen.findByRole('figure', { name: 'Version 2 document (default)' });
    expect(document.textContent).toBe(pretty(documentFor('v2')));
    expect((screen.getByLabelText('Policy document') as HTMLTextAreaElement).value).toBe(pretty(documentFor('v2')));
    expect(within(rows[0] as HTMLElement).queryByRole('button', { name: 'Delete version 2' })).toBeNull();
  });

  it('shows another version, edits it as a new version, and can set a version as default', async () => {
    const { requests } = stubPolicyApi();
    const { user } = renderPage();

    await user.click(await screen.findByRole('button', { name: 'Show version 1' }));
    expect((await screen.findByRole('figure', { name: 'Version 1 document' })).textContent).toBe(
      pretty(documentFor('v1')),
    );
    await user.click(screen.getByRole('button', { name: 'Edit as new version' }));
    expect((screen.getByLabelText('Policy document') as HTMLTextAreaElement).value).toBe(pretty(documentFor('v1')));
    expect(screen.getByText(/Starting from version 1\./)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Make version 1 the default' }));
    await screen.findByRole('button', { name: 'Make version 2 the default' });
    expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({ policyVersionId: '1' });
  });

  it('saves an edit as a new default version, and shows a malformed document error in place', async () => {
    const { requests } = stubPolicyApi();
    const { user } = renderPage();

    const editor = (await screen.findByLabelText('Policy document')) as HTMLTextAreaElement;
    await user.clear(editor);
    await user.click(editor);
    await user.paste('{"Version":"2012-10-17","Statement":[{"Effect":"Maybe"}]}');
    await user.click(screen.getByRole('button', { name: 'Save as new version' }));
    const message = await screen.findByText('Statement[0].Effect is wrong');
    expect(editor.getAttribute('aria-describedby')).toBe(message.id);
    expect(editor.getAttribute('aria-invalid')).toBe('true');

    await user.clear(editor);
    await user.click(editor);
    await user.paste(documentFor('v3'));
    await user.click(screen.getByRole('button', { name: 'Save as new version' }));

    expect((await screen.findByRole('status')).textContent).toBe('Saved as version 3.');
    expect(requests.filter((r) => r.method === 'POST').at(-1)?.body).toEqual({
      policyDocument: documentFor('v3'),
      setAsDefault: true,
    });
    expect(await screen.findByRole('figure', { name: 'Version 3 document (default)' })).toBeTruthy();
  });

  it('deletes a non-default version after confirmation', async () => {
    const { requests } = stubPolicyApi();
    const confirm = answerConfirm(true);
    const { user } = renderPage();

    await user.click(await screen.findByRole('button', { name: 'Delete version 1' }));
    expect(confirm).toHaveBeenCalledWith('Delete version 1 of thermostats? This cannot be undone.');
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: 'Show version 1' })).toBeNull());
    expect(requests.some((r) => r.method === 'DELETE' && r.path === `${BASE}/versions/1`)).toBe(true);
  });

  it('lists targets by device name and thing group, attaches a certificate and detaches a target', async () => {
    const { requests } = stubPolicyApi();
    answerConfirm(true);
    const { user } = renderPage();

    const targets = await screen.findByRole('table', { name: 'Targets' });
    expect(await within(targets).findByText('thermostat-42 (abababababab…)')).toBeTruthy();
    expect(within(targets).getByText('thing group floor-1')).toBeTruthy();

    const option = await screen.findByRole('option', { name: /^spare-1/ });
    await user.selectOptions(screen.getByLabelText('Certificate to attach'), option);
    await user.click(screen.getByRole('button', { name: 'Attach to certificate' }));
    expect(await within(targets).findByText('spare-1 (cdcdcdcdcdcd…)')).toBeTruthy();
    expect(requests.find((r) => r.method === 'POST' && r.path === `${BASE}/targets`)?.body).toEqual({
      certificateId: spare.certificateId,
    });

    await user.click(within(targets).getByRole('button', { name: 'Detach from thing group floor-1' }));
    await vi.waitFor(() => expect(within(targets).queryByText('thing group floor-1')).toBeNull());
  });

  it('shows why an attach was refused', async () => {
    stubPolicyApi();
    const { user } = renderPage();
    await user.type(await screen.findByLabelText('Thing group ARN'), 'arn:nope');
    await user.click(screen.getByRole('button', { name: 'Attach to thing group' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Target "arn:nope" is not valid');
  });

  it('explains a refused delete and stays on the page', async () => {
    stubPolicyApi();
    answerConfirm(true);
    const { user } = renderPage();
    await user.click(await screen.findByRole('button', { name: 'Delete policy' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Policy thermostats is attached; detach it first');
    expect(screen.getByRole('heading', { level: 1, name: 'thermostats' })).toBeTruthy();
  });

  it('deletes the policy after confirmation and goes back to the list', async () => {
    const confirm = answerConfirm(true);
    let deleted = false;
    const { requests } = stubFetch({
      [`GET ${BASE}`]: () =>
        deleted
          ? jsonResponse(404, { code: 'ResourceNotFoundException', message: 'gone' })
          : jsonResponse(200, {
              policyName: 'thermostats',
              policyArn: `${ARN}policy/thermostats`,
              policyDocument: documentFor('v1'),
              defaultVersionId: '1',
              creationDate: CREATED,
              lastModifiedDate: CREATED,
              versions: [{ versionId: '1', isDefaultVersion: true, createDate: CREATED }],
            }),
      [`DELETE ${BASE}`]: () => {
        deleted = true;
        return emptyResponse(204);
      },
    });
    const { user } = renderPage();
    await user.click(await screen.findByRole('button', { name: 'Delete policy' }));
    expect(confirm).toHaveBeenCalledWith('Delete policy thermostats? Devices relying on it lose what it allowed.');
    expect(await screen.findByRole('heading', { level: 1, name: 'All policies' })).toBeTruthy();
    // The deleted policy is not asked for again (no "does not exist" flash on the way out).
    const deletedAt = requests.findIndex((r) => r.method === 'DELETE');
    expect(requests.slice(deletedAt + 1).filter((r) => r.path === BASE)).toEqual([]);
  });

  it('says so when the policy does not exist', async () => {
    stubFetch({
      'GET /api/policies/ghost': () =>
        jsonResponse(404, { code: 'ResourceNotFoundException', message: 'Policy ghost does not exist' }),
    });
    renderPage('/policies/ghost');
    expect((await screen.findByRole('alert')).textContent).toBe('There is no policy named ghost.');
    expect(screen.getByRole('link', { name: 'Back to policies' })).toBeTruthy();
  });
});
