import type { CreatedAccessKey } from '@meridian/contracts';
import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { useCreateAccessKey } from '../api/use-create-access-key';

const MAX_DESCRIPTION_LENGTH = 256;

interface CreateAccessKeyFormProps {
  onCreated: (accessKey: CreatedAccessKey) => void;
}

export function CreateAccessKeyForm({ onCreated }: CreateAccessKeyFormProps) {
  const id = useId();
  const create = useCreateAccessKey();
  const [description, setDescription] = useState('');

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(
      { description: description.trim() },
      {
        onSuccess: (accessKey) => {
          setDescription('');
          onCreated(accessKey);
        },
      },
    );
  }

  return (
    <form className="panel inline-form" onSubmit={handleSubmit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New access key</h2>
      <p className="muted">The secret is shown once, right after creation.</p>
      <div className="inline-form__row">
        <div className="field">
          <label htmlFor={`${id}-description`}>Description (optional)</label>
          <input
            id={`${id}-description`}
            name="description"
            autoComplete="off"
            maxLength={MAX_DESCRIPTION_LENGTH}
            placeholder="e.g. deployment pipeline"
            value={description}
            aria-describedby={create.isError ? `${id}-error` : undefined}
            onChange={(event) => setDescription(event.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          Create access key
        </button>
      </div>
      {create.isError && (
        <p id={`${id}-error`} role="alert" className="alert">
          {errorMessage(create.error)}
        </p>
      )}
    </form>
  );
}
