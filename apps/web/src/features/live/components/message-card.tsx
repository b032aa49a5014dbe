import { memo, useId } from 'react';
import { formatClockTime } from '../../../utils/format-date';
import type { LiveFeedEntry } from '../stores/live-feed';
import { formatPayload } from '../utils/format-payload';

/** One received message. Entries never change, so a card renders once. */
export const MessageCard = memo(function MessageCard({ entry }: { entry: LiveFeedEntry }) {
  const id = useId();
  const { topic, qos, retain, clientId, receivedAt, payload, payloadEncoding } = entry.message;
  const formatted = formatPayload(payload, payloadEncoding);

  return (
    <article className="message" aria-labelledby={`${id}-topic`}>
      <header className="message__meta">
        <code id={`${id}-topic`} className="message__topic">
          {topic}
        </code>
        <time dateTime={receivedAt}>{formatClockTime(receivedAt)}</time>
        <span className="badge">{`QoS ${qos}`}</span>
        {retain && <span className="badge badge--retained">retained</span>}
        {clientId !== undefined && (
          <span className="message__client">
            from <code>{clientId}</code>
          </span>
        )}
      </header>
      {formatted.kind === 'base64' && (
        <p className="message__note">Binary payload ({formatted.bytes} bytes), shown as base64:</p>
      )}
      {formatted.text === '' ? (
        <p className="message__note">(empty payload)</p>
      ) : (
        <pre className={`message__payload message__payload--${formatted.kind}`}>{formatted.text}</pre>
      )}
    </article>
  );
});
