// The in-memory ports against the same contracts as the Redis ones (tests/integration/store/redis-ports.test.ts).
import { createMemoryStores } from "../../../src/store/memory/index.js";
import { portContracts } from "../../support/contracts/index.js";

portContracts("memory", async (now) => Promise.resolve(createMemoryStores(now)));
