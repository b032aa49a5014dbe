import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../../lib/api-client';
import { myDeviceQueries } from '../api/my-device-queries';
import { useLiveDeviceUpdates } from '../hooks/use-live-device-updates';
import { ClaimDeviceForm } from './claim-device-form';
import { DeviceCard } from './device-card';

const DEFAULT_CONFIRM_TIMEOUT_MS = 10_000;

/** The end user's page: their devices as cards, updated live, with controls generated from each shadow. */
export function MyDevicesPage() {
  useLiveDeviceUpdates();
  const devices = useQuery(myDeviceQueries.list());
  const settings = useQuery(myDeviceQueries.settings());
  const confirmTimeoutMs = settings.data?.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS;

  return (
    <section className="page my-devices">
      <header className="page__header">
        <h1>My devices</h1>
      </header>
      {devices.isPending ? (
        <p className="page-status" aria-busy="true">
          Loading…
        </p>
      ) : devices.isError ? (
        <p role="alert" className="alert">
          {errorMessage(devices.error)}
        </p>
      ) : devices.data.length === 0 ? (
        <p className="panel panel--empty">No devices yet. Enter the claim code that came with your device below.</p>
      ) : (
        <div className="device-grid">
          {devices.data.map((device) => (
            <DeviceCard key={device.thingName} device={device} confirmTimeoutMs={confirmTimeoutMs} />
          ))}
        </div>
      )}
      <ClaimDeviceForm />
    </section>
  );
}
