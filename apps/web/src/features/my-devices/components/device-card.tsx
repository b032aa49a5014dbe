import type { MyDevice } from '@meridian/contracts';
import { DeviceControl } from './device-control';

export function DeviceCard({ device, confirmTimeoutMs }: { device: MyDevice; confirmTimeoutMs: number }) {
  const headingId = `device-${device.thingName}`;
  return (
    <article className="device-card" aria-labelledby={headingId}>
      <header className="device-card__header">
        <h2 id={headingId} className="device-card__name">
          {device.thingName}
        </h2>
        <span className={`badge ${device.online ? 'badge--online' : 'badge--offline'}`}>
          {device.online ? 'Online' : 'Offline'}
        </span>
      </header>
      {device.thingTypeName && <p className="muted small">{device.thingTypeName}</p>}
      {device.controls.length === 0 ? (
        <p className="muted">This device has not reported anything yet.</p>
      ) : (
        <div className="device-card__controls">
          {device.controls.map((control) => (
            <DeviceControl key={control.key} device={device} control={control} confirmTimeoutMs={confirmTimeoutMs} />
          ))}
        </div>
      )}
    </article>
  );
}
