import { describe, expect, it } from 'vitest';
import { ApiKeysFileError, loadApiKeysFile } from '../src/access/api-keys.ts';
import { isLoopback } from '../src/access/is-loopback.ts';
import { redactUrl } from '../src/access/log-redaction.ts';
import { ConfigError, parseConfig } from '../src/config.ts';
import { keysFileEntries, writeKeysFile } from './support/access.ts';

describe('the loopback rule of protected mode', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.0.0.2', true],
    ['127.255.255.254', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['192.168.1.10', false],
    ['203.0.113.9', false],
    ['::ffff:203.0.113.9', false],
    ['::2', false],
    ['fe80::1', false],
    ['128.0.0.1', false],
    ['', false],
    [undefined, false],
  ])('%s -> %s', (address, loopback) => {
    expect(isLoopback(address)).toBe(loopback);
  });
});

describe('API_KEYS_FILE', () => {
  it('loads hashed keys with their roles', () => {
    const file = writeKeysFile(keysFileEntries(['alice', 'root']));
    expect(loadApiKeysFile(file).map(({ name, role }) => ({ name, role }))).toEqual([
      { name: 'alice', role: 'client' },
      { name: 'root', role: 'admin' },
    ]);
    expect(parseConfig({ API_KEYS_FILE: file })).toMatchObject({
      authMode: 'keys',
      apiKeys: [{ name: 'alice' }, { name: 'root' }],
    });
  });

  it.each([
    ['missing', null, /no se pudo leer \(ENOENT\)/],
    ['not JSON', '[{', /JSON mal formado/],
    ['empty', [], /al menos una clave/],
    ['a bad hash', [{ name: 'x', key_sha256: 'abc', role: 'client' }], /0\.key_sha256: debe ser el SHA-256/],
    ['an unknown role', [{ name: 'x', key_sha256: 'a'.repeat(64), role: 'root' }], /0\.role/],
    ['a plain key field', [{ name: 'x', key_sha256: 'a'.repeat(64), role: 'client', key: 'secreto' }], /0: /],
    [
      'a repeated name',
      [
        { name: 'x', key_sha256: 'a'.repeat(64), role: 'client' },
        { name: 'x', key_sha256: 'b'.repeat(64), role: 'admin' },
      ],
      /'x' está repetido/,
    ],
  ])('refuses a file that is %s, naming the file and the problem', (_, contents, problem) => {
    const file = contents === null ? '/nonexistent/keys.json' : writeKeysFile(contents);
    expect(() => loadApiKeysFile(file)).toThrow(ApiKeysFileError);
    expect(() => loadApiKeysFile(file)).toThrow(problem);
    let error: unknown;
    try {
      parseConfig({ API_KEYS_FILE: file });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(`API_KEYS_FILE '${file}'`);
    expect((error as ConfigError).message).not.toContain('secreto');
  });

  it('refuses AUTH_MODE=open with a keys file, and never echoes READ_TOKEN_SECRET', () => {
    expect(() => parseConfig({ API_KEYS_FILE: writeKeysFile(keysFileEntries(['alice'])), AUTH_MODE: 'open' })).toThrow(
      /AUTH_MODE/,
    );
    expect(() => parseConfig({ READ_TOKEN_SECRET: 'corto' })).toThrow(/READ_TOKEN_SECRET: .*\*\*\*/);
    expect(parseConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(parseConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(parseConfig({ TRUST_PROXY: '10.0.0.0/8' }).trustProxy).toBe('10.0.0.0/8');
    expect(parseConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(() => parseConfig({ CORS_ORIGINS: 'no-es-url' })).toThrow(ConfigError);
  });
});

it('request logs never show a read token', () => {
  expect(redactUrl('/status/req_1?access_token=rt1.a.b.c')).toBe('/status/req_1?access_token=[redactado]');
  expect(redactUrl('/trpc/onStatus?input=x&access_token=rt1.a&b=1')).toBe(
    '/trpc/onStatus?input=x&access_token=[redactado]&b=1',
  );
  expect(redactUrl('/status/req_1')).toBe('/status/req_1');
});
