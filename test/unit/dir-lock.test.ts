import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDirLock, isAlive } from '../../server/platform/db/database.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
function tmpDir() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kodeverk-lock-'));
  dirs.push(d);
  return d;
}
const lockOf = (d: string) => path.join(d, 'kodeverk.lock');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The pid of a process that has exited and been reaped: nobody has it any more. */
function deadPid(): number {
  const r = spawnSync('sh', ['-c', 'echo $$']);
  return Number(r.stdout.toString().trim());
}

describe('the embedded database directory lock', () => {
  it('when the directory is free, then the lock is taken with this pid and released again', () => {
    const d = tmpDir();
    const release = acquireDirLock(d);
    expect(fs.readFileSync(lockOf(d), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockOf(d))).toBe(false);
  });

  it('when the lock belongs to a running process, then it is refused with a message naming the pid', async () => {
    const d = tmpDir();
    const child = spawn('sleep', ['10']);
    try {
      fs.writeFileSync(lockOf(d), String(child.pid));
      expect(() => acquireDirLock(d)).toThrow(`brukes allerede av en annen prosess (pid ${child.pid})`);
    } finally {
      child.kill();
    }
  });

  it('when the lock belongs to a process that is gone, then it is taken over', () => {
    const d = tmpDir();
    const pid = deadPid();
    expect(isAlive(pid)).toBe(false);
    fs.writeFileSync(lockOf(d), String(pid));
    acquireDirLock(d)();
  });

  it.runIf(process.platform === 'linux')('when the lock belongs to a zombie (exited, not reaped), then it does not count as alive and the lock is taken over', async () => {
    // the background sleep exits after 0.1 s; its parent has become `sleep 5`, which never reaps it
    const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 5']);
    try {
      const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (b: Buffer) => resolve(Number(b.toString().trim()))));
      await sleep(500);
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      expect(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)).toBe('Z');
      // kill(0) alone would say alive
      expect(() => process.kill(pid, 0)).not.toThrow();
      expect(isAlive(pid)).toBe(false);
      const d = tmpDir();
      fs.writeFileSync(lockOf(d), String(pid));
      acquireDirLock(d)();
    } finally {
      parent.kill();
    }
  });

  it('when several processes take over the same stale lock at once, then exactly one gets it', async () => {
    const d = tmpDir();
    fs.writeFileSync(lockOf(d), String(deadPid()));
    const script = `import { acquireDirLock } from './server/platform/db/database.ts';
      try { acquireDirLock(${JSON.stringify(d)}); console.log('ok'); setTimeout(() => {}, 8000); } catch (e) { console.log('refused'); }`;
    const children = Array.from({ length: 4 }, () => spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root }));
    const outputs = await Promise.all(
      children.map(
        (c) =>
          new Promise<string>((resolve) => {
            let out = '';
            c.stdout.on('data', (b: Buffer) => {
              out += b.toString();
              if (/ok|refused/.test(out)) resolve(out.trim());
            });
            c.on('exit', () => resolve(out.trim()));
          }),
      ),
    );
    for (const c of children) c.kill();
    expect(outputs.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outputs.filter((o) => o === 'refused')).toHaveLength(3);
  }, 60_000);
});
