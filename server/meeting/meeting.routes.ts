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
import { AREAS, AREA_LABEL, osloDate, settingKindOf } from './questions.rules.ts';
import { areaOptions, ownerChoices, parseQuestionForm, questionForm, type FormFailure } from './meeting.view.ts';

type Failure = { errors: Record<string, string[] | undefined>; values: Record<string, unknown> };

/** Open questions («Spørsmål») and the kodeverk meeting («Møter»). Mounted under /t/:slug. */
export function meetingRoutes({ db, clock }: AppDeps): Router {
  const r = Router();
  const slugOf = (req: Request) => tenantOf(req).slug;
  const today = () => osloDate(clock());
  const requireRun = (req: Request) => requirePermission(actorOf(req), 'runMeeting');

  // ---- Open questions ----
  const questionsPage = async (req: Request, failure: FormFailure | null = null, addFailure: Failure | null = null) => {
    const tenant = tenantOf(req);
    const state = await kodeverkStateOf(db, tenant);
    const [list, members] = await Promise.all([questions.loadQuestions(db, state, tenant.id, today()), questions.membersOf(db, tenant)]);
    const canEdit = questions.canRunMeeting(actorOf(req));
    const withForm = list.map((q) => ({ ...q, form: questionForm(q, members, state.settings, urls.question(slugOf(req), q.ref), failure, canEdit) }));
    return {
      title: 'Åpne spørsmål',
      canEdit,
      areas: AREAS.map((a) => ({
        area: a,
        label: AREA_LABEL[a],
        open: withForm.filter((q) => q.area === a && q.status === 'apen'),
        closed: withForm.filter((q) => q.area === a && q.status !== 'apen'),
      })),
      openCount: list.filter((q) => q.status === 'apen').length,
      overdueCount: list.filter((q) => q.overdue).length,
      errors: addFailure?.errors,
      values: addFailure?.values ?? {},
      newAreaOptions: areaOptions(addFailure?.values['omrade'], false),
      newOwnerOptions: ownerChoices(members),
    };
  };
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
  const meetingsPage = async (req: Request, failure: Failure | null = null) => ({
    title: 'Møter',
    canEdit: questions.canRunMeeting(actorOf(req)),
    meetings: (await meetings.listMeetings(db, tenantOf(req).id)).map((m) => ({ ...m, participantCount: m.participants.split('\n').filter((x) => x.trim()).length })),
    errors: failure?.errors,
    values: failure?.values ?? { dato: today(), tittel: 'Kodeverkmøte', deltakere: '' },
  });
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
  const meetingPage = async (req: Request, id: number, failure: { header?: Failure; item?: { itemId: number } & FormFailure; free?: Failure } = {}) => {
    const tenant = tenantOf(req);
    const state = await kodeverkStateOf(db, tenant);
    const [summary, members] = await Promise.all([meetings.meetingSummary(db, state, tenant.id, id, today()), questions.membersOf(db, tenant)]);
    const canEdit = questions.canRunMeeting(actorOf(req));
    const m = summary.meeting;
    const action = (itemId: number) => urls.meetingItem(slugOf(req), id, itemId);
    return {
      title: `${m.title} ${summary.dateLabel}`,
      canEdit,
      ...summary,
      groups: summary.groups.map((g) => ({
        ...g,
        items: g.items.map((i) => {
          const mine = failure.item?.itemId === i.id ? failure.item : null;
          return {
            ...i,
            action: action(i.id),
            notesValue: mine ? String(mine.values['notater'] ?? '') : i.notes,
            itemErrors: mine && !i.question ? Object.values(mine.errors).flatMap((x) => x ?? []) : [],
            form: i.question ? questionForm(i.question, members, state.settings, action(i.id), mine, canEdit) : null,
          };
        }),
      })),
      errors: failure.header?.errors ?? failure.free?.errors,
      values: failure.header?.values ?? { dato: m.held_on, tittel: m.title, deltakere: m.participants, notater: m.notes },
      freeValues: failure.free?.values ?? {},
      freeAreaOptions: areaOptions(failure.free?.values['omrade'], true),
      referatHref: urls.meetingReferat(slugOf(req), id),
    };
  };
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
