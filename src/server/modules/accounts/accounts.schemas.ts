import { z } from 'zod';
import { ROLES } from '../../db/schema.ts';
import { ACTIONS, type Action } from '../../auth/authorize.ts';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD');

export const SignInBody = z.union([
  z.object({ login: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) }),
  z.object({ login: z.string().trim().min(1).max(100), pin: z.string().regex(/^\d{6}$/), dateOfBirth: IsoDate }),
]);

export const Me = z.object({
  id: z.string(),
  twoFactor: z.object({ enabled: z.boolean(), required: z.boolean() }),
  displayName: z.string(),
  username: z.string().nullable(),
  memberId: z.string().nullable(),
  locale: z.enum(['vi', 'en']),
  roles: z.array(
    z.object({ id: z.string(), role: z.enum(ROLES), unitId: z.string(), unitCode: z.string(), unitName: z.string() }),
  ),
  abilities: z.object({
    manageOrg: z.boolean(),
    manageAccounts: z.boolean(),
    readMembers: z.boolean(),
    readAudit: z.boolean(),
    manageRoles: z.boolean(),
    /** Every action the user holds somewhere (auth/authorize.ts ACTIONS). */
    holds: z.array(z.enum(Object.keys(ACTIONS) as [Action, ...Action[]])),
    /** For each action held, the unit a page opens on first. */
    firstUnit: z.partialRecord(z.enum(Object.keys(ACTIONS) as [Action, ...Action[]]), z.string()),
  }),
});

export const UserEnvelope = z.object({ user: Me });
export const SessionState = z.object({ user: Me.nullable() });
/** Sign-in answers with the user, or — when two-factor sign-in is on — with a challenge for the code. */
export const SignInResult = z.union([UserEnvelope, z.object({ twoFactorRequired: z.literal(true), challenge: z.string() })]);
export const TwoFactorBody = z.union([
  z.object({ challenge: z.string().min(10).max(200), code: z.string().trim().min(6).max(10) }),
  z.object({ challenge: z.string().min(10).max(200), recoveryCode: z.string().trim().min(8).max(20) }),
]);
export const TwoFactorSetup = z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() });
export const TwoFactorCode = z.object({ code: z.string().trim().min(6).max(10) });
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export const PasswordBody = z.object({ password: z.string().min(1).max(200) });

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});

export const SessionList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      createdAt: z.date(),
      lastSeenAt: z.date(),
      ip: z.string(),
      userAgent: z.string(),
      current: z.boolean(),
    }),
  ),
});

export const CodeBody = z.object({ code: z.string().trim().min(4).max(20) });
export const ActivationCheck = z.object({ displayName: z.string(), expiresAt: z.date() });
export const ActivateBody = z.union([
  z.object({ code: z.string().trim().min(4).max(20), password: z.string().min(1).max(200) }),
  z.object({ code: z.string().trim().min(4).max(20), pin: z.string().max(20), dateOfBirth: IsoDate }),
]);

export const ActivationCodeResult = z.object({
  code: z.string(),
  expiresAt: z.date(),
  activationUrl: z.string(),
  qrSvg: z.string(),
});
export const IdParam = z.object({ id: z.string().max(100) });
export const UuidParam = z.object({ id: z.uuid() });
