import { type FormEvent, useId, useState } from 'react';
import { useCreatePolicyVersion } from '../api/policy-mutations';
import { splitDocumentError } from '../utils/document-errors';
import { PolicyDocumentField } from './policy-document-field';

interface NewVersionFormProps {
  policyName: string;
  /** The version the editor's text came from. */
  fromVersion: string;
  initialDocument: string;
  /** The version saved last from this page, announced until the text is edited again. */
  savedVersionId: string | null;
  onCreated: (policyVersionId: string) => void;
  onEdited: () => void;
}

/** Editing a policy creates a new version; AWS keeps at most five. */
export function NewVersionForm({
  policyName,
  fromVersion,
  initialDocument,
  savedVersionId,
  onCreated,
  onEdited,
}: NewVersionFormProps) {
  const id = useId();
  const create = useCreatePolicyVersion(policyName);
  const [policyDocument, setPolicyDocument] = useState(initialDocument);
  const [setAsDefault, setSetAsDefault] = useState(true);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ policyDocument, setAsDefault }, { onSuccess: (created) => onCreated(created.policyVersionId) });
  }

  const errors = splitDocumentError(create.error);

  return (
    <form className="panel" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Edit policy</h2>
      <p className="muted small">
        Starting from version {fromVersion}. Saving adds a version; a policy keeps at most five, so delete an old one
        first when it has five.
      </p>
      <PolicyDocumentField
        value={policyDocument}
        onChange={(value) => {
          setPolicyDocument(value);
          create.reset();
          onEdited();
        }}
        error={errors.document}
        status={savedVersionId ? `Saved as version ${savedVersionId}.` : null}
      />
      <div className="checkbox">
        <input
          id={`${id}-default`}
          type="checkbox"
          checked={setAsDefault}
          onChange={(event) => setSetAsDefault(event.target.checked)}
        />
        <label htmlFor={`${id}-default`}>Make it the default version (the one devices are checked against)</label>
      </div>
      {errors.other && (
        <p role="alert" className="alert">
          {errors.other}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          Save as new version
        </button>
      </div>
    </form>
  );
}
