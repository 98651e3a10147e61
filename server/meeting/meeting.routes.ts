import { Router, type Request } from 'express';
import type { AppDeps } from '../platform/deps.ts';
import { actorOf, tenantOf } from '../platform/http/context.ts';
import { flash } from '../platform/http/flash.ts';
import { paramOr404, parseForm } from '../platform/http/forms.ts';
import { urls } from '../platform/http/urls.ts';
import { requirePermission } from '../auth/permissions.ts';
import { kodeverkStateOf } from '../kodeverk/kodeverk.state.ts';
import { freeItemSchema, itemParam, meetingHeaderSchema, meetingNotesSchema, meetingParam, meetingSchema, newQuestionSchema, questionParam } from './meeting.schemas.ts';
import * as meetings from './meeting.service.ts';
import * as questions from './questions.service.ts';
import { osloDate, settingKindOf } from './questions.rules.ts';
import { parseQuestionForm, type FormFailure } from './meeting.view.ts';
import * as views from './meeting.views.ts';

/** Open questions («Spørsmål») and the kodeverk meeting («Møter»). Mounted under /t/:slug. */
export function meetingRoutes({ db, clock }: AppDeps): Router {
  const r = Router();
  const slugOf = (req: Request) => tenantOf(req).slug;
  const today = () => osloDate(clock());
  const requireRun = (req: Request) => requirePermission(actorOf(req), 'runMeeting');

  // ---- Open questions ----
  const questionsPage = (req: Request, failure: FormFailure | null = null, addFailure: views.Failure | null = null) =>
    views.questionsPage(db, tenantOf(req), actorOf(req), today(), failure, addFailure);
  r.get('/sporsmal', async (req, res) => res.render('meeting/questions', await questionsPage(req)));
  r.post('/sporsmal', async (req, res) => {
    requireRun(req);
    const form = parseForm(newQuestionSchema, req.body);
    if (!form.ok) return res.status(400).render('meeting/questions', await questionsPage(req, null, form));
    const result = await questions.addQuestion(db, actorOf(req), form.data);
    if (!result.ok) return res.status(400).render('meeting/questions', await questionsPage(req, null, { errors: result.errors, values: { ...(req.body as Record<string, unknown>) } }));
    flash(req, 'ok', `Spørsmålet «${result.title}» er lagt til.`);
    res.redirect(303, urls.questions(slugOf(req), { anchor: `q-${result.questionId}` }));
  });
  r.post('/sporsmal/:sporsmal', async (req, res) => {
    const p = paramOr404(questionParam, req.params);
    requireRun(req);
    const form = parseQuestionForm(settingKindOf(p.sporsmal), req.body);
    if (!form.ok) return res.status(400).render('meeting/questions', await questionsPage(req, { ref: p.sporsmal, ...form }));
    const result = await questions.saveQuestion(db, actorOf(req), p.sporsmal, form.input, form.answer);
    if (!result.ok) return res.status(400).render('meeting/questions', await questionsPage(req, { ref: p.sporsmal, errors: result.errors, values: req.body as Record<string, unknown> }));
    flash(req, 'ok', `«${result.title}» er lagret.`);
    res.redirect(303, urls.questions(slugOf(req), { anchor: `q-${p.sporsmal}` }));
  });

  // ---- Meetings ----
  const meetingsPage = (req: Request, failure: views.Failure | null = null) => views.meetingsPage(db, tenantOf(req), actorOf(req), today(), failure);
  r.get('/moter', async (req, res) => res.render('meeting/meetings', await meetingsPage(req)));
  r.post('/moter', async (req, res) => {
    requireRun(req);
    const form = parseForm(meetingSchema, req.body);
    if (!form.ok) return res.status(400).render('meeting/meetings', await meetingsPage(req, form));
    const id = await meetings.createMeeting(db, actorOf(req), form.data, today());
    flash(req, 'ok', 'Møtet er opprettet med dagsorden fra de åpne spørsmålene.');
    res.redirect(303, urls.meeting(slugOf(req), id));
  });

  const meetingId = (req: Request) => {
    const p = paramOr404(meetingParam, req.params);
    return p.moteId;
  };
  const meetingPage = (req: Request, id: number, failure: views.MeetingFailure = {}) => views.meetingPage(db, tenantOf(req), actorOf(req), today(), id, failure);
  r.get('/moter/:moteId', async (req, res) => res.render('meeting/meeting', await meetingPage(req, meetingId(req))));
  r.get('/moter/:moteId/referat.docx', async (req, res) => {
    const tenant = tenantOf(req);
    const { fileName, docx } = await meetings.meetingReferat(db, await kodeverkStateOf(db, tenant), tenant, meetingId(req), today());
    res.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    res.attachment(fileName);
    res.send(docx);
  });
  r.post('/moter/:moteId', async (req, res) => {
    const id = meetingId(req);
    requireRun(req);
    const form = parseForm(meetingHeaderSchema, req.body);
    if (!form.ok) return res.status(400).render('meeting/meeting', await meetingPage(req, id, { header: form }));
    await meetings.saveMeetingHeader(db, actorOf(req), id, form.data);
    flash(req, 'ok', 'Møtet er lagret.');
    res.redirect(303, urls.meeting(slugOf(req), id));
  });
  r.post('/moter/:moteId/punkter', async (req, res) => {
    const id = meetingId(req);
    requireRun(req);
    const form = parseForm(freeItemSchema, req.body);
    if (!form.ok) return res.status(400).render('meeting/meeting', await meetingPage(req, id, { free: form }));
    await meetings.addFreeItem(db, actorOf(req), id, form.data);
    flash(req, 'ok', `Punktet «${form.data.tittel}» er lagt til.`);
    res.redirect(303, urls.meeting(slugOf(req), id, { anchor: 'punkter' }));
  });
  r.post('/moter/:moteId/punkter/:punktId', async (req, res) => {
    const p = paramOr404(itemParam, req.params);
    requireRun(req);
    const notes = parseForm(meetingNotesSchema, req.body);
    const hasQuestion = typeof (req.body as Record<string, unknown>)?.['status'] === 'string' || typeof (req.body as Record<string, unknown>)?.['sporsmal'] === 'string';
    const ref = String((req.body as Record<string, unknown>)?.['sporsmal'] ?? '');
    const q = hasQuestion ? parseQuestionForm(settingKindOf(ref), req.body) : null;
    const values = { ...(req.body as Record<string, unknown>) };
    if (!notes.ok || (q && !q.ok)) {
      const errors = { ...(notes.ok ? {} : notes.errors), ...(q && !q.ok ? q.errors : {}) };
      return res.status(400).render('meeting/meeting', await meetingPage(req, p.moteId, { item: { itemId: p.punktId, ref, errors, values } }));
    }
    const result = await meetings.saveItem(db, actorOf(req), p.moteId, p.punktId, notes.data.notater, q?.ok ? { input: q.input, answer: q.answer } : null);
    if (!result.ok) return res.status(400).render('meeting/meeting', await meetingPage(req, p.moteId, { item: { itemId: p.punktId, ref, errors: result.errors, values } }));
    flash(req, 'ok', `«${result.title}» er lagret.`);
    res.redirect(303, urls.meeting(slugOf(req), p.moteId, { anchor: `punkt-${p.punktId}` }));
  });

  // The printable checklist's «Notater fra møtet» box, kept on the latest meeting.
  r.post('/sjekkliste/notater', async (req, res) => {
    requireRun(req);
    const form = parseForm(meetingNotesSchema, req.body);
    if (!form.ok) {
      flash(req, 'error', form.errors['notater']?.[0] ?? 'Notatene kunne ikke lagres.');
      return res.redirect(303, urls.checklist(slugOf(req)));
    }
    await meetings.saveChecklistNotes(db, actorOf(req), form.data.notater, today());
    flash(req, 'ok', 'Notatene fra møtet er lagret.');
    res.redirect(303, urls.checklist(slugOf(req)));
  });

  // A refused form is shown at the address it was posted to; reloading it asks that address with GET (see
  // platform/http/form-addresses.ts): lead back to the page the form belongs to.
  r.get('/sporsmal/:sporsmal', (req, res) => res.redirect(303, urls.questions(slugOf(req), { anchor: `q-${encodeURIComponent(String(req.params.sporsmal))}` })));
  r.get('/moter/:moteId/punkter', (req, res) => res.redirect(303, urls.meeting(slugOf(req), meetingId(req), { anchor: 'punkter' })));
  r.get('/moter/:moteId/punkter/:punktId', (req, res) => {
    const p = paramOr404(itemParam, req.params);
    res.redirect(303, urls.meeting(slugOf(req), p.moteId, { anchor: `punkt-${p.punktId}` }));
  });
  r.get('/sjekkliste/notater', (req, res) => res.redirect(303, urls.checklist(slugOf(req))));
  return r;
}
