import { useEffect, useState } from 'preact/hooks';
import { api, onUnauthorized } from './api/client';
import { ClinicZone } from './components/time';
import { AuditPage } from './pages/audit';
import { CohortPage } from './pages/cohort';
import { InboxPage } from './pages/inbox';
import { PatientPage } from './pages/patient';
import { PatientsPage } from './pages/patients';
import { SignInPage } from './pages/sign-in';
import { Link, navigate, useLocation } from './router';
import { hasRole, loadSession, PAGE_ROLES, type Session, type SessionState, signOut } from './session';

export function App() {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    loadSession(new URLSearchParams(location.search).get('signInError'))
      .then(setState)
      .catch((error: Error) => setFailure(error.message));
    // Any answer saying the session ended (idle, expired, signed out elsewhere) shows the sign-in page.
    return onUnauthorized((code) => void loadSession(code === 'SESSION_EXPIRED' ? code : 'SESSION_EXPIRED').then(setState));
  }, []);

  useEffect(() => {
    if (state.kind !== 'signed-in') return;
    // The server ends idle sessions; this notices within a minute even when the page only listens
    // to the live feed (the check itself does not count as activity), and takes the page down.
    const timer = setInterval(() => {
      void api.GET('/auth/session').then(async ({ response }) => {
        if (response.status === 401) setState(await loadSession('SESSION_EXPIRED'));
      });
    }, 60_000);
    return () => clearInterval(timer);
  }, [state.kind]);

  if (failure) return <main class="centered"><h1>POEMS monitoring</h1><p role="alert">The API could not be reached: {failure}</p></main>;
  if (state.kind === 'loading') return <main class="centered"><p role="status">Loading…</p></main>;
  if (state.kind === 'signed-out') return <SignInPage config={state.config} reason={state.reason} />;
  return (
    <ClinicZone.Provider value={state.config.clinicTimeZone}>
      <Shell session={state.session} />
    </ClinicZone.Provider>
  );
}

const NAV = [
  { href: '/inbox', label: 'Inbox', roles: PAGE_ROLES.inbox },
  { href: '/patients', label: 'Patients', roles: PAGE_ROLES.patients },
  { href: '/cohort', label: 'Cohort', roles: PAGE_ROLES.cohort },
  { href: '/audit', label: 'Audit', roles: PAGE_ROLES.audit },
] as const;

function Shell({ session }: { session: Session }) {
  const { path } = useLocation();
  const allowed = NAV.filter((item) => hasRole(session, ...item.roles));
  useEffect(() => {
    // The landing page is the first page this role may open.
    if ((path === '/' || !allowed.some((item) => path.startsWith(item.href))) && allowed[0]) navigate(allowed[0].href, { replace: true });
  }, [path]);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">POEMS monitoring</span>
        <nav aria-label="Main">
          {allowed.map((item) => (
            <Link key={item.href} href={item.href} aria-current={path.startsWith(item.href) ? 'page' : undefined}>
              {item.label}
            </Link>
          ))}
        </nav>
        <span class="who" title={`Care teams: ${session.careTeams.join(', ') || 'none'}`}>
          {session.displayName ?? session.userId} · {session.roles.join(', ')}
        </span>
        <button type="button" class="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={path} session={session} />
      </main>
    </>
  );
}

function Page({ path, session }: { path: string; session: Session }) {
  const patient = /^\/patients\/([0-9a-f-]{36})$/.exec(path);
  if (patient) return <PatientPage patientId={patient[1]!} session={session} />;
  if (path.startsWith('/patients')) return <PatientsPage />;
  if (path.startsWith('/cohort')) return <CohortPage />;
  if (path.startsWith('/audit')) return <AuditPage />;
  if (path.startsWith('/inbox')) return <InboxPage session={session} />;
  return null;
}
