/**
 * The policy layer: the one place that decides who may do what to which row (auth/policy.ts says
 * how a policy is declared). Services take every row named by a request through `load`:
 *
 *   const m = await load.meeting(ctx, id, 'meetings.manage');   // the row, or 404 / 403
 *
 * and send what the UI may offer with it through `abilitiesOf`:
 *
 *   abilities: abilitiesOf.meeting(ctx.actor, m, ctx.clock.now())
 *
 * Nothing outside src/server/auth/ reads `actor.roles` (ESLint forbids it): listings filter with
 * scopeFilter/listingScope, pickers use unitsInScope, and a rule that is not "holds the action at
 * the row's unit" is written here, once.
 */
import { unitPolicy } from './policies/unit.ts';
import { meetingPolicy } from './policies/meeting.ts';

export type { PolicyCtx } from './policy.ts';
export type { UnitRow } from './policies/unit.ts';
export type { MeetingRow, ScopedMeeting } from './policies/meeting.ts';

/** `load.<resource>(ctx, id, action)`: the row, narrowed, or 404 (unknown or foreign) / 403 (known, refused). */
export const load = {
  unit: unitPolicy.load,
  meeting: meetingPolicy.load,
};

/** `find.<resource>(ctx, id, action)`: the row when allowed, else undefined (no error). */
export const find = {
  unit: unitPolicy.find,
  meeting: meetingPolicy.find,
};

/** `can.<resource>(actor, action, row, now)`: the same rule for a row already in hand. */
export const can = {
  unit: unitPolicy.can,
  meeting: meetingPolicy.can,
};

/** `abilitiesOf.<resource>(actor, row, now)`: what the UI may offer on the row, sent with it. */
export const abilitiesOf = {
  unit: unitPolicy.abilities,
  meeting: meetingPolicy.abilities,
};
