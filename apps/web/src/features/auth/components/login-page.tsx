import { type FormEvent, useId, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { errorMessage } from '../../../lib/api-client';
import { useLogin } from '../api/use-login';
import { END_USER_PAGE, redirectTarget } from '../utils/redirect-target';

export function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const id = useId();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    login.mutate(
      { username: username.trim(), password },
      {
        onSuccess: (user) =>
          navigate(user.role === 'end-user' ? END_USER_PAGE : redirectTarget(location.state), { replace: true }),
      },
    );
  }

  return (
    <main className="login-screen">
      <form className="login-card" onSubmit={handleSubmit} aria-labelledby={`${id}-title`}>
        <p className="brand brand--dark">Meridian</p>
        <h1 id={`${id}-title`}>Sign in</h1>
        <p className="muted">Operator console for your devices.</p>
        <div className="field">
          <label htmlFor={`${id}-username`}>Username</label>
          <input
            id={`${id}-username`}
            name="username"
            autoComplete="username"
            required
            maxLength={128}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={1024}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        {login.isError && (
          <p role="alert" className="alert">
            {errorMessage(login.error)}
          </p>
        )}
        <button type="submit" className="button button--primary button--block" disabled={login.isPending}>
          Sign in
        </button>
      </form>
    </main>
  );
}
