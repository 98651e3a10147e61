import type { Express } from 'express';
import request from 'supertest';
import { PASSWORD } from './factories.ts';

export type Agent = ReturnType<typeof request.agent>;

/** Reads the CSRF token from a page the agent just fetched. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no CSRF token on page');
  return m[1];
}

/** A logged-in agent with the current CSRF token, for tests through the front door. */
export async function loginAgent(app: Express, email: string, password = PASSWORD): Promise<{ agent: Agent; csrf: () => Promise<string> }> {
  const agent = request.agent(app);
  const page = await agent.get('/logg-inn');
  const res = await agent
    .post('/logg-inn')
    .type('form')
    .send({ email, passord: password, _csrf: csrfFrom(page.text) });
  if (res.status !== 303) throw new Error(`login failed for ${email}: ${res.status}`);
  // The token lives in the session; any page carries it.
  const csrf = async () => csrfFrom((await agent.get('/tjenester')).text);
  return { agent, csrf };
}
