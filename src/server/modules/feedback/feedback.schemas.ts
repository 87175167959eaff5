import { z } from 'zod';
import { FEEDBACK_EVENT_KINDS, FEEDBACK_KINDS, FEEDBACK_STATUSES, UNIT_TYPES } from '../../db/schema.ts';

const text = (min: number, max: number, what: string) =>
  z.string().trim().min(min, `${what} không được để trống`).max(max, `${what} quá dài (tối đa ${max} ký tự)`);

export const Targets = z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), type: z.enum(UNIT_TYPES) })) });

export const SendBody = z.object({
  clientId: z.uuid(),
  targetUnitId: z.uuid(),
  kind: z.enum(FEEDBACK_KINDS),
  subject: text(1, 200, 'Tiêu đề'),
  body: text(1, 5000, 'Nội dung'),
});
export const SendResult = z.object({ id: z.string(), duplicate: z.boolean() });

const Item = z.object({
  id: z.string(),
  kind: z.enum(FEEDBACK_KINDS),
  subject: z.string(),
  body: z.string(),
  status: z.enum(FEEDBACK_STATUSES),
  unitId: z.string(),
  unitName: z.string(),
  authorName: z.string(),
  createdAt: z.date(),
  receivedAt: z.date(),
  answeredAt: z.date().nullable(),
  closedAt: z.date().nullable(),
});
export const ItemList = z.object({ items: z.array(Item) });
export const ItemDetail = Item.extend({
  mine: z.boolean(),
  canHandle: z.boolean(),
  forwardTargets: z.array(z.object({ id: z.string(), name: z.string() })),
  events: z.array(
    z.object({
      kind: z.enum(FEEDBACK_EVENT_KINDS),
      at: z.date(),
      body: z.string(),
      actorName: z.string().nullable(),
      unitName: z.string().nullable(),
      toUnitName: z.string().nullable(),
    }),
  ),
});

export const InboxQuery = z.object({
  filter: z.enum(['waiting', 'all']).default('waiting'),
  unitId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const Waiting = z.object({
  items: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      waiting: z.number().int(),
      oldestSince: z.date(),
      oldestWaitHours: z.number().int(),
    }),
  ),
});

export const ReplyBody = z.object({ body: text(1, 5000, 'Câu trả lời') });
export const ForwardBody = z.object({ toUnitId: z.uuid(), note: z.string().trim().max(2000).default('') });
export const CloseBody = z.object({ note: z.string().trim().max(2000).default('') });

export const NoticeBody = z.object({ unitId: z.uuid(), title: text(1, 200, 'Tiêu đề'), body: text(1, 10_000, 'Nội dung') });
export const NoticeSent = z.object({ id: z.string(), recipients: z.number().int(), pushes: z.number().int() });
export const MyNotices = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      body: z.string(),
      createdAt: z.date(),
      unitName: z.string(),
      readAt: z.date().nullable(),
    }),
  ),
});
export const NoticeView = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: z.date(),
  unitName: z.string(),
  readAt: z.date().nullable(),
});
export const SentNotices = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      createdAt: z.date(),
      unitName: z.string(),
      authorName: z.string(),
      recipientCount: z.number().int(),
      readCount: z.number().int(),
    }),
  ),
});
