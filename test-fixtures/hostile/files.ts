// Hostile input for the file side (issue 11, points 1 and 3): message ids that would make a file name leave its
// folder or confuse a receiver's file system, and what a hostile neighbour can put in a shared file-drop folder.
// Made by the project.

/** Names that would leave a folder, hide, or carry characters a file system or a log treats specially. */
export const hostileFileNames: readonly string[] = [
  "a/../../x",
  "a/../../../../data/keys/keyring",
  "../../../../../../tmp/mg-escape",
  "/etc/cron.d/mg",
  "..",
  ".",
  "",
  "a\\..\\..\\x",
  "x\u0000.xml",
  "line\r\nbreak",
  "%2e%2e%2fescape",
  "00000000-0000-4000-8000-000000000001/../../x",
  "x".repeat(300),
  "a:b:c",
  ".hidden",
  "ünïcode",
];

/** MessageHeader.id values a file-drop adapter must never turn into a file name: the above, and plain non-UUIDs. */
export const hostileMessageIds: readonly string[] = [
  ...hostileFileNames,
  "00000000-0000-4000-8000-00000000000A", // upper case: not the canonical UUID form
  "con", // a reserved device name on Windows shares
];

/** Names a journal system (or a neighbour with write access) may give a dropped file; none may escape rejected/. */
export const hostileDropNames: readonly string[] = [
  "brev med mellemrum.xml",
  "-rf.xml",
  "line\nbreak.xml",
  `${"n".repeat(250)}.xml`,
  "ünïcode.json",
];
