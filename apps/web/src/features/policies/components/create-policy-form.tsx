import { type FormEvent, useId, useState } from 'react';
import { useCreatePolicy, useValidatePolicy } from '../api/policy-mutations';
import { splitDocumentError } from '../utils/document-errors';
import { findTemplate, POLICY_TEMPLATES } from '../utils/policy-templates';
import { PolicyDocumentField } from './policy-document-field';

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const EMPTY_DOCUMENT = JSON.stringify({ Version: '2012-10-17', Statement: [] }, null, 2);

interface CreatePolicyFormProps {
  onCreated: (policyName: string) => void;
  onCancel: () => void;
}

export function CreatePolicyForm({ onCreated, onCancel }: CreatePolicyFormProps) {
  const id = useId();
  const create = useCreatePolicy();
  const validate = useValidatePolicy();
  const [policyName, setPolicyName] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [policyDocument, setPolicyDocument] = useState(EMPTY_DOCUMENT);
  const [nameError, setNameError] = useState<string | null>(null);

  function resetFeedback() {
    create.reset();
    validate.reset();
  }

  function handleTemplate(nextId: string) {
    setTemplateId(nextId);
    const template = findTemplate(nextId);
    if (template) setPolicyDocument(template.document);
    resetFeedback();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = policyName.trim();
    const problem = POLICY_NAME.test(name) ? null : 'Use 1 to 128 letters, digits and the characters _ + = , . @ -';
    setNameError(problem);
    if (problem) return;
    validate.reset();
    create.mutate({ policyName: name, policyDocument }, { onSuccess: (created) => onCreated(created.policyName) });
  }

  const createErrors = splitDocumentError(create.error);
  const validateErrors = splitDocumentError(validate.error);
  const documentError = createErrors.document ?? validateErrors.document;
  const otherError = nameError ?? createErrors.other ?? validateErrors.other;
  const template = findTemplate(templateId);

  return (
    <form className="panel" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New policy</h2>
      <div className="inline-form__row">
        <div className="field">
          <label htmlFor={`${id}-name`}>Policy name</label>
          <input
            id={`${id}-name`}
            name="policyName"
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. thermostat-policy"
            value={policyName}
            aria-invalid={nameError ? true : undefined}
            onChange={(event) => {
              setPolicyName(event.target.value);
              if (nameError) setNameError(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-template`}>Start from a template</label>
          <select id={`${id}-template`} value={templateId} onChange={(event) => handleTemplate(event.target.value)}>
            <option value="">Empty document</option>
            {POLICY_TEMPLATES.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {template && <p className="muted small">{template.description}</p>}
      <PolicyDocumentField
        value={policyDocument}
        onChange={(value) => {
          setPolicyDocument(value);
          resetFeedback();
        }}
        error={documentError}
        status={validate.isSuccess ? 'The document is valid.' : null}
      />
      {otherError && (
        <p role="alert" className="alert">
          {otherError}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          Create policy
        </button>
        <button
          type="button"
          className="button"
          disabled={validate.isPending}
          onClick={() => {
            create.reset();
            validate.mutate(policyDocument);
          }}
        >
          Validate
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
