import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  isRecordLive,
  livePid,
  parsePidRecord,
  sleep,
  spawnDetached,
  stopGroup,
  tail,
  withLock,
  writePidFile,
  type PidRecord,
} from './proc';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'proc-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that certainly belongs to no process: one that just exited. */
function deadPid(): number {
  const res = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(res.stdout.toString());
}

describe('pid records', () => {
  const record: PidRecord = { pid: 4242, marker: '/repo/.infra/test', url: 'x', startedAt: '' };

  it('parses only well-formed records', () => {
    expect(parsePidRecord(JSON.stringify(record))).toEqual(record);
    expect(parsePidRecord('12345')).toBeUndefined();
    expect(parsePidRecord('{"pid":-1,"marker":"m","url":"u"}')).toBeUndefined();
    expect(parsePidRecord('{"pid":12,"url":"u"}')).toBeUndefined();
  });

  it('treats a dead process or a recycled pid as stale', () => {
    const probe = (alive: boolean, cmd: string | undefined) => ({ alive: () => alive, cmdline: () => cmd });
    expect(isRecordLive(record, probe(false, undefined))).toBe(false);
    expect(isRecordLive(record, probe(true, 'java -Dwage.infra.dir=/repo/.infra/test kafka.Kafka'))).toBe(
      true,
    );
    expect(isRecordLive(record, probe(true, '/usr/bin/vim notes.txt'))).toBe(false);
    // Without /proc (macOS) a live pid is trusted.
    expect(isRecordLive(record, probe(true, undefined))).toBe(true);
  });

  it('removes a pid file whose process is gone', () => {
    const file = path.join(dir, 'kafka.pid');
    writePidFile(file, { ...record, pid: deadPid() });
    expect(livePid(file)).toBeUndefined();
    expect(existsSync(file)).toBe(false);
  });

  it('keeps the pid file of a live process of ours', () => {
    const file = path.join(dir, 'self.pid');
    // This jest worker's own command line contains the path of jest; use that as the marker.
    const marker = readFileSync(`/proc/${process.pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    writePidFile(file, { ...record, pid: process.pid, marker });
    expect(livePid(file)?.pid).toBe(process.pid);
  });
});

describe('spawnDetached and stopGroup', () => {
  it('starts a process in its own group that outlives nothing but our signal, and stops it with SIGTERM', async () => {
    const log = path.join(dir, 'out.log');
    const pid = spawnDetached(process.execPath, ['-e', "console.log('up'); setInterval(() => {}, 1000)"], {
      cwd: dir,
      env: process.env,
      logFile: log,
    });
    for (let i = 0; i < 50 && !readFileSync(log, 'utf8').includes('up'); i++) await sleep(100);
    expect(tail(log)).toBe('up');
    // Its own process group: the group id equals its pid.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    expect(Number(stat[2])).toBe(pid);
    expect(await stopGroup(pid, 5000)).toBe('stopped');
    expect(await stopGroup(pid, 5000)).toBe('absent');
  });

  it('kills a process that ignores SIGTERM after the grace period', async () => {
    const pid = spawnDetached(
      process.execPath,
      ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"],
      {
        cwd: dir,
        env: process.env,
        logFile: path.join(dir, 'stubborn.log'),
      },
    );
    await sleep(300);
    expect(await stopGroup(pid, 500)).toBe('killed');
  });
});

describe('withLock', () => {
  it('runs holders one at a time', async () => {
    const file = path.join(dir, 'a.lock');
    const events: string[] = [];
    const holder = (name: string) =>
      withLock(
        file,
        async () => {
          events.push(`${name}+`);
          await sleep(100);
          events.push(`${name}-`);
        },
        { timeoutMs: 5000, what: 'test' },
      );
    await Promise.all([holder('a'), holder('b'), holder('c')]);
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i]?.slice(0, 1)).toBe(events[i + 1]?.slice(0, 1));
    }
    expect(existsSync(file)).toBe(false);
  });

  it('takes over a lock whose owner died', async () => {
    const file = path.join(dir, 'b.lock');
    writeFileSync(file, JSON.stringify({ pid: deadPid(), token: 'old' }));
    await expect(withLock(file, async () => 'ran', { timeoutMs: 2000, what: 'test' })).resolves.toBe('ran');
  });

  it('gives up after the timeout when the owner lives', async () => {
    const file = path.join(dir, 'c.lock');
    writeFileSync(file, JSON.stringify({ pid: process.pid, token: 'other' }));
    await expect(withLock(file, async () => 'ran', { timeoutMs: 300, what: 'test' })).rejects.toThrow(
      /timed out/,
    );
  });

  it('releases the lock when the holder throws', async () => {
    const file = path.join(dir, 'd.lock');
    await expect(
      withLock(file, async () => Promise.reject(new Error('boom')), { timeoutMs: 1000, what: 'test' }),
    ).rejects.toThrow('boom');
    expect(existsSync(file)).toBe(false);
  });
});

describe('tail', () => {
  it('returns the last lines of a file and nothing for a missing one', () => {
    const file = path.join(dir, 'log');
    writeFileSync(file, Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n') + '\n');
    expect(tail(file, 3)).toBe('line 97\nline 98\nline 99');
    expect(tail(path.join(dir, 'nope'))).toBe('');
  });
});
