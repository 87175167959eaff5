/** GET /api/home: everything the member's home page shows, in one answer (one round trip on a slow phone). */
import { z } from 'zod';
import { LIBRARY_KINDS, RSVP_ANSWERS } from '../../db/schema.ts';

const MeetingKind = z.enum(['regular', 'thematic', 'extraordinary']);

export const HomeMeeting = z.object({
  id: z.string().uuid(),
  kind: MeetingKind,
  topic: z.string(),
  cellName: z.string(),
  startsAt: z.date(),
  plannedEndAt: z.date(),
  place: z.string(),
  rsvp: z.enum(RSVP_ANSWERS),
  rsvpReason: z.string(),
  /** null until the secretary publishes the materials (then members may read and comment). */
  materialsPostedAt: z.date().nullable(),
  /** The meeting's own attachments (agenda papers, draft resolution) and the month's library materials. */
  materials: z.array(z.object({ id: z.string().uuid(), name: z.string(), mime: z.string() })),
  libraryMaterials: z.array(z.object({ id: z.string().uuid(), title: z.string(), symbol: z.string().nullable() })),
  myOpinions: z.number().int(),
  lastOpinion: z.object({ body: z.string(), createdAt: z.date() }).nullable(),
});

export const HomeItem = z.object({
  id: z.string().uuid(),
  kind: z.enum(LIBRARY_KINDS),
  title: z.string(),
  symbol: z.string().nullable(),
  typeName: z.string().nullable(),
  issuerName: z.string().nullable(),
  issueDate: z.string().nullable(),
  category: z.string().nullable(),
  publishAt: z.date().nullable(),
  /** The reader opened it already (a read receipt exists). */
  read: z.boolean(),
});

export const HomeTask = z.object({
  id: z.string().uuid(),
  title: z.string(),
  dueDate: z.string().nullable(),
  /** Due before today (Vietnam time). */
  overdue: z.boolean(),
  meetingId: z.string().uuid(),
  meetingStartsAt: z.date(),
  meetingTopic: z.string(),
});

export const HomeNotice = z.object({
  id: z.string().uuid(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.date(),
});

export const Home = z.object({
  nextMeeting: HomeMeeting.nullable(),
  /** The latest finalized meeting the member was invited to: its resolution and tasks are under past meetings. */
  lastMeeting: z.object({ id: z.string().uuid(), startsAt: z.date(), topic: z.string(), cellName: z.string() }).nullable(),
  documents: z.array(HomeItem),
  news: z.array(HomeItem),
  /** Unread among what was published for the reader in the last 30 days (capped at 100). */
  unreadDocuments: z.number().int(),
  unreadNews: z.number().int(),
  tasks: z.array(HomeTask),
  notifications: z.object({ unread: z.number().int(), items: z.array(HomeNotice) }),
});
export type Home = z.infer<typeof Home>;
