import { JobView } from './job/job-view.tsx';
import { JobsView } from './jobs/jobs-view.tsx';
import { useJobFeed } from './live/job-feed-context.tsx';
import { hrefOf, useHashRoute, type Route } from './routing/use-hash-route.ts';
import { ServiceView } from './service/service-view.tsx';
import { SubmitView } from './submit/submit-view.tsx';

const NAV: { route: Route; label: string }[] = [
  { route: { view: 'trabajos' }, label: 'Trabajos' },
  { route: { view: 'enviar' }, label: 'Enviar' },
  { route: { view: 'servicio' }, label: 'Servicio' },
];

const CONNECTION_LABELS = { connecting: 'Conectando…', live: 'En directo', reconnecting: 'Reconectando…' } as const;

export function App() {
  const route = useHashRoute();
  const { connection } = useJobFeed();
  return (
    <>
      <header className="top">
        <h1 className="brand">Noticias · panel de trabajos</h1>
        <nav aria-label="Secciones">
          {NAV.map(({ route: target, label }) => (
            <a key={label} href={hrefOf(target)} aria-current={route.view === target.view ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <p className={`connection connection-${connection}`} role="status" data-connection={connection}>
          {CONNECTION_LABELS[connection]}
        </p>
      </header>
      <main>
        {route.view === 'trabajos' && <JobsView />}
        {route.view === 'enviar' && <SubmitView />}
        {route.view === 'servicio' && <ServiceView />}
        {route.view === 'trabajo' && <JobView key={route.jobId} jobId={route.jobId} />}
      </main>
    </>
  );
}
