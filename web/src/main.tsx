import { createRoot } from 'react-dom/client';
import { createApi, setApi } from '@/api/client';
import { createQueryClient } from '@/api/queryClient';
import { Session } from '@/auth/session';
import { initI18n } from '@/i18n';
import i18next from 'i18next';
import { App } from './app/App';
import { loadConfig } from './app/config';
import './styles/global.css';

const container = document.getElementById('root') as HTMLElement;
const root = createRoot(container);

/** Settings and translations, then the session: a person who is not signed in goes to the issuer's sign-in page. */
async function start(): Promise<void> {
  const [config] = await Promise.all([loadConfig(), initI18n()]);
  const session = new Session(config);
  const { returnTo } = await session.start();
  if (!session.signedIn) {
    renderMessage(i18next.t('app.signingIn'));
    await session.signIn(returnTo);
    return;
  }
  if (returnTo !== undefined) window.history.replaceState(null, '', returnTo);
  setApi(createApi({ accessToken: () => session.accessToken, expired: () => void session.signIn() }));
  root.render(<App session={session} queryClient={createQueryClient()} />);
}

function renderMessage(message: string, action?: { label: string; run(): void }) {
  root.render(
    <div className="startup" role={action ? 'alert' : 'status'}>
      <p>{message}</p>
      {action && (
        <button type="button" onClick={action.run}>
          {action.label}
        </button>
      )}
    </div>,
  );
}

start().catch((error: unknown) => {
  console.error(error);
  const detail = error instanceof Error ? error.message : String(error);
  const title = i18next.isInitialized ? i18next.t('app.startFailed') : 'Pulse could not start';
  const again = i18next.isInitialized ? i18next.t('app.signInAgain') : 'Sign in again';
  renderMessage(`${title}: ${detail}`, {
    label: again,
    run: () => {
      window.localStorage.removeItem(`oidc.user`);
      window.location.assign('/');
    },
  });
});
