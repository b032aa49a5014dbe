import type { ConnectedClient } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../utils/format-date';
import { clientQueries } from '../api/client-queries';
import { useDisconnectClient } from '../api/use-disconnect-client';

const TRANSPORT_LABELS: Record<ConnectedClient['transport'], string> = {
  tls: 'MQTTS',
  wss: 'WSS',
  tcp: 'TCP',
  memory: 'in-process',
};

/** MQTT clients connected to the broker right now, each with a Disconnect button. */
export function ConnectedClients() {
  const id = useId();
  const clients = useQuery(clientQueries.list());
  const disconnect = useDisconnectClient();

  function handleDisconnect(clientId: string) {
    const confirmed = window.confirm(
      `Disconnect ${clientId}? The broker closes its connection; the device may reconnect.`,
    );
    if (confirmed) disconnect.mutate(clientId);
  }

  const error = clients.isError ? clients.error : disconnect.isError ? disconnect.error : null;

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <div className="toolbar">
        <h2 id={`${id}-title`}>Connected clients</h2>
        {clients.isSuccess && <span className="muted small">{clients.data.length} connected</span>}
      </div>
      {clients.isPending && <p className="muted">Loading connected clients…</p>}
      {error && (
        <p role="alert" className="alert">
          {errorMessage(error)}
        </p>
      )}
      {clients.isSuccess &&
        (clients.data.length === 0 ? (
          <p className="muted">No MQTT clients are connected.</p>
        ) : (
          <div className="table-scroll">
            <table className="table" aria-labelledby={`${id}-title`}>
              <thead>
                <tr>
                  <th scope="col">Client ID</th>
                  <th scope="col">MQTT</th>
                  <th scope="col">Address</th>
                  <th scope="col">Connected since</th>
                  <th scope="col">Subscriptions</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {clients.data.map((client) => (
                  <tr key={client.clientId}>
                    <td>
                      <code>{client.clientId}</code>
                    </td>
                    <td>{client.protocolVersion}</td>
                    <td>
                      {client.remoteAddress ?? '—'}{' '}
                      <span className="muted small">{TRANSPORT_LABELS[client.transport]}</span>
                    </td>
                    <td>
                      <time dateTime={client.connectedAt} title={client.connectedAt}>
                        {formatDateTime(client.connectedAt)}
                      </time>
                    </td>
                    <td>
                      {client.subscriptions.length === 0 ? (
                        <span className="muted">none</span>
                      ) : (
                        <ul className="cell-list">
                          {client.subscriptions.map(({ filter, qos }) => (
                            <li key={filter}>
                              <code>{filter}</code> <span className="muted small">QoS {qos}</span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button--small button--ghost-dark"
                        aria-label={`Disconnect ${client.clientId}`}
                        disabled={disconnect.isPending && disconnect.variables === client.clientId}
                        onClick={() => handleDisconnect(client.clientId)}
                      >
                        Disconnect
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
