import { describe, expect, it } from 'vitest';
import { describeErrors, errorCount, parseWrkOutput } from '../support/wrk.ts';

// Outputs of wrk 4.1.0 (Debian), `-t1 -c10 -d1s --latency`, against a route answering 200, one
// answering 404, one answering 500 every other request and one closing every third connection.
const header = (path: string) => `Running 1s test @ http://127.0.0.1:8080/${path}
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   371.29us  558.42us   6.22ms   93.42%
    Req/Sec    37.37k    11.73k   45.80k    80.00%
  Latency Distribution
     50%  203.00us
     75%  272.00us
     90%  479.00us
     99%    3.30ms
`;
const ok = `${header('ok')}  36831 requests in 1.00s, 4.36MB read
Requests/sec:  36735.30
Transfer/sec:      4.34MB
`;
const notFound = `${header('404')}  37051 requests in 1.00s, 7.14MB read
  Non-2xx or 3xx responses: 37051
Requests/sec:  37033.67
Transfer/sec:      7.13MB
`;
const half = `${header('half')}  39763 requests in 1.00s, 5.40MB read
  Non-2xx or 3xx responses: 19881
Requests/sec:  39754.89
Transfer/sec:      5.40MB
`;
const dropped = `${header('drop')}  8449 requests in 1.01s, 1.00MB read
  Socket errors: connect 0, read 4224, write 0, timeout 3
Requests/sec:   8379.57
Transfer/sec:      0.99MB
`;

describe('parseWrkOutput', () => {
  it('reads throughput and latency of a clean run, with no errors', () => {
    const result = parseWrkOutput(ok);
    expect(result).toMatchObject({ rps: 36735.3, requests: 36831, p50Ms: 0.203, p99Ms: 3.3 });
    expect(errorCount(result)).toBe(0);
    expect(describeErrors(result, result.requests)).toBe('no errors');
  });

  it('counts non-2xx responses, which wrk prints only when there are some', () => {
    expect(parseWrkOutput(notFound)).toMatchObject({ requests: 37051, non2xx: 37051 });
    const result = parseWrkOutput(half);
    expect(errorCount(result)).toBe(19881);
    expect(describeErrors(result, result.requests)).toBe('19,881 non-2xx responses of 39,763');
  });

  it('counts every kind of socket error', () => {
    const result = parseWrkOutput(dropped);
    expect(result).toMatchObject({ connect: 0, read: 4224, write: 0, timeout: 3, non2xx: 0 });
    expect(errorCount(result)).toBe(4227);
    expect(describeErrors(result, result.requests)).toBe('socket errors: read 4,224, timeout 3');
  });
});
