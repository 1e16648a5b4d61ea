// The architecture's import rules (ARCHITECTURE.md's folder table; issue 14, point 5), checked in `npm test`
// (`npm run lint:deps`) instead of hoped for. Only the product is cruised (src, adapters, queue, schemas, scripts):
// tests and the bench are harnesses that may reach anything (they start the gateway through src/main.ts).
//
// "Of the project" below means any file under these top-level folders; npm packages and Node's modules are not
// restricted here (except devDependencies in shipped code).
const PROJECT = "^(src|adapters|queue|schemas|scripts|bench|tests)/";

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A cycle of runtime imports makes load order matter and a layer impossible to load alone.",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      // A cycle closed only by `import type` is erased at compile time (no load-order hazard), but it still says two
      // files each know the other: the shared types belong in the module both depend on. None is left (issue 14).
      name: "no-circular-types",
      severity: "error",
      comment: "Two modules that know each other's types: move the shared types to the module both depend on.",
      from: {},
      to: { circular: true },
    },
    {
      name: "medcom-core-is-pure",
      severity: "error",
      comment:
        "The MedCom core (build, parse, validate) knows nothing of the gateway: it may import itself, the shared " +
        "utilities (src/util) and the rule tables (schemas/).",
      from: { path: "^src/medcom/" },
      to: { path: PROJECT, pathNot: "^(src/medcom|src/util|schemas)/" },
    },
    {
      name: "domain-sees-only-the-core",
      severity: "error",
      comment: "The gateway's domain (record, statuses, kinds, ports) imports only the MedCom core and src/util.",
      from: { path: "^src/domain/" },
      to: { path: PROJECT, pathNot: "^(src/domain|src/medcom|src/util)/" },
    },
    {
      name: "util-is-a-leaf",
      severity: "error",
      comment: "Shared utilities (JSON reading, issues, the JSON Schema checker) import nothing of the project.",
      from: { path: "^src/util/" },
      to: { path: PROJECT, pathNot: "^src/util/" },
    },
    {
      name: "schemas-are-data",
      severity: "error",
      comment: "The rule tables are data (and the types that describe them): they import only each other.",
      from: { path: "^schemas/" },
      to: { path: PROJECT, pathNot: "^schemas/" },
    },
    {
      name: "adapters-see-their-port-and-the-core",
      severity: "error",
      comment:
        "A delivery adapter sees only its port (adapters/types.ts), the MedCom core, the domain (where the ports' " +
        "types live), src/util, and the safe file primitives (src/fs, re-exported by adapters/safe-files.ts: the " +
        "file-drop adapter writes into a folder other systems read, and must do it the one careful way). The loader " +
        "is the adapters' composition root (configuration → adapter) and is exempt. The VANS adapter and its " +
        "transports share one more port, the transport interface (adapters/vans/transport.ts, issue 16).",
      from: { path: "^adapters/", pathNot: ["^adapters/loader\\.ts$", "^adapters/vans/"] },
      to: {
        path: PROJECT,
        pathNot: ["^adapters/(types|safe-files|vans/transport)\\.ts$", "^src/(medcom|domain|util|fs)/"],
      },
    },
    {
      name: "vans-adapter-files-see-each-other",
      severity: "error",
      comment:
        "The VANS adapter (issue 16) is a folder of small files with one job each (its transport port, the folder and " +
        "SFTP transports, the SFTP session and host key pin): they may import each other; otherwise the rule above.",
      from: { path: "^adapters/vans/" },
      to: {
        path: PROJECT,
        pathNot: ["^adapters/vans/", "^adapters/(types|safe-files)\\.ts$", "^src/(medcom|domain|util|fs)/"],
      },
    },
    {
      name: "main-is-the-cli-entry",
      severity: "error",
      comment:
        "src/main.ts is the composition root: only the CLI starts it. Anything else importing it would pull the " +
        "whole gateway in (and make a cycle likely).",
      from: { path: PROJECT, pathNot: "^src/cli(\\.ts$|/)" },
      to: { path: "^src/main\\.ts$" },
    },
    {
      name: "adapters-are-chosen-at-the-root",
      severity: "error",
      comment:
        "The MedCom core, the domain, the stores and HTTP never import the adapters' implementations: they are " +
        "chosen by the loader (adapters/loader.ts) at the composition root.",
      from: { path: "^src/(medcom|domain|util|store|http|usecases)/" },
      to: { path: "^adapters/", pathNot: "^adapters/types\\.ts$" },
    },
    {
      name: "the-queue-is-wired-at-the-root",
      severity: "error",
      comment:
        "The use cases hand over through the domain's scheduling ports; only the composition root (main, services, " +
        "workers) and the background passes it schedules touch the BullMQ queues in queue/.",
      from: { path: "^(src|adapters)/", pathNot: "^src/(main|services|workers)\\.ts$|^src/background/" },
      to: { path: "^queue/" },
    },
    {
      name: "no-dev-dependencies-in-the-product",
      severity: "error",
      comment: "Shipped code (npm ci --omit=dev in the image) must not need a devDependency.",
      from: { path: "^(src|adapters|queue|schemas)/" },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that does not resolve is a typo or a missing dependency.",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|coverage)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
