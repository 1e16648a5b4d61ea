// Every route of the app, in the order /openapi.json lists them. The sub-apps mount these definitions and nothing
// else (a unit test holds the app's route table to this list).
import type { RouteDef } from "./define.js";
import { ADMIN_ROUTES } from "./admin.js";
import { CONSOLE_ROUTES } from "./console.js";
import { OPERATIONS_ROUTES } from "./operations.js";
import { V1_ROUTES } from "./v1.js";

export const ROUTES: readonly RouteDef[] = [...OPERATIONS_ROUTES, ...V1_ROUTES, ...ADMIN_ROUTES, ...CONSOLE_ROUTES];
