/**
 * Job kinds and their handlers. An area adds its kind here with one line; a job whose kind has no
 * handler fails permanently (it would never succeed on retry).
 */
import type { Db } from '../db/client.ts';
import type { Config } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { ClaimedJob } from './queue.ts';
import { FILES_SWEEP, sweepFilesJob } from '../files/sweep.ts';
import { DOCUMENT_ANNOUNCE, announceScheduledJob } from '../modules/documents/scheduled.ts';
import { sendPushJob, PUSH_SEND } from '../modules/notifications/push.service.ts';
import { liveJob, monthEndJob, STATS_LIVE, STATS_MONTH_END } from '../modules/stats/jobs.ts';
import {
  MEETING_REMINDER,
  MEETING_REMINDER_SCAN,
  scanRemindersJob,
  sendReminderJob,
} from '../modules/meetings/reminders.service.ts';

export interface JobContext {
  db: Db;
  config: Config;
  clock: Clock;
}

export type JobHandler = (ctx: JobContext, job: ClaimedJob) => Promise<void>;

export { PermanentJobError } from './queue.ts';

export const jobHandlers: Record<string, JobHandler> = {
  [PUSH_SEND]: sendPushJob,
  [STATS_MONTH_END]: monthEndJob,
  [STATS_LIVE]: liveJob,
  [MEETING_REMINDER_SCAN]: scanRemindersJob,
  [MEETING_REMINDER]: sendReminderJob,
  [DOCUMENT_ANNOUNCE]: announceScheduledJob,
  [FILES_SWEEP]: sweepFilesJob,
};
