import { parseArgs } from 'node:util';

export const DEFAULT_URL = 'http://localhost:8000';
/** How long `submit` and `watch` wait for the final state unless `--timeout` says otherwise. */
export const DEFAULT_TIMEOUT_SECONDS = 600;

/** `apiKey`: from --api-key, else NOTICIAS_API_KEY; sent on every call. */
export type CliCommand =
  | { name: 'help' }
  | { name: 'submit'; file: string; url: string; json: boolean; timeoutSeconds: number; apiKey?: string }
  | { name: 'status'; jobId: string; url: string; json: boolean; apiKey?: string }
  | { name: 'watch'; jobId: string; url: string; json: boolean; timeoutSeconds: number; apiKey?: string }
  | { name: 'cancel'; jobId: string; url: string; json: boolean; apiKey?: string };

/** Bad command line: the message says what to fix; exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'USAGE' as const;
}

export const USAGE = `Uso:
  pnpm cli submit <archivo.json> [--url URL] [--json] [--timeout SEGUNDOS]
      Envía un artículo o un fragmento (se detecta por sus campos), muestra el progreso por las
      cuatro fases y un resumen. Con --json espera e imprime el resultado completo.
  pnpm cli status <job_id> [--url URL] [--json]
      Estado actual de un job.
  pnpm cli watch <job_id> [--url URL] [--json] [--timeout SEGUNDOS]
      Sigue un job en vivo hasta que termina.
  pnpm cli cancel <job_id> [--url URL] [--json]
      Cancela un job pendiente o en proceso (termina 'failed', tipo 'cancelled').

  --url      servidor (por defecto ${DEFAULT_URL})
  --api-key  clave de API del servidor (por defecto la variable NOTICIAS_API_KEY)
  --json     salida JSON en stdout
  --timeout  segundos de espera máxima (por defecto ${DEFAULT_TIMEOUT_SECONDS})

Códigos de salida: 0 correcto, 1 el job falló, 2 uso incorrecto o entrada inválida,
3 servidor inaccesible o job no encontrado.`;

function parseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url no es una URL válida: '${raw}' (ejemplo: ${DEFAULT_URL})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url debe empezar por http:// o https://: '${raw}'`);
  }
  return raw.replace(/\/+$/, '');
}

function parseTimeout(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`--timeout debe ser un número de segundos mayor que 0: '${raw}'`);
  return seconds;
}

export function parseCliArgs(argv: readonly string[], envApiKey?: string): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: 'string' },
        'api-key': { type: 'string' },
        json: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command, target, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') return { name: 'help' };
  if (rest.length > 0) throw new UsageError(`Argumentos de más: ${rest.join(' ')}`);
  const url = parseUrl(values.url ?? DEFAULT_URL);
  const key = values['api-key'] ?? (envApiKey || undefined);
  if (key !== undefined && !/^[\x21-\x7e]+$/.test(key))
    throw new UsageError('--api-key: la clave solo puede tener caracteres ASCII visibles');
  const auth = key === undefined ? {} : { apiKey: key };

  switch (command) {
    case 'submit':
      if (!target) throw new UsageError('Falta el archivo: pnpm cli submit <archivo.json>');
      return {
        name: 'submit',
        file: target,
        url,
        json: values.json,
        timeoutSeconds: parseTimeout(values.timeout),
        ...auth,
      };
    case 'status':
      if (!target) throw new UsageError('Falta el id del job: pnpm cli status <job_id>');
      return { name: 'status', jobId: target, url, json: values.json, ...auth };
    case 'watch':
      if (!target) throw new UsageError('Falta el id del job: pnpm cli watch <job_id>');
      return {
        name: 'watch',
        jobId: target,
        url,
        json: values.json,
        timeoutSeconds: parseTimeout(values.timeout),
        ...auth,
      };
    case 'cancel':
      if (!target) throw new UsageError('Falta el id del job: pnpm cli cancel <job_id>');
      return { name: 'cancel', jobId: target, url, json: values.json, ...auth };
    default:
      throw new UsageError(`Comando desconocido: '${command}' (use submit, status, watch o cancel)`);
  }
}
