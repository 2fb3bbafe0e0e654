import { useState, useSyncExternalStore, type FormEvent } from 'react';
import type { ApiKeyStore } from './api-key-store.ts';

export const API_KEY_INPUT_ID = 'clave-api';

/** The API key of this tab: typed once, kept in sessionStorage, sent by every call and stream. */
export function ApiKeyField({ keys }: { keys: ApiKeyStore }) {
  const saved = useSyncExternalStore(keys.subscribe, keys.get);
  const [draft, setDraft] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
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
      <span className="api-key-state" data-testid="api-key-state">
        {saved ? 'Con clave' : 'Sin clave'}
      </span>
    </form>
  );
}
