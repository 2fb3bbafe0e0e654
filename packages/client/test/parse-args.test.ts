import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_SECONDS, DEFAULT_URL, parseCliArgs, UsageError } from '../src/cli/parse-args.ts';

describe('parseCliArgs', () => {
  it('parses the three commands with defaults', () => {
    expect(parseCliArgs(['submit', 'a.json'])).toEqual({
      name: 'submit',
      file: 'a.json',
      url: DEFAULT_URL,
      json: false,
      timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    });
    expect(parseCliArgs(['status', 'req_x', '--json'])).toEqual({
      name: 'status',
      jobId: 'req_x',
      url: DEFAULT_URL,
      json: true,
    });
    expect(parseCliArgs(['watch', 'req_x', '--url', 'http://h:1/', '--timeout', '2.5'])).toEqual({
      name: 'watch',
      jobId: 'req_x',
      url: 'http://h:1',
      json: false,
      timeoutSeconds: 2.5,
    });
  });

  it('takes an API key from --api-key, else from NOTICIAS_API_KEY (passed in)', () => {
    expect(parseCliArgs(['status', 'req_x', '--api-key', 'k1'], 'k2')).toMatchObject({ apiKey: 'k1' });
    expect(parseCliArgs(['status', 'req_x'], 'k2')).toMatchObject({ apiKey: 'k2' });
    expect(parseCliArgs(['status', 'req_x'], '')).not.toHaveProperty('apiKey');
    expect(() => parseCliArgs(['status', 'req_x', '--api-key', 'con espacio'])).toThrow(UsageError);
  });

  it('accepts options before the command', () => {
    expect(parseCliArgs(['--url=http://x:9', 'status', 'req_y'])).toMatchObject({ name: 'status', url: 'http://x:9' });
  });

  it('asks for help with no command, help or -h', () => {
    expect(parseCliArgs([])).toEqual({ name: 'help' });
    expect(parseCliArgs(['help'])).toEqual({ name: 'help' });
    expect(parseCliArgs(['submit', '-h'])).toEqual({ name: 'help' });
  });

  it.each([
    [['submit'], /Falta el archivo/],
    [['status'], /Falta el id/],
    [['frobnicate', 'x'], /Comando desconocido/],
    [['status', 'a', 'b'], /Argumentos de más/],
    [['status', 'a', '--url', 'localhost:8000'], /--url/],
    [['status', 'a', '--url', 'ftp://h'], /http:\/\//],
    [['submit', 'a', '--timeout', '0'], /--timeout/],
    [['submit', 'a', '--timeout', 'soon'], /--timeout/],
    [['submit', 'a', '--colour'], /colour/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
