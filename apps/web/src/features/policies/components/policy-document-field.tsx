import { useId } from 'react';

interface PolicyDocumentFieldProps {
  label?: string;
  value: string;
  onChange: (value: string) => void;
  /** The server's reason the document is refused, shown under the editor. */
  error: string | null;
  /** Shown under the editor when there is no error, e.g. "The document is valid." */
  status?: string | null;
}

/** JSON editor for a policy document, with the server's validation message in place. */
export function PolicyDocumentField({
  label = 'Policy document',
  value,
  onChange,
  error,
  status = null,
}: PolicyDocumentFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={`${id}-document`}>{label}</label>
      <textarea
        id={`${id}-document`}
        name="policyDocument"
        className="code-input policy-editor"
        rows={18}
        spellCheck={false}
        autoComplete="off"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : status ? `${id}-status` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <p id={`${id}-error`} role="alert" className="alert">
          {error}
        </p>
      )}
      {!error && status && (
        <p id={`${id}-status`} role="status" className="status">
          {status}
        </p>
      )}
    </div>
  );
}
