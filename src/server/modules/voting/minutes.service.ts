/**
 * What the meeting area needs of the votes: the closed items' lines for the minutes (written in
 * automatically, frozen with the meeting) and whether an item is still open (no finalization then).
 */
import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { voteItems } from '../../db/schema.ts';
import { minutesLines } from '../../../common/voting/minutes.ts';

export async function minutesOfVotes(db: DbOrTx, meetingId: string): Promise<{ open: number; lines: string[][] }> {
  const items = await db.select().from(voteItems).where(eq(voteItems.meetingId, meetingId)).orderBy(asc(voteItems.position));
  return {
    open: items.filter((i) => i.status === 'open').length,
    lines: items
      .filter((i) => i.status === 'closed' && i.result)
      .map((i) =>
        minutesLines({ kind: i.kind, method: i.method, title: i.title, subjectName: i.subjectName, result: i.result! }),
      ),
  };
}
