/**
 * The app as it runs in production, for the benchmarks that measure the server process itself: the build
 * (node dist/server/main.js, built first) in a process of its own on a fresh database with the demo
 * tjeneste and users, and a few HTTP helpers (login, upload, wait for the preview) that go through the front door.
 * Peak RSS is read from the server's /proc/<pid>/status (VmHWM) and can be restarted between paths (clear_refs).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '../test/support/db.ts';
import { createDemo, DEMO_PASSWORD, DEMO_USERS } from '../server/cli/demo.command.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** peak RSS of the server process in MB since start or the last resetPeak (null where /proc is missing) */
  peakMb(): number | null;
  rssMb(): number | null;
  /** false where the kernel does not allow it: peaks then run from the start */
  resetPeak(): boolean;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function procStatus(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The node flags `npm start` gives the server (package.json scripts.start: `node <flags> dist/server/main.js`), so the
 * benchmarks measure the server as it is started. Throws when the script no longer has that shape.
 */
export function startFlags(): string[] {
  const start = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start'] ?? '';
  const m = /^node((?: --[\w-]+(?:=\S+)?)*) dist\/server\/main\.js$/.exec(start.trim());
  if (!m) throw new Error(`package.json scripts.start is not «node [flags] dist/server/main.js»: ${start}`);
  return (m[1] ?? '').split(' ').filter((a) => a !== '');
}

/** Starts the built server on a fresh database (PostgreSQL from DATABASE_URL, else a PGlite data directory). */
export async function startServer(): Promise<ServerProcess> {
  // built each time: a dist/ left from older sources would measure code that is not there any more
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error('npm run build failed');
  if (!process.env.DATABASE_URL) throw new Error('This benchmark measures the server on PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres).');
  const handle = await createTestDatabase();
  await createDemo(handle.db, new Date());
  const url = handle.url!;
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where its time goes
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...startFlags(), ...nodeArgs, path.join(root, 'dist/server/main.js')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SECURE_COOKIES: 'false',
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/helse`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error('the server did not become healthy within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid!;
  return {
    url: base,
    child,
    peakMb: () => procStatus(pid, 'VmHWM'),
    rssMb: () => procStatus(pid, 'VmRSS'),
    resetPeak: () => {
      try {
        fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await handle.close();
    },
  };
}

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export interface Session {
  cookie: string;
  csrf: string;
}

/** Logs a demo user in (by role) and returns the session cookie and its CSRF token. */
export async function login(base: string, role: string): Promise<Session> {
  const user = DEMO_USERS.find((u) => u.roles.includes(role as never));
  if (!user) throw new Error(`no demo user with role ${role}`);
  const page = await fetch(`${base}/logg-inn`);
  const first = cookiesOf(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error('no CSRF token on the login page');
  const res = await fetch(`${base}/logg-inn`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: first, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: user.email, passord: DEMO_PASSWORD, _csrf: token }),
  });
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  const cookie = cookiesOf(res) || first;
  const any = await (await fetch(`${base}/tjenester`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(any)?.[1];
  if (!csrf) throw new Error('no CSRF token after login');
  return { cookie, csrf };
}

/** Uploads as the browser's form does (the CSRF field before the file); returns the preview address. */
export async function uploadFile(base: string, s: Session, slug: string, register: string, bytes: Buffer, fileName: string): Promise<string> {
  const form = new FormData();
  form.append('_csrf', s.csrf);
  form.append('fil', new Blob([new Uint8Array(bytes)]), fileName);
  const res = await fetch(`${base}/t/${slug}/import/${register}`, { method: 'POST', body: form, headers: { cookie: s.cookie }, redirect: 'manual' });
  if (res.status !== 303) throw new Error(`upload answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res.headers.get('location')!;
}

/** Polls the preview page until the file is read; returns its HTML. */
export async function waitUntilRead(base: string, s: Session, location: string, everyMs = 250): Promise<string> {
  for (;;) {
    const res = await fetch(base + location, { headers: { cookie: s.cookie } });
    const html = await res.text();
    if (res.status !== 200) throw new Error(`preview answered ${res.status}`);
    if (!html.includes('Filen leses …')) return html;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function postForm(base: string, s: Session, pathName: string): Promise<number> {
  const res = await fetch(base + pathName, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: s.csrf }),
  });
  await res.text();
  return res.status;
}
