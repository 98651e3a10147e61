import { expect } from 'vitest';
import type { Agent } from '../support/agent.ts';

/** Uploads a file the way the browser's form does (multipart, the CSRF field before the file). */
export async function upload(agent: Agent, slug: string, register: string, bytes: Buffer, fileName: string, csrf: string | null) {
  const req = agent.post(`/t/${slug}/import/${register}`);
  return (csrf === null ? req : req.field('_csrf', csrf)).attach('fil', bytes, fileName);
}

/** Polls the preview page until the file is no longer being read (the background read updates the row). */
export async function waitForPreview(agent: Agent, location: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const res = await agent.get(location);
    expect(res.status).toBe(200);
    if (!res.text.includes('Filen leses …')) return res.text;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the file was still being read after 10 s');
}

/** Upload and wait for the preview; returns the preview URL and its HTML. */
export async function uploadAndPreview(agent: Agent, slug: string, register: string, bytes: Buffer, fileName: string, csrf: string) {
  const res = await upload(agent, slug, register, bytes, fileName, csrf);
  expect(res.status, res.text).toBe(303);
  const location = res.headers.location as string;
  expect(location).toMatch(new RegExp(`^/t/${slug}/import/opplasting/[0-9a-f-]{36}$`));
  return { location, html: await waitForPreview(agent, location) };
}

export { binaryParser } from '../support/binary.ts';
