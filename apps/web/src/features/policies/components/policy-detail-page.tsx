import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage, isApiRequestError } from '../../../lib/api-client';
import { useDeletePolicy } from '../api/policy-mutations';
import { policyQueries } from '../api/policy-queries';
import { prettyJson } from '../utils/pretty-json';
import { NewVersionForm } from './new-version-form';
import { PolicyTargets } from './policy-targets';
import { PolicyVersions } from './policy-versions';

export function PolicyDetailPage() {
  const { policyName = '' } = useParams();
  const policy = useQuery(policyQueries.detail(policyName));
  // A version the operator chose to edit; otherwise the editor starts from the default version.
  const [draft, setDraft] = useState<{ fromVersion: string; document: string; revision: number } | null>(null);
  const [savedVersionId, setSavedVersionId] = useState<string | null>(null);

  if (policy.isPending) return <p className="muted">Loading policy…</p>;
  if (policy.isError)
    return (
      <div className="page">
        <h1>{policyName}</h1>
        <p role="alert" className="alert">
          {isApiRequestError(policy.error) && policy.error.status === 404
            ? `There is no policy named ${policyName}.`
            : errorMessage(policy.error)}
        </p>
        <Link to="/policies">Back to policies</Link>
      </div>
    );

  const { data } = policy;
  const editorSource = draft ?? { fromVersion: data.defaultVersionId, document: prettyJson(data.policyDocument) };

  return (
    <div className="page">
      <header className="page__header page__header--row">
        <div>
          <p className="small">
            <Link to="/policies">Policies</Link>
          </p>
          <h1>{data.policyName}</h1>
          <p className="muted">
            <code className="break-all">{data.policyArn}</code>
          </p>
        </div>
        <DeletePolicyButton policyName={data.policyName} />
      </header>
      <PolicyVersions
        policy={data}
        onEdit={(fromVersion, document) => {
          setDraft((previous) => ({
            fromVersion,
            document: prettyJson(document),
            revision: (previous?.revision ?? 0) + 1,
          }));
          setSavedVersionId(null);
        }}
      />
      <NewVersionForm
        // Restart the editor when its source changes: another version chosen, or a new default.
        key={draft ? `draft-${draft.revision}` : `default-${data.defaultVersionId}`}
        policyName={data.policyName}
        fromVersion={editorSource.fromVersion}
        initialDocument={editorSource.document}
        savedVersionId={savedVersionId}
        onCreated={(versionId) => {
          setDraft(null);
          setSavedVersionId(versionId);
        }}
        onEdited={() => setSavedVersionId(null)}
      />
      <PolicyTargets policyName={data.policyName} />
    </div>
  );
}

function DeletePolicyButton({ policyName }: { policyName: string }) {
  const navigate = useNavigate();
  const remove = useDeletePolicy(policyName);

  function handleDelete() {
    if (!window.confirm(`Delete policy ${policyName}? Devices relying on it lose what it allowed.`)) return;
    remove.mutate(undefined, { onSuccess: () => navigate('/policies') });
  }

  return (
    <div className="stack">
      <button type="button" className="button" disabled={remove.isPending} onClick={handleDelete}>
        Delete policy
      </button>
      {remove.isError && (
        <p role="alert" className="alert">
          {errorMessage(remove.error)}
        </p>
      )}
    </div>
  );
}
