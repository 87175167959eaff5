import { timestamp } from 'drizzle-orm/pg-core';

/** Shared column helpers. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
