/** What a service needs to act for a request: the database, the actor, the time and the request id. */
import type { Db } from './db/client.ts';
import type { Actor } from './auth/authorize.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';

export interface Ctx {
  db: Db;
  actor: Actor;
  clock: Clock;
  config: Config;
  requestId: string;
}
