import { CompiledQuery, type Compilable } from 'kysely';
import type { Executor } from './database.ts';

/**
 * A query built and compiled once. Kysely builds and compiles a query on every call; on the queries every page runs
 * (the session, the user with their membership) that cost more CPU than the database round trip. The builder runs
 * once with a marker for each argument; every call then sends the same SQL with the real values where the markers
 * were. The builder must use its arguments only as values (no branching on them). All our databases speak the
 * PostgreSQL dialect, so one compilation serves every one of them.
 */
export function prepared<A extends unknown[], R>(build: (db: Executor, ...args: A) => Compilable<R>): (db: Executor, ...args: A) => Promise<R[]> {
  let compiled: { sql: string; slots: (number | { value: unknown })[] } | undefined;
  return async (db, ...args) => {
    if (!compiled) {
      const markers = args.map((_, i) => ({ preparedArgument: i }));
      const c = build(db, ...(markers as unknown as A)).compile();
      const slots = c.parameters.map((p) => {
        const i = markers.indexOf(p as (typeof markers)[number]);
        return i >= 0 ? i : { value: p };
      });
      if (markers.some((m) => !c.parameters.includes(m))) throw new Error('prepared: an argument was not used as a value');
      compiled = { sql: c.sql, slots };
    }
    const parameters = compiled.slots.map((s) => (typeof s === 'number' ? args[s] : s.value));
    const result = await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<R>);
    return result.rows;
  };
}
