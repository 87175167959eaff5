/** One load scenario: autocannon against a running process, with its RSS sampled meanwhile. */
import fs from 'node:fs';
import autocannon from 'autocannon';

export interface ScenarioResult {
  scenario: string;
  engine: string;
  requestsPerSec: number;
  ratio: number | null;
  p50: number;
  /** autocannon reports p97.5, not p95; it is the conservative stand-in for p95 targets. */
  p97_5: number;
  p99: number;
  errors: number;
  non2xx: number;
  rssMb: number | null;
  note?: string;
}

export interface RequestSpec {
  method?: 'GET' | 'POST';
  path: () => string;
  headers?: () => Record<string, string>;
  body?: () => string;
  /** Called after path/headers/body of each request: a tag carried to onResponse (per connection, no pipelining). */
  mark?: () => string;
  onResponse?: (mark: string, status: number) => void;
}

function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

export async function runLoad(opts: { url: string; connections: number; seconds: number; spec: RequestSpec; pid?: number }): Promise<Omit<ScenarioResult, 'scenario' | 'engine' | 'ratio'>> {
  let maxRss = rssMb(opts.pid) ?? 0;
  const timer = setInterval(() => (maxRss = Math.max(maxRss, rssMb(opts.pid) ?? 0)), 200);
  try {
    const result = await autocannon({
      url: opts.url,
      connections: opts.connections,
      duration: opts.seconds,
      requests: [
        {
          method: opts.spec.method ?? 'GET',
          setupRequest: (req, context: object) => {
            const next = {
              ...req,
              path: opts.spec.path(),
              headers: { ...(req.headers ?? {}), ...(opts.spec.headers?.() ?? {}) },
              ...(opts.spec.body ? { body: opts.spec.body() } : {}),
            };
            if (opts.spec.mark) (context as { mark?: string }).mark = opts.spec.mark();
            return next;
          },
          ...(opts.spec.onResponse ? { onResponse: (status: number, _body: string, context: object) => opts.spec.onResponse!(String((context as { mark?: string }).mark), status) } : {}),
        },
      ],
    });
    return {
      requestsPerSec: Math.round(result.requests.average),
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      rssMb: opts.pid ? maxRss : null,
    };
  } finally {
    clearInterval(timer);
  }
}
