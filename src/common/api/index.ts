/**
 * Every route of the contract, as one union type for the web's typed client. Types only: the web
 * imports this with `import type`, so none of the zod schemas reach the bundle. An area joins by
 * adding its routes object to routes.ts.
 */
import type { RouteSpec } from './contract.ts';
import type { contractRoutes } from './routes.ts';

type Areas = typeof contractRoutes;
type RoutesOf<T extends Record<string, RouteSpec>> = T[keyof T];

export type ApiRoute = { [A in keyof Areas]: RoutesOf<Areas[A]> }[keyof Areas];
