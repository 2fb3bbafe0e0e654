import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplesDir } from '../../../test/support/repo.ts';
import { detectSubmission, InputFileError, readSubmission } from '../src/cli/read-submission.ts';

const SAMPLES = samplesDir();

describe('detectSubmission', () => {
  it('tells articles from fragments in the shared samples', async () => {
    for (const file of await readdir(join(SAMPLES, 'articles'))) {
      expect((await readSubmission(join(SAMPLES, 'articles', file))).kind, file).toBe('articulo');
    }
    for (const file of await readdir(join(SAMPLES, 'fragments'))) {
      expect((await readSubmission(join(SAMPLES, 'fragments', file))).kind, file).toBe('fragmento');
    }
  });

  it('unwraps {"articulo": ...} and {"fragmento": ...} as the REST API does', () => {
    expect(detectSubmission({ articulo: { titular: 't' } })).toEqual({ kind: 'articulo', articulo: { titular: 't' } });
    expect(detectSubmission({ fragmento: { texto_original: 'x' } })).toEqual({
      kind: 'fragmento',
      fragmento: { texto_original: 'x' },
    });
  });

  it('leaves incomplete inputs to the server to validate', () => {
    expect(detectSubmission({ titular: 'solo titular' }).kind).toBe('articulo');
    expect(detectSubmission({ id_fragmento: 'f' }).kind).toBe('fragmento');
  });

  it.each([[[1, 2]], ['texto'], [null], [{ foo: 1 }]])('refuses %j', (body) => {
    expect(() => detectSubmission(body)).toThrow(InputFileError);
  });
});

describe('readSubmission', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-input-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names a missing file', async () => {
    await expect(readSubmission(join(dir, 'nope.json'))).rejects.toThrow(/nope\.json.*no existe/);
  });

  it('names a file that is not JSON', async () => {
    await expect(readSubmission(join(SAMPLES, 'invalid', 'truncated-json.txt'))).rejects.toThrow(/no es JSON válido/);
    const file = join(dir, 'empty.json');
    await writeFile(file, '');
    await expect(readSubmission(file)).rejects.toBeInstanceOf(InputFileError);
  });
});
