/** Pieces every area's contract uses. */
import { z } from 'zod';

/** A route's ':id' of a row (uuid). */
export const IdParams = z.object({ id: z.uuid() });
/** A calendar day 'YYYY-MM-DD'. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD');
/** A month 'YYYY-MM'. */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng phải có dạng YYYY-MM');
