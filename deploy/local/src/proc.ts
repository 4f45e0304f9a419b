// Process bookkeeping: pid files, detached spawning, group-wide stop, file locks, log tails.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface PidRecord {
  pid: number;
  /** A path that must appear in /proc/<pid>/cmdline: protects against a recycled pid. */
  marker: string;
  url: string;
  startedAt: string;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a process, or undefined where /proc is missing (macOS) or the process is gone. */
function cmdline(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

export function parsePidRecord(text: string): PidRecord | undefined {
  try {
    const v = JSON.parse(text) as Partial<PidRecord>;
    if (typeof v.pid !== 'number' || !Number.isInteger(v.pid) || v.pid <= 0) return undefined;
    if (typeof v.marker !== 'string' || typeof v.url !== 'string') return undefined;
    return { pid: v.pid, marker: v.marker, url: v.url, startedAt: String(v.startedAt ?? '') };
  } catch {
    return undefined;
  }
}

/**
 * Whether a pid record names a live process that is still ours. A record is stale when the process is gone or
 * its pid was recycled by an unrelated process (its command line no longer mentions our marker).
 */
export function isRecordLive(
  record: PidRecord,
  probe: { alive: (pid: number) => boolean; cmdline: (pid: number) => string | undefined } = {
    alive: isAlive,
    cmdline,
  },
): boolean {
  if (!probe.alive(record.pid)) return false;
  const cmd = probe.cmdline(record.pid);
  return cmd === undefined || cmd.includes(record.marker);
}

export function readPidFile(file: string): PidRecord | undefined {
  try {
    return parsePidRecord(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The live record in a pid file; a stale file is removed so nobody trusts it again. */
export function livePid(file: string): PidRecord | undefined {
  const record = readPidFile(file);
  if (record && isRecordLive(record)) return record;
  if (existsSync(file)) rmQuiet(file);
  return undefined;
}

export function writePidFile(file: string, record: PidRecord): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n');
  renameSync(tmp, file);
}

export function rmQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/** Starts a process in its own session (group leader), output appended to logFile, not tied to our lifetime. */
export function spawnDetached(
  command: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): number {
  mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const fd = openSync(opts.logFile, 'a');
  try {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    if (child.pid === undefined) throw new Error(`cannot start ${command}`);
    // Errors after spawn (ENOENT) surface as a dead pid during the health wait.
    child.on('error', () => undefined);
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/**
 * SIGTERM to the whole process group (kc.sh forwards to its java child, but a group kill also covers a shell
 * that died first), then SIGKILL after the grace period. Resolves once the leader is gone.
 */
export async function stopGroup(pid: number, graceMs: number): Promise<'stopped' | 'killed' | 'absent'> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        // gone
      }
    }
  };
  if (!isAlive(pid)) return 'absent';
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid) && !groupAlive(pid)) return 'stopped';
    await sleep(200);
  }
  signal('SIGKILL');
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  return 'killed';
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The last `lines` lines of a text file ('' when missing). Reads only the tail of big files. */
export function tail(file: string, lines = 40): string {
  try {
    const size = statSync(file).size;
    const fd = openSync(file, 'r');
    try {
      const length = Math.min(size, 256 * 1024);
      const buf = Buffer.alloc(length);
      readSync(fd, buf, 0, length, size - length);
      const all = buf.toString('utf8').split('\n');
      if (all[all.length - 1] === '') all.pop();
      return all.slice(-lines).join('\n');
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}

/** Renames an old log aside so the tail shown on failure belongs to this start. */
export function rotateLog(file: string): void {
  if (existsSync(file)) {
    try {
      renameSync(file, `${file}.1`);
    } catch {
      // best effort
    }
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function portInUse(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (v: boolean) => {
      socket.destroy();
      resolve(v);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

interface LockOwner {
  pid: number;
  token: string;
}

/**
 * Runs fn while holding an exclusive lock file (created with O_EXCL). A lock whose owner process is gone is
 * taken over; the read-back after writing catches the rare case of two waiters taking over the same stale lock.
 */
export async function withLock<T>(
  file: string,
  fn: () => Promise<T>,
  opts: { timeoutMs: number; what: string; log?: (line: string) => void },
): Promise<T> {
  mkdirSync(path.dirname(file), { recursive: true });
  const token = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const mine = JSON.stringify({ pid: process.pid, token } satisfies LockOwner);
  const deadline = Date.now() + opts.timeoutMs;
  let announced = false;
  for (;;) {
    try {
      writeFileSync(file, mine, { flag: 'wx' });
      await sleep(20);
      if (readFileSync(file, 'utf8') === mine) break;
      continue; // somebody replaced it while taking over a stale lock: wait again
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner: LockOwner | undefined;
    let raw = '';
    try {
      raw = readFileSync(file, 'utf8');
      owner = JSON.parse(raw) as LockOwner;
    } catch {
      owner = undefined;
    }
    const ownerGone = owner ? !isAlive(owner.pid) : lockOlderThan(file, 5_000);
    if (ownerGone) {
      // Remove only the stale content we saw, not a fresh lock written meanwhile.
      try {
        if (readFileSync(file, 'utf8') === raw) unlinkSync(file);
      } catch {
        // gone already
      }
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${opts.timeoutMs} ms waiting for the ${opts.what} lock ${file} (held by pid ${owner?.pid})`,
      );
    }
    if (!announced) {
      opts.log?.(`waiting for ${opts.what} (lock held by pid ${owner?.pid})`);
      announced = true;
    }
    await sleep(250);
  }
  try {
    return await fn();
  } finally {
    try {
      if (readFileSync(file, 'utf8') === mine) unlinkSync(file);
    } catch {
      // already released
    }
  }
}

function lockOlderThan(file: string, ms: number): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs > ms;
  } catch {
    return true;
  }
}
