/**
 * Recurring jobs on the job table: each period ("slot") gets one job whose dedupe key names the
 * slot, so any number of app processes can ensure it and exactly one row exists and runs. A slot
 * missed while every process was down is not made up: recurring work looks at the current state.
 */
import type { DbOrTx } from '../db/client.ts';
import { enqueue } from './queue.ts';
import { MEETING_REMINDER_SCAN, REMINDER_SCAN_EVERY_MS } from '../modules/meetings/reminders.service.ts';
import { FILES_SWEEP, FILES_SWEEP_EVERY_MS } from '../files/sweep.ts';

export interface RecurringJob {
  kind: string;
  everyMs: number;
  /** Slots start this long after the epoch's multiples of everyMs (a daily job at a quiet hour). */
  offsetMs?: number;
  /**
   * Run at the next slot's start rather than at once for the current one: for heavy work that must
   * not run whenever a process starts (a restart in the busy hours would run it then).
   */
  waitForNext?: boolean;
}

export const recurringJobs: RecurringJob[] = [{ kind: MEETING_REMINDER_SCAN, everyMs: REMINDER_SCAN_EVERY_MS }];

/** Housekeeping the worker also runs: kept apart so the reminder tests see only their own slots. */
export const maintenanceJobs: RecurringJob[] = [{ kind: FILES_SWEEP, everyMs: FILES_SWEEP_EVERY_MS }];

export function slotOf(now: Date, everyMs: number, offsetMs = 0): Date {
  return new Date(Math.floor((now.getTime() - offsetMs) / everyMs) * everyMs + offsetMs);
}

/**
 * Ensures the current slot's job of every recurring kind. `seen` (per process) remembers the slots
 * already ensured, so a worker polling every second inserts once per slot, not once per poll.
 */
export async function scheduleRecurring(
  db: DbOrTx,
  now: Date,
  seen: Map<string, number> = new Map(),
  list: RecurringJob[] = recurringJobs,
): Promise<void> {
  for (const r of list) {
    const current = slotOf(now, r.everyMs, r.offsetMs);
    const slot = r.waitForNext ? new Date(current.getTime() + r.everyMs) : current;
    if (seen.get(r.kind) === slot.getTime()) continue;
    await enqueue(
      db,
      r.kind,
      { slot: slot.toISOString() },
      { runAt: slot, maxAttempts: 3, dedupeKey: `recurring:${r.kind}:${slot.toISOString()}` },
    );
    seen.set(r.kind, slot.getTime());
  }
}
