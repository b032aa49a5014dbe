import { useState } from 'react';

interface CopyButtonProps {
  text: string;
  /** Visible button text, e.g. "Copy secret access key". */
  label: string;
}

/**
 * Copies `text` to the clipboard and says so in a live region. The clipboard needs a secure
 * context (HTTPS or localhost); elsewhere the user is told to copy by hand.
 */
export function CopyButton({ text, label }: CopyButtonProps) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setStatus('copied');
    } catch {
      setStatus('failed');
    }
  }

  return (
    <span className="copy-button">
      <button type="button" className="button button--small" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className="muted small">
        {status === 'copied' ? 'Copied' : status === 'failed' ? 'Could not copy; select the text and copy it.' : ''}
      </span>
    </span>
  );
}
