import { API_KEY_INPUT_ID } from './api-key-field.tsx';
import { useAccessProblem, useSession } from './session-context.tsx';

/** One message for every call the server refused (401/403), pointing at what fixes it. */
export function AccessAlert() {
  const problem = useAccessProblem();
  const { credential } = useSession();
  if (!problem) return null;

  let text: string;
  if (credential.kind === 'token') {
    text = `El enlace de solo lectura no es válido o ha caducado (${problem.status}): pida un enlace nuevo a quien envió el trabajo.`;
  } else if (problem.status === 403) {
    text =
      'El servidor solo atiende sin clave a peticiones locales (403): escriba una clave de API en el campo «Clave de API» de arriba.';
  } else if (credential.kind === 'key') {
    text = 'La clave de API no es válida (401): escriba otra en el campo «Clave de API» de arriba o bórrela.';
  } else {
    text = 'El servidor pide una clave de API (401): escríbala en el campo «Clave de API» de arriba.';
  }

  return (
    <div className="alert access-alert" role="alert" data-testid="access-error" data-status={problem.status}>
      <p>{text}</p>
      {credential.kind !== 'token' && (
        <button type="button" onClick={() => document.getElementById(API_KEY_INPUT_ID)?.focus()}>
          Ir al campo de la clave
        </button>
      )}
    </div>
  );
}
