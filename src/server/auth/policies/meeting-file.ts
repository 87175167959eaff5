/**
 * A file of a meeting (material, signed copy, photo): the meeting it belongs to decides, so a file
 * id cannot open a meeting its holder may not see. Whether unposted materials show is the
 * meeting's state, checked by the service.
 */
import { eq } from 'drizzle-orm';
import { meetingFiles } from '../../db/schema.ts';
import { authorize } from '../authorize.ts';
import { definePolicy } from '../policy.ts';
import { fetchMeeting, type ScopedMeeting } from './meeting.ts';

export type ScopedMeetingFile = typeof meetingFiles.$inferSelect & { meeting: ScopedMeeting };

export const meetingFilePolicy = definePolicy({
  async fetch(db, id: string, actor): Promise<ScopedMeetingFile | undefined> {
    const [file] = await db.select().from(meetingFiles).where(eq(meetingFiles.id, id));
    const meeting = file && (await fetchMeeting(db, file.meetingId, actor));
    return meeting && { ...file, meeting };
  },
  path: (f) => f.meeting.cellPath,
  known: (actor, f) => authorize(actor, 'meetings.read', f.meeting.cellPath),
  present: (can) => ({ remove: can('meetings.manage') }),
});
