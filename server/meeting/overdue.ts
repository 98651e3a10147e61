import type { Db } from '../platform/db/database.ts';
import { loadKodeverkState } from '../kodeverk/kodeverk.state.ts';
import { notifyQuestionOverdue } from '../notifications/notifications.service.ts';
import { questionsOf } from './questions.service.ts';
import * as repo from './meeting.repository.ts';

/**
 * Tells each owner (a member) once that a question passed its deadline. A stored «åpen» is not trusted alone: a
 * derived question is avklart as soon as the work is done, so each candidate is checked against the state.
 */
export async function sweepOverdue(db: Db, today: string): Promise<number> {
  const candidates = await db
    .selectFrom('open_question')
    .select(['tjeneste_id'])
    .distinct()
    .where('status', '=', 'apen')
    .where('owner_user_id', 'is not', null)
    .where('deadline', '<', today)
    .where('overdue_notified_on', 'is', null)
    .execute();
  let told = 0;
  for (const { tjeneste_id } of candidates) {
    told += await db.transaction().execute(async (trx) => {
      const state = await loadKodeverkState(trx, tjeneste_id);
      const overdue = questionsOf(state, await repo.listStoredQuestions(trx, tjeneste_id), today).filter((q) => q.overdue && q.ownerUserId !== null && q.id !== null);
      const stored = new Map((await repo.listStoredQuestions(trx, tjeneste_id)).map((s) => [s.id, s]));
      let n = 0;
      for (const q of overdue) {
        if (stored.get(q.id!)?.overdue_notified_on) continue;
        const claimed = await trx.updateTable('open_question').set({ overdue_notified_on: today }).where('id', '=', q.id!).where('overdue_notified_on', 'is', null).executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 0) continue; // another instance told them
        await notifyQuestionOverdue(trx, tjeneste_id, { userId: q.ownerUserId!, title: q.title, deadline: q.deadline! });
        n++;
      }
      return n;
    });
  }
  return told;
}
