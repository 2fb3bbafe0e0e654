import { useState, useSyncExternalStore, type FormEvent } from 'react';
import type { ApiKeyStore } from './api-key-store.ts';

export const API_KEY_INPUT_ID = 'clave-api';

// An HTTP header carries visible ASCII only; fetch would throw on anything else.
const KEY_PATTERN = /^[\x21-\x7e]+$/;

/** The API key of this tab: typed once, kept in sessionStorage, sent by every call and stream. */
export function ApiKeyField({ keys }: { keys: ApiKeyStore }) {
  const saved = useSyncExternalStore(keys.subscribe, keys.get);
  const [draft, setDraft] = useState('');
  const [invalid, setInvalid] = useState(false);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!KEY_PATTERN.test(draft.trim())) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    keys.set(draft);
    setDraft('');
  }

  return (
    <form className="api-key" onSubmit={onSubmit} aria-label="Acceso con clave de API" data-testid="api-key-form">
      <label htmlFor={API_KEY_INPUT_ID}>Clave de API</label>
      <input
        id={API_KEY_INPUT_ID}
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={draft}
        placeholder={saved ? 'guardada en esta pestaña' : 'sin clave'}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? 'clave-api-error' : undefined}
        onChange={(event) => setDraft(event.target.value)}
      />
      <button type="submit" disabled={!draft.trim()}>
        Usar clave
      </button>
      {saved && (
        <button type="button" onClick={keys.clear}>
          Borrar clave
        </button>
      )}
      {invalid && (
        <span className="api-key-error" id="clave-api-error" role="alert">
          La clave solo puede tener letras, cifras y signos ASCII, sin espacios.
        </span>
      )}
      <span className="api-key-state" data-testid="api-key-state">
        {saved ? 'Con clave' : 'Sin clave'}
      </span>
    </form>
  );
}
