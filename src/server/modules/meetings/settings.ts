/** Installation settings of the meetings area, kept in the `settings` table. */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { settings } from '../../db/schema.ts';

const DEADLINE_KEY = 'meetings.registration_deadline_day';
/** Default: the 25th of the month before the meeting. */
export const DEFAULT_DEADLINE_DAY = 25;

export async function deadlineDay(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, DEADLINE_KEY));
  const v = row?.value;
  return typeof v === 'number' && v >= 1 && v <= 31 ? v : DEFAULT_DEADLINE_DAY;
}

export async function setDeadlineDay(db: DbOrTx, day: number, now: Date): Promise<void> {
  await db
    .insert(settings)
    .values({ key: DEADLINE_KEY, value: day, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value`, updatedAt: now } });
}
