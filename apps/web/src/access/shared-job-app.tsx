import { JobView } from '../job/job-view.tsx';
import { hrefOf } from '../routing/use-hash-route.ts';
import { AccessAlert } from './access-alert.tsx';

/**
 * A job opened through a read-token link: that job only, live, and its result. A token reads
 * nothing else, so there is no list, no service view and no submit form to refuse it.
 */
export function SharedJobApp({ jobId }: { jobId: string }) {
  return (
    <>
      <header className="top">
        <h1 className="brand">Noticias · trabajo compartido</h1>
        <p className="shared-note">Vista de solo lectura de un trabajo</p>
        <nav aria-label="Secciones">
          <a href={hrefOf({ view: 'trabajos' })}>Ir al panel completo</a>
        </nav>
      </header>
      <main>
        <AccessAlert />
        <JobView jobId={jobId} />
      </main>
    </>
  );
}
