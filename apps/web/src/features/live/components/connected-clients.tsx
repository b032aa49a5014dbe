import type { ConnectedClient } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { ConfirmButton, isPendingFor } from '../../../components/confirm-button';
import { firstMutationError, ListPanel } from '../../../components/list-panel';
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
  const clients = useQuery(clientQueries.list());
  const disconnect = useDisconnectClient();

  return (
    <ListPanel
      title="Connected clients"
      toolbar={clients.isSuccess && <span className="muted small">{clients.data.length} connected</span>}
      query={clients}
      error={firstMutationError(disconnect)}
      loadingText="Loading connected clients…"
      empty="No MQTT clients are connected."
      isEmpty={(connected) => connected.length === 0}
    >
      {(connected, titleId) => (
        <div className="table-scroll">
          <table className="table" aria-labelledby={titleId}>
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
              {connected.map((client) => (
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
                    <ConfirmButton
                      label={`Disconnect ${client.clientId}`}
                      question={`Disconnect ${client.clientId}? The broker closes its connection; the device may reconnect.`}
                      busy={isPendingFor(disconnect, client.clientId)}
                      onConfirm={() => disconnect.mutate(client.clientId)}
                    >
                      Disconnect
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ListPanel>
  );
}
