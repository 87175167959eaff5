/**
 * The real server (`node --import tsx src/server/main.ts`) as a child process on a data folder or
 * PostgreSQL database the test keeps across restarts, so it can be killed with SIGKILL and started
 * again on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exited, freePort } from '../testing/process.ts';
export { freePort };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ServerProcess {
  url: string;
  pid: number;
  output(): string;
  /** SIGKILL, no chance to clean up; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown); resolves once the process is gone. */
  stop(): Promise<void>;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal); // the whole group, in case node started helpers
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** Starts the server with `env` (DATA_DIR or DATABASE_URL, ...) and waits until /api/health says ok. */
export async function startServerProcess(env: Record<string, string>, port: number, timeoutMs = 90_000): Promise<ServerProcess> {
  const url = `http://127.0.0.1:${port}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    ...env,
  };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  delete childEnv.VITEST;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  // A failing test runner must not leave the server behind.
  const onExit = () => signalGroup(child, 'SIGKILL');
  process.on('exit', onExit);
  const end = async (signal: NodeJS.Signals) => {
    signalGroup(child, signal);
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 15_000);
    await exited(child);
    clearTimeout(timer);
    process.off('exit', onExit);
  };
  const server: ServerProcess = {
    url,
    pid: child.pid!,
    output: () => out,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited early (${child.exitCode ?? child.signalCode}):\n${out}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok && ((await res.json()) as { status?: string }).status === 'ok') return server;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await server.kill();
      throw new Error(`server not healthy after ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
