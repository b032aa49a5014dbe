import { PASSWORD_MIN_LENGTH } from '@meridian/contracts';
import { type FormEvent, useId, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../../lib/api-client';
import { useSignup } from '../api/use-signup';
import { END_USER_PAGE } from '../utils/redirect-target';

/** `/signup?token=…`: the holder of an invitation chooses a username and password. */
export function SignupPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const signup = useSignup();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const id = useId();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    signup.mutate(
      { token, username: username.trim(), password },
      { onSuccess: (user) => navigate(user.role === 'end-user' ? END_USER_PAGE : '/', { replace: true }) },
    );
  }

  return (
    <main className="login-screen">
      <form className="login-card" onSubmit={handleSubmit} aria-labelledby={`${id}-title`}>
        <p className="brand brand--dark">Meridian</p>
        <h1 id={`${id}-title`}>Create your account</h1>
        {token === '' ? (
          <p role="alert" className="alert">
            This page needs the link from your invitation. Ask for a new invitation.
          </p>
        ) : (
          <>
            <div className="field">
              <label htmlFor={`${id}-username`}>Username</label>
              <input
                id={`${id}-username`}
                autoComplete="username"
                required
                minLength={3}
                maxLength={64}
                pattern="[a-zA-Z0-9_.@\-]+"
                title="Letters, digits and _ . @ -"
                value={username}
                onChange={(event) => setUsername(event.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-password`}>Password</label>
              <input
                id={`${id}-password`}
                type="password"
                autoComplete="new-password"
                required
                minLength={PASSWORD_MIN_LENGTH}
                maxLength={1024}
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
              <p className="muted small">At least {PASSWORD_MIN_LENGTH} characters.</p>
            </div>
            {signup.isError && (
              <p role="alert" className="alert">
                {errorMessage(signup.error)}
              </p>
            )}
            <button type="submit" className="button button--primary button--block" disabled={signup.isPending}>
              Create account
            </button>
          </>
        )}
        <p className="small">
          Already have an account? <Link to="/login">Sign in</Link>
        </p>
      </form>
    </main>
  );
}
