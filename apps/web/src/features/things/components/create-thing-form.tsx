import { type FormEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../../lib/api-client';
import { useCreateThing } from '../api/thing-mutations';
import { type ThingFormField, thingFormFieldOf } from '../utils/form-errors';
import {
  type AttributeProblems,
  type AttributeRow,
  attributesOf,
  hasProblems,
  validateAttributes,
  validateName,
} from '../utils/registry-rules';
import { AttributesEditor } from './attributes-editor';
import { ThingTypeSelect } from './thing-type-select';

const NO_PROBLEMS: AttributeProblems = { rows: new Map(), overall: null };

/** Creates a thing (name, type, attributes) and opens its page; refusals are shown next to their field. */
export function CreateThingForm() {
  const id = useId();
  const navigate = useNavigate();
  const create = useCreateThing();
  const [thingName, setThingName] = useState('');
  const [thingTypeName, setThingTypeName] = useState('');
  const [rows, setRows] = useState<AttributeRow[]>([]);
  const [nameProblem, setNameProblem] = useState<string | null>(null);
  const [attributeProblems, setAttributeProblems] = useState<AttributeProblems>(NO_PROBLEMS);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = thingName.trim();
    const nameCheck = validateName('Thing name', name);
    const attributesCheck = validateAttributes(rows, thingTypeName !== '');
    setNameProblem(nameCheck);
    setAttributeProblems(attributesCheck);
    if (nameCheck || hasProblems(attributesCheck)) return;
    create.mutate(
      { thingName: name, ...(thingTypeName ? { thingTypeName } : {}), attributes: attributesOf(rows) },
      { onSuccess: (created) => navigate(`/things/${encodeURIComponent(created.thingName)}`) },
    );
  }

  const serverField: ThingFormField | null = create.isError ? thingFormFieldOf(create.error) : null;
  const serverMessage = create.isError ? errorMessage(create.error) : null;
  const messageFor = (field: ThingFormField) => (serverField === field ? serverMessage : null);
  const nameError = nameProblem ?? messageFor('thingName');
  const typeError = messageFor('thingTypeName');
  const attributesError = attributeProblems.overall ?? messageFor('attributes');
  const formError = messageFor('form');

  return (
    <form className="panel stack" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New thing</h2>
      <div className="inline-form__row">
        <div className="field">
          <label htmlFor={`${id}-name`}>Thing name</label>
          <input
            id={`${id}-name`}
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. kitchen-lamp"
            value={thingName}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${id}-name-error` : undefined}
            onChange={(event) => {
              setThingName(event.target.value);
              setNameProblem(null);
              create.reset();
            }}
          />
          {nameError && (
            <p id={`${id}-name-error`} role="alert" className="field-error">
              {nameError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-type`}>Thing type</label>
          <ThingTypeSelect
            id={`${id}-type`}
            value={thingTypeName}
            onChange={(value) => {
              setThingTypeName(value);
              create.reset();
            }}
            noneLabel="No type"
            invalid={Boolean(typeError)}
            describedBy={typeError ? `${id}-type-error` : undefined}
          />
          {typeError && (
            <p id={`${id}-type-error`} role="alert" className="field-error">
              {typeError}
            </p>
          )}
        </div>
      </div>
      <AttributesEditor
        rows={rows}
        onChange={(next) => {
          setRows(next);
          create.reset();
        }}
        rowErrors={attributeProblems.rows}
        error={attributesError}
      />
      {formError && (
        <p role="alert" className="alert">
          {formError}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          Create thing
        </button>
      </div>
    </form>
  );
}
