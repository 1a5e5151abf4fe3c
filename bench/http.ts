// A small keep-alive HTTP client (node:http, loopback only) and bounded latency/throughput measurements.
import http from 'node:http';

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export class Client {
  private agent: http.Agent;
  cookie = '';

  constructor(
    readonly port: number,
    connections = 16,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    let payload: Buffer | undefined;
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (method !== 'GET') h['x-requested-with'] = 'kehu-bench';
    if (body !== undefined) {
      if (Buffer.isBuffer(body)) payload = body;
      else {
        payload = Buffer.from(JSON.stringify(body));
        h['content-type'] = 'application/json';
      }
      h['content-length'] = String(payload.length);
    }
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, method, path, headers: h, agent: this.agent }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** GET that only counts the bytes of the answer (for large downloads). */
  download(path: string): Promise<{ status: number; bytes: number; body?: string }> {
    const h: Record<string, string> = this.cookie ? { cookie: this.cookie } : {};
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, method: 'GET', path, headers: h, agent: this.agent }, (res) => {
        let bytes = 0;
        const small: Buffer[] = [];
        res.on('data', (d: Buffer) => {
          bytes += d.length;
          if (res.statusCode !== 200) small.push(d);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, body: small.length ? Buffer.concat(small).toString() : undefined }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  async json<T = any>(method: string, path: string, body?: unknown, expect = [200, 201]): Promise<T> {
    const res = await this.request(method, path, body);
    if (!expect.includes(res.status)) throw new Error(`${method} ${path} → ${res.status} ${res.body.toString().slice(0, 300)}`);
    return (res.body.length ? JSON.parse(res.body.toString()) : null) as T;
  }

  async login(username: string, password: string) {
    const res = await this.request('POST', '/api/v1/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.body.toString()}`);
    const set = res.headers['set-cookie'];
    this.cookie = String(Array.isArray(set) ? set[0] : set).split(';')[0];
  }

  close() {
    this.agent.destroy();
  }
}

export interface Stats {
  requests: number;
  concurrency: number;
  seconds: number;
  /** requests per second over the whole measurement */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  errors: number;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(latencies: number[], seconds: number, concurrency: number, errors: number): Stats {
  const s = [...latencies].sort((a, b) => a - b);
  return {
    requests: s.length,
    concurrency,
    seconds: round(seconds, 3),
    rps: round(s.length / seconds, 0),
    p50: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    p99: round(percentile(s, 99)),
    max: round(s[s.length - 1] ?? NaN),
    mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
    errors,
  };
}

/**
 * Runs `fn(i)` for i in [0, n) on `concurrency` workers and times every call (milliseconds).
 * `fn` returns false (or throws) for an unexpected answer: counted as an error, not as a latency.
 */
export async function measure(n: number, concurrency: number, fn: (i: number) => Promise<boolean | void>): Promise<Stats> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  let firstError: unknown = null;
  const t0 = performance.now();
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const t = performance.now();
      try {
        const ok = await fn(i);
        if (ok === false) errors++;
        else latencies.push(performance.now() - t);
      } catch (err) {
        errors++;
        firstError ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const stats = summarize(latencies, (performance.now() - t0) / 1000, concurrency, errors);
  if (errors > n / 10) throw new Error(`${errors} of ${n} requests failed; first: ${String(firstError)}`);
  return stats;
}
