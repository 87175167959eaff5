/**
 * The real local file store on a disk that runs out of space at a chosen point: the n-th object
 * written from now on fails with ENOSPC (or another errno) after a chosen number of bytes, the
 * way a full disk fails mid-write. Everything else is LocalStorage's own code, so a test sees what
 * the server really leaves behind.
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { LocalStorage } from '../storage/storage.ts';

export interface PlannedFailure {
  /** 1 = the next object written, 2 = the one after it, ... */
  object: number;
  /** Bytes of that object that reach the disk before the write fails. */
  afterBytes: number;
  /** errno code; ENOSPC unless told. */
  code?: string;
}

function errnoError(code: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${code}: simulated storage failure, write`);
  err.code = code;
  err.syscall = 'write';
  return err;
}

/** Writes to a real file and fails like the kernel would once `budget` bytes are on disk. */
function failingFileStream(file: string, budget: number, code: string): Writable {
  let fd = -1;
  let written = 0;
  return new Writable({
    construct(cb) {
      fs.open(file, 'wx', (err, opened) => {
        fd = opened;
        cb(err);
      });
    },
    write(chunk: Buffer, _enc, cb) {
      const room = budget - written;
      const part = chunk.subarray(0, Math.max(0, Math.min(room, chunk.length)));
      fs.writeSync(fd, part);
      written += part.length;
      cb(part.length < chunk.length ? errnoError(code) : null);
    },
    final(cb) {
      const f = fd;
      fd = -1;
      fs.close(f, (err) => cb(err));
    },
    destroy(err, cb) {
      if (fd < 0) return cb(err);
      const f = fd;
      fd = -1;
      fs.close(f, () => cb(err));
    },
  });
}

export class FullDiskStorage extends LocalStorage {
  private opened = 0;
  private plan: PlannedFailure | undefined;

  /** Arms the failure; counting starts at the next object written. */
  failOn(plan: PlannedFailure | undefined): void {
    this.plan = plan;
    this.opened = 0;
  }

  protected override openWrite(file: string): Writable {
    this.opened++;
    const plan = this.plan;
    if (plan && this.opened === plan.object) {
      this.plan = undefined;
      return failingFileStream(file, plan.afterBytes, plan.code ?? 'ENOSPC');
    }
    return super.openWrite(file);
  }
}
