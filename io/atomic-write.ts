import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Write a file so that a crash leaves either the old or the new content, never a mix:
 * temp file in the same folder, fsync, rename over the target, fsync the folder.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = tempPathOf(path);
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } catch (e) {
    unlessFolderSyncUnsupported(e);
  } finally {
    closeSync(dirFd);
  }
}

/**
 * {@link writeFileAtomic} on libuv's thread pool: the calling thread goes on while the data
 * is written and synced. Resolves once the file and its folder entry are durable.
 */
export async function writeFileAtomicAsync(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  await replaceFileAsync(path, data);
  await syncFolderAsync(dir);
}

/**
 * The file half of {@link writeFileAtomicAsync}, for many files into folders that exist:
 * the content is durable when it resolves, the name only once {@link syncFolderAsync} of
 * its folder has resolved after it (one folder sync can cover many files).
 */
export async function replaceFileAsync(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempPathOf(path);
  try {
    const file = await open(tmp, 'w');
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Makes the folder's entries (files renamed into it) durable. */
export async function syncFolderAsync(dir: string): Promise<void> {
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } catch (e) {
    unlessFolderSyncUnsupported(e);
  } finally {
    await folder.close();
  }
}

/** Whether `name` (in the target's folder) is a temp file an interrupted atomic write of `target` left. */
export function isTempFileOf(name: string, target: string): boolean {
  return name.startsWith(`.${target}.`) && name.endsWith('.tmp');
}

// Writes in flight together need temp files of their own.
let writes = 0;

function tempPathOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${++writes}.tmp`);
}

/** Some file systems cannot fsync a folder (EINVAL / EISDIR / EPERM): the rename is done then. */
function unlessFolderSyncUnsupported(e: unknown): void {
  const code = (e as NodeJS.ErrnoException).code;
  if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw e;
}
