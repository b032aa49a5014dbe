import type { ThingDetail } from '@meridian/contracts';
import { useId } from 'react';
import { formatDateTime } from '../../../utils/format-date';
import { shortId } from '../utils/short-id';

const TRANSPORT_LABELS: Record<NonNullable<ThingDetail['connection']['transport']>, string> = {
  tls: 'MQTTS',
  wss: 'WSS',
  tcp: 'TCP',
  memory: 'in-process',
};

function When({ value }: { value: string }) {
  return (
    <time dateTime={value} title={value}>
      {formatDateTime(value)}
    </time>
  );
}

/** Whether the thing's device is connected now (client id = thing name), and when it last came and went. */
export function ThingConnectionPanel({ thing }: { thing: ThingDetail }) {
  const id = useId();
  const { connection } = thing;
  const attached = (certificateId: string) => thing.certificates.some((c) => c.certificateId === certificateId);

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <div className="toolbar">
        <h2 id={`${id}-title`}>Connection</h2>
        <output
          className={`connection ${connection.connected ? 'connection--open' : ''}`}
          aria-live="polite"
          aria-label="Connection state"
        >
          <span className="connection__dot" aria-hidden="true" />
          {connection.connected ? 'Connected' : 'Not connected'}
        </output>
      </div>
      <dl className="facts">
        <div>
          <dt>MQTT client id</dt>
          <dd>
            <code>{connection.clientId}</code>
          </dd>
        </div>
        {connection.connectedAt && (
          <div>
            <dt>Connected since</dt>
            <dd>
              <When value={connection.connectedAt} />
            </dd>
          </div>
        )}
        {connection.connected && (
          <div>
            <dt>Via</dt>
            <dd>
              {connection.protocolVersion && `MQTT ${connection.protocolVersion}`}
              {connection.transport && ` over ${TRANSPORT_LABELS[connection.transport]}`}
              {connection.remoteAddress && ` from ${connection.remoteAddress}`}
            </dd>
          </div>
        )}
        {connection.certificateId && (
          <div>
            <dt>Certificate used</dt>
            <dd>
              <code title={connection.certificateId}>{shortId(connection.certificateId)}</code>{' '}
              {attached(connection.certificateId) ? (
                <span className="muted small">attached to this thing</span>
              ) : (
                <span className="badge badge--inactive">not attached to this thing</span>
              )}
            </dd>
          </div>
        )}
        {!connection.connected && connection.lastConnectedAt && (
          <div>
            <dt>Last connected</dt>
            <dd>
              <When value={connection.lastConnectedAt} />
            </dd>
          </div>
        )}
        {connection.lastDisconnectedAt && (
          <div>
            <dt>Last disconnected</dt>
            <dd>
              <When value={connection.lastDisconnectedAt} />
              {connection.lastDisconnectReason && (
                <span className="muted small"> ({connection.lastDisconnectReason})</span>
              )}
            </dd>
          </div>
        )}
      </dl>
      {!connection.connected && !connection.lastConnectedAt && (
        <p className="muted small">No connection seen since the server started.</p>
      )}
    </section>
  );
}
