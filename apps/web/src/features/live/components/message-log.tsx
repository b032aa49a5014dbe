import { useId } from 'react';
import { useLiveFeed, useLiveFeedSnapshot } from './live-feed-provider';
import { MessageCard } from './message-card';

export function MessageLog() {
  const id = useId();
  const feed = useLiveFeed();
  const { messages, paused, pausedCount, capacity } = useLiveFeedSnapshot();

  return (
    <section className="panel message-panel" aria-labelledby={`${id}-title`}>
      <div className="toolbar">
        <h2 id={`${id}-title`}>Messages</h2>
        <span className="muted small">
          {messages.length === capacity ? `last ${capacity}` : `${messages.length} shown`}
        </span>
        {paused && <span className="badge badge--paused">{pausedCount} paused</span>}
        <div className="toolbar__actions">
          <button type="button" className="button" onClick={() => (paused ? feed.resume() : feed.pause())}>
            {paused ? 'Resume' : 'Pause'}
          </button>
          <button type="button" className="button" onClick={() => feed.clear()}>
            Clear
          </button>
        </div>
      </div>
      {messages.length === 0 && (
        <p className="muted">
          {paused ? 'Paused: new messages are counted, not shown.' : 'No messages yet. Subscribe to a topic filter.'}
        </p>
      )}
      <div role="log" aria-label="Messages" className="message-log">
        {messages.map((entry) => (
          <MessageCard key={entry.id} entry={entry} />
        ))}
      </div>
    </section>
  );
}
