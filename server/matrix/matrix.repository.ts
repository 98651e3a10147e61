import type { Executor } from '../platform/db/database.ts';

export async function findTjeneste(db: Executor, tjenesteId: number) {
  return db.selectFrom('tjeneste').select(['id', 'slug', 'navn', 'regnskapsar']).where('id', '=', tjenesteId).executeTakeFirst();
}
