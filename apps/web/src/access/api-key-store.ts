/**
 * The page's API key, kept in `sessionStorage`: it lasts while the tab is open, is not shared
 * with other tabs and never goes into localStorage or the URL.
 */
export interface ApiKeyStore {
  get: () => string | null;
  set: (key: string) => void;
  clear: () => void;
  subscribe: (listener: () => void) => () => void;
}

/** The part of `Storage` the store uses (`sessionStorage` in the page). */
export interface KeyStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const STORAGE_KEY = 'noticias.apiKey';

export function createApiKeyStore(storage: KeyStorage): ApiKeyStore {
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  return {
    get: () => storage.getItem(STORAGE_KEY),
    set(key) {
      const trimmed = key.trim();
      if (!trimmed) return;
      storage.setItem(STORAGE_KEY, trimmed);
      notify();
    },
    clear() {
      storage.removeItem(STORAGE_KEY);
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
