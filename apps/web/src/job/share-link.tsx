import { useState } from 'react';
import { hrefOf } from '../routing/use-hash-route.ts';

/**
 * A link that opens this job alone with its read token: whoever has it sees the job live and
 * its result, without an API key, and nothing else.
 */
export function ShareLink({ jobId, readToken }: { jobId: string; readToken: string }) {
  const href = `${window.location.origin}${window.location.pathname}${hrefOf({ view: 'trabajo', jobId, token: readToken })}`;
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <div className="share-link" data-testid="share-link">
      <label htmlFor="enlace-compartir">Enlace de solo lectura (sin clave, solo este trabajo)</label>
      <div className="share-row">
        <input id="enlace-compartir" type="text" readOnly value={href} onFocus={(event) => event.target.select()} />
        <button
          type="button"
          onClick={() => {
            navigator.clipboard.writeText(href).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          Copiar enlace
        </button>
      </div>
      {copied !== null && (
        <p className="note" role="status">
          {copied ? 'Enlace copiado.' : 'No se pudo copiar: seleccione el enlace y cópielo.'}
        </p>
      )}
    </div>
  );
}
