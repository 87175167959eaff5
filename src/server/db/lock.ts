/**
 * The embedded installation's folder belongs to one process at a time: the one that runs its
 * PostgreSQL server (the app, or a command-line tool that started the server because no app ran).
 * The holder writes its pid into `<dataDir>/.lock` with O_EXCL; a lock whose pid is no longer alive
 * (a crash, a SIGKILL) is stale and is taken over, and the server that the dead holder started is
 * then an orphan to stop (db/embedded/server.ts). Other command-line tools connect to the holder's
 * server instead; a second app refuses.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface FolderLock {
  release(): void;
}

export class FolderLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Thư mục dữ liệu ${dataDir} đang được tiến trình ${pid} sử dụng (máy chủ đang chạy?). ` +
        `Mỗi thư mục dữ liệu chỉ chạy một máy chủ; các lệnh (seed, backup, members:import…) dùng chung máy chủ đang chạy. ` +
        `(The data folder is in use by process ${pid}: one server per folder.)`,
    );
    this.name = 'FolderLockedError';
  }
}

/** Is a process with this pid alive (EPERM: alive, another user's)? */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockPath(dataDir: string): string {
  return path.join(dataDir, '.lock');
}

/** Who holds the folder, if anyone alive does. */
export function folderLockHolder(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(lockPath(dataDir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && pidAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function acquireFolderLock(dataDir: string): FolderLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = folderLockHolder(dataDir);
      if (holder !== undefined && holder !== process.pid) throw new FolderLockedError(dataDir, holder);
      if (holder === process.pid) throw new FolderLockedError(dataDir, holder);
      // Stale lock left by a dead process: remove it and try once more.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Không lấy được khóa thư mục dữ liệu ${dataDir}`);
}
