/** One load scenario: autocannon against a running process, with its RSS sampled meanwhile. */
import fs from 'node:fs';
import http from 'node:http';
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
  /**
   * CPU time per answered request, in microseconds: of the app process(es), and of every
   * PostgreSQL process on the machine (its other users included). Unlike requests/s this barely
   * moves when other work shares the cores, so it is the figure to compare before/after a change.
   */
  appCpuUs?: number | null;
  dbCpuUs?: number | null;
  note?: string;
}

/** utime + stime of a process in clock ticks (100 a second on Linux), 0 when it is gone. */
function cpuTicks(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Ticks used so far by each process named `postgres` (server and backends), by pid. */
function postgresTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') ticks.set(Number(entry), cpuTicks(Number(entry)));
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks;
}

/** Ticks used between two snapshots by the processes alive at the second (new ones from zero). */
function ticksSince(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, t] of after) sum += Math.max(0, t - (before.get(pid) ?? 0));
  return sum;
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

/** RSS of one process, or the sum over several (app processes of a multi-process run). */
function rssMb(pid: number | number[] | undefined): number | null {
  if (Array.isArray(pid)) return pid.reduce<number | null>((sum, p) => (sum ?? 0) + (rssMb(p) ?? 0), null);
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** What a driver reports: requests answered, latency percentiles (ms), failures. */
interface Driven {
  total: number;
  requestsPerSec: number;
  p50: number;
  p97_5: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/**
 * `url` may list several app processes: the connections are spread over them round-robin.
 * Without `rate`, autocannon drives `connections` clients that send again as soon as answered
 * (saturating: throughput, and past capacity only queueing). With `rate`, requests arrive at that
 * pace (paced below): the latency a user sees at that load.
 */
export async function runLoad(opts: {
  url: string | string[];
  connections: number;
  seconds: number;
  spec: RequestSpec;
  pid?: number | number[];
  rate?: number;
}): Promise<Omit<ScenarioResult, 'scenario' | 'engine' | 'ratio'>> {
  let maxRss = rssMb(opts.pid) ?? 0;
  const timer = setInterval(() => (maxRss = Math.max(maxRss, rssMb(opts.pid) ?? 0)), 200);
  const appPids = opts.pid === undefined ? [] : Array.isArray(opts.pid) ? opts.pid : [opts.pid];
  const appTicks = () => appPids.reduce((sum, p) => sum + cpuTicks(p), 0);
  const app0 = appTicks();
  const db0 = postgresTicks();
  try {
    const r = opts.rate ? await paced({ ...opts, rate: opts.rate }) : await saturating(opts);
    const answered = Math.max(1, r.total);
    const perRequest = (ticks: number) => Math.round((ticks * 10_000) / answered);
    return {
      appCpuUs: appPids.length ? perRequest(appTicks() - app0) : null,
      dbCpuUs: perRequest(ticksSince(db0, postgresTicks())),
      requestsPerSec: r.requestsPerSec,
      p50: r.p50,
      p97_5: r.p97_5,
      p99: r.p99,
      errors: r.errors,
      non2xx: r.non2xx,
      rssMb: opts.pid ? maxRss : null,
    };
  } finally {
    clearInterval(timer);
  }
}

async function saturating(opts: {
  url: string | string[];
  connections: number;
  seconds: number;
  spec: RequestSpec;
}): Promise<Driven> {
  const result = await autocannon({
    // autocannon accepts several URLs (its README), though its type declares one string.
    url: opts.url as string,
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
        ...(opts.spec.onResponse
          ? {
              onResponse: (status: number, _body: string, context: object) =>
                opts.spec.onResponse!(String((context as { mark?: string }).mark), status),
            }
          : {}),
      },
    ],
  });
  return {
    total: result.requests.total,
    requestsPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * Requests sent one every 1/rate seconds, evenly, over keep-alive connections (at most
 * `connections` open). autocannon's own rate limit sends each second's requests in one burst at
 * the start of the second, which measures a burst of `rate` simultaneous requests instead. Each
 * latency counts from the moment the request was due, so a server that falls behind is charged
 * for the wait too (no coordinated omission).
 */
async function paced(opts: {
  url: string | string[];
  connections: number;
  seconds: number;
  spec: RequestSpec;
  rate: number;
}): Promise<Driven> {
  const urls = Array.isArray(opts.url) ? opts.url : [opts.url];
  const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(1, Math.floor(opts.connections / urls.length)) });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const interval = 1000 / opts.rate;
  const count = Math.round(opts.seconds * opts.rate);
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const path = opts.spec.path();
    const headers = opts.spec.headers?.() ?? {};
    const body = opts.spec.body?.();
    const mark = opts.spec.mark?.() ?? '';
    const base = new URL(urls[i % urls.length]!);
    inFlight.push(
      new Promise<void>((resolve) => {
        const req = http.request(
          { host: base.hostname, port: base.port, path, method: opts.spec.method ?? 'GET', headers, agent, timeout: 10_000 },
          (res) => {
            res.resume();
            res.on('end', () => {
              const status = res.statusCode ?? 0;
              latencies.push(performance.now() - due);
              if (status < 200 || status >= 300) non2xx++;
              opts.spec.onResponse?.(mark, status);
              resolve();
            });
          },
        );
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', () => {
          errors++;
          resolve();
        });
        req.end(body);
      }),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!) : 0;
  return {
    total: latencies.length,
    requestsPerSec: Math.round(latencies.length / elapsed),
    p50: at(0.5),
    p97_5: at(0.975),
    p99: at(0.99),
    errors,
    non2xx,
  };
}
