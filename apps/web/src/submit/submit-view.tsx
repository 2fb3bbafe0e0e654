import { useState, type DragEvent, type FormEvent } from 'react';
import { fieldOf, type ApiErrorView } from '../api/error-details.ts';
import { readSubmissionFile, type FileSubmission } from './read-submission-file.ts';
import { useSubmit } from './use-submit.ts';

const ARTICLE_FIELDS = [
  { name: 'titular', label: 'Titular' },
  { name: 'medio', label: 'Medio' },
  { name: 'pais_publicacion', label: 'País de publicación' },
  { name: 'tipo_medio', label: 'Tipo de medio' },
  { name: 'fecha_publicacion', label: 'Fecha de publicación', hint: 'AAAA-MM-DD o fecha y hora ISO 8601' },
] as const;

type ArticleFieldName = (typeof ARTICLE_FIELDS)[number]['name'] | 'contenido_texto';

/** `detalles` grouped by the field each names; lines naming no field go under ''. */
function errorsByField(error: ApiErrorView | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of error?.detalles ?? []) {
    const key = fieldOf(line) ?? '';
    map.set(key, [...(map.get(key) ?? []), line]);
  }
  return map;
}

function FieldErrors({ id, lines }: { id: string; lines: string[] | undefined }) {
  if (!lines?.length) return null;
  return (
    <ul className="field-errors" id={id}>
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? '—' : text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

export function SubmitView() {
  const { submit, pending, error, reset } = useSubmit();
  const [source, setSource] = useState<'form' | 'file'>('form');
  const [values, setValues] = useState<Record<ArticleFieldName, string>>({
    titular: '',
    medio: '',
    pais_publicacion: '',
    tipo_medio: 'digital',
    fecha_publicacion: new Date().toISOString().slice(0, 10),
    contenido_texto: '',
  });
  const [file, setFile] = useState<{ name: string; submission: FileSubmission } | null>(null);
  const [dragging, setDragging] = useState(false);
  const errors = errorsByField(error);

  function onSubmitForm(event: FormEvent) {
    event.preventDefault();
    setSource('form');
    setFile(null);
    submit({ kind: 'articulo', body: values });
  }

  async function takeFile(picked: File | undefined) {
    if (!picked) return;
    reset();
    const submission = readSubmissionFile(await picked.text());
    setSource('file');
    setFile({ name: picked.name, submission });
    if (submission.kind !== 'invalid') submit(submission);
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    void takeFile(event.dataTransfer.files[0]);
  }

  const formErrors = source === 'form' ? errors : new Map<string, string[]>();
  const field = (name: ArticleFieldName) => ({
    id: `campo-${name}`,
    name,
    value: values[name],
    'aria-required': true,
    'aria-invalid': formErrors.has(name) || undefined,
    'aria-describedby': formErrors.has(name) ? `error-${name}` : undefined,
    onChange: (event: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: event.target.value })),
  });
  const general = error && (error.detalles.length === 0 ? [error.message] : (errors.get('') ?? []));

  return (
    <section aria-labelledby="submit-title" className="panel submit">
      <h2 id="submit-title">Enviar un artículo o un fragmento</h2>
      {error && (
        <div className="alert" role="alert" data-testid="submit-error">
          <p>{error.message}</p>
          {general && general.length > 0 && (
            <ul>
              {general.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="submit-grid">
        <form onSubmit={onSubmitForm} noValidate aria-labelledby="form-title">
          <h3 id="form-title">Pegar un texto</h3>
          {ARTICLE_FIELDS.map((f) => (
            <div className="field" key={f.name}>
              <label htmlFor={`campo-${f.name}`}>{f.label}</label>
              <input type="text" {...field(f.name)} placeholder={'hint' in f ? f.hint : undefined} />
              <FieldErrors id={`error-${f.name}`} lines={formErrors.get(f.name)} />
            </div>
          ))}
          <div className="field">
            <label htmlFor="campo-contenido_texto">Texto del artículo (al menos 50 caracteres)</label>
            <textarea rows={10} {...field('contenido_texto')} />
            <FieldErrors id="error-contenido_texto" lines={formErrors.get('contenido_texto')} />
          </div>
          <button type="submit" disabled={pending}>
            {pending ? 'Enviando…' : 'Procesar artículo'}
          </button>
        </form>

        <div aria-labelledby="file-title">
          <h3 id="file-title">O soltar un archivo JSON</h3>
          <label
            className={`dropzone${dragging ? ' dropzone-active' : ''}`}
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <span>Suelte aquí un artículo o un fragmento (.json), o pulse para elegirlo</span>
            <input
              type="file"
              accept="application/json,.json"
              aria-label="Archivo JSON de un artículo o un fragmento"
              onChange={(event) => void takeFile(event.target.files?.[0])}
            />
          </label>
          {file && (
            <div className="file-report" data-testid="file-report">
              <p>
                <strong>{file.name}</strong>
                {file.submission.kind === 'invalid'
                  ? ''
                  : file.submission.kind === 'articulo'
                    ? ' · artículo'
                    : ' · fragmento'}
              </p>
              {file.submission.kind === 'invalid' ? (
                <p className="field-errors" role="alert">
                  {file.submission.reason}
                </p>
              ) : (
                <FileFields body={file.submission.body} errors={source === 'file' ? errors : new Map()} />
              )}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

/** The file's fields, each with the server's complaints about it beside it. */
function FileFields({ body, errors }: { body: Record<string, unknown>; errors: Map<string, string[]> }) {
  const names = [...new Set([...Object.keys(body), ...[...errors.keys()].filter(Boolean)])];
  return (
    <table className="file-fields">
      <caption>Campos del archivo</caption>
      <thead>
        <tr>
          <th scope="col">Campo</th>
          <th scope="col">Valor</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {names.map((name) => (
          <tr key={name} data-field={name} className={errors.has(name) ? 'has-error' : undefined}>
            <th scope="row">{name}</th>
            <td>{name in body ? preview(body[name]) : '—'}</td>
            <td className="field-errors">{errors.get(name)?.join(' · ') ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
