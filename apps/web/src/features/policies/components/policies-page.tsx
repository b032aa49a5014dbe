import { useState } from 'react';
import { useNavigate } from 'react-router';
import { CreatePolicyForm } from './create-policy-form';
import { PoliciesTable } from './policies-table';
import { PolicySimulator } from './policy-simulator';

export function PoliciesPage() {
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);

  return (
    <div className="page">
      <header className="page__header page__header--row">
        <div>
          <h1>Policies</h1>
          <p className="muted">
            IoT policies decide what a device may do: connect, publish, subscribe, receive. Attach them to certificates.
          </p>
        </div>
        {!creating && (
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            New policy
          </button>
        )}
      </header>
      {creating && (
        <CreatePolicyForm
          onCreated={(policyName) => navigate(`/policies/${encodeURIComponent(policyName)}`)}
          onCancel={() => setCreating(false)}
        />
      )}
      <PoliciesTable />
      <PolicySimulator />
    </div>
  );
}
