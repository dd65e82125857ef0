// Writing results without ever harming an input: the target is compared with every input by file
// identity (device and inode after following links, so a symlink, a hard link or another spelling
// of the same path is caught), and the bytes go to a temporary file in the same folder that is
// fsynced and renamed over the target, so a crash, kill -9 or a full disk never leaves a truncated
// file where a good one was.
import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from '../core/errors';

interface Identity {
  dev: number;
  ino: number;
}

function identity(path: string): Identity | undefined {
  try {
    const st = statSync(path); // follows links
    return { dev: st.dev, ino: st.ino };
  } catch {
    return undefined;
  }
}

/** Identities of a path and, for a folder, of every file below it (links followed, loops cut). */
function inputIdentities(path: string, out: Identity[] = [], seen = new Set<string>(), depth = 0): Identity[] {
  const id = identity(path);
  if (!id) return out;
  const key = `${id.dev}:${id.ino}`;
  if (seen.has(key) || depth > 32) return out;
  seen.add(key);
  out.push(id);
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return out;
  }
  if (isDir) {
    let names: string[] = [];
    try {
      names = readdirSync(path);
    } catch {
      return out;
    }
    for (const name of names) inputIdentities(join(path, name), out, seen, depth + 1);
  }
  return out;
}

/** InputError when `target` is (a link to, or another name of) one of the inputs or a file inside an input folder. */
export function assertNotAnInput(target: string, inputs: string[], flag = '--out'): void {
  const t = identity(target);
  if (!t) return; // a new file cannot be an input
  for (const input of inputs) {
    for (const id of inputIdentities(input)) {
      if (id.dev === t.dev && id.ino === t.ino) throw new InputError(`${flag} ${target} is ${target === input ? 'the input' : `the same file as an input (${input})`}: input files are never modified`);
    }
  }
}

/**
 * Write `data` to `target` atomically (temp file in the same folder, fsync, rename), after checking
 * that the target is none of the inputs. A symlink at the target is replaced by a file, never
 * followed into what it points to.
 */
export function writeFileSafely(target: string, data: string | Uint8Array, inputs: string[] = []): void {
  assertNotAnInput(target, inputs);
  try {
    if (lstatSync(target).isDirectory()) throw new InputError(`${target} is a folder`);
  } catch (e) {
    if (e instanceof InputError) throw e;
  }
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    if (err.code) throw new InputError(`${target}: cannot write (${err.code === 'ENOSPC' ? 'disk full' : err.code === 'EFBIG' ? 'file too large' : err.code === 'EACCES' ? 'permission denied' : err.code === 'ENOENT' ? 'no such folder' : err.code})`);
    throw e;
  }
}
