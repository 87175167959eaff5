/** Every area's routes of the contract, in one list: the server's contract test walks it and the web's client type is drawn from it. */
import { orgRoutes } from './org.ts';

export const contractRoutes = { org: orgRoutes };
