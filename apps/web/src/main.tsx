import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiKeyStore } from './access/api-key-store.ts';
import { Root } from './root.tsx';
import './styles.css';

// The composition root: the key store here; the client, query cache and live feed per
// credential in Root (a new key rebuilds them).
const keys = createApiKeyStore(window.sessionStorage);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <Root keys={keys} />
  </StrictMode>,
);
