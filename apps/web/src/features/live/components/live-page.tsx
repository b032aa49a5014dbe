import { ConnectedClients } from './connected-clients';
import { ConnectionIndicator } from './connection-indicator';
import { MessageLog } from './message-log';
import { PublishForm } from './publish-form';
import { SubscriptionsPanel } from './subscriptions-panel';

export function LivePage() {
  return (
    <div className="page page--wide">
      <header className="page__header page__header--row">
        <div>
          <h1>Live</h1>
          <p className="muted">
            Watch MQTT traffic as the broker accepts it, publish test messages and see who is connected.
          </p>
        </div>
        <ConnectionIndicator />
      </header>
      <div className="live-grid">
        <div className="live-grid__side">
          <SubscriptionsPanel />
          <PublishForm />
        </div>
        <MessageLog />
      </div>
      <ConnectedClients />
    </div>
  );
}
