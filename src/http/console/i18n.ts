// The console's words in Danish and English. Danish is the default (the users are Danish regions and
// municipalities); the choice is kept in a cookie. Every visible label comes from here.
import type { Status } from "../../domain/record.js";

export type Lang = "da" | "en";

const LABELS = {
  title: { da: "MedCom-gateway · administration", en: "MedCom gateway · administration" },
  overview: { da: "Overblik", en: "Overview" },
  messages: { da: "Meddelelser", en: "Messages" },
  conversations: { da: "Korrespondancer", en: "Conversations" },
  directory: { da: "Lokationer", en: "Directory" },
  queues: { da: "Køer", en: "Queues" },
  signIn: { da: "Log ind", en: "Sign in" },
  signOut: { da: "Log ud", en: "Sign out" },
  signInHint: {
    da: "Log ind med en administrators API-nøgle. Nøglen gemmes ikke i browseren; du får en session, der udløber.",
    en: "Sign in with an administrator's API key. The key is not kept in the browser; you get a session that expires.",
  },
  apiKey: { da: "API-nøgle", en: "API key" },
  signInFailed: { da: "Nøglen er ikke en administrators nøgle.", en: "The key is not an administrator's key." },
  signInThrottled: { da: "For mange forsøg; vent et minut.", en: "Too many attempts; wait a minute." },
  signedInAs: { da: "Logget ind som", en: "Signed in as" },
  statusCounts: { da: "Meddelelser pr. status", en: "Messages by status" },
  backlog: { da: "Venter på levering pr. modtager", en: "Waiting for delivery, per receiver" },
  backlogEmpty: { da: "Intet venter på levering.", en: "Nothing is waiting for delivery." },
  backlogTruncated: { da: "Kun de nyeste 20.000 er talt med.", en: "Only the newest 20,000 are counted." },
  receiver: { da: "Modtager", en: "Receiver" },
  sender: { da: "Afsender", en: "Sender" },
  waiting: { da: "Venter", en: "Waiting" },
  oldestWaiting: { da: "Ældste", en: "Oldest" },
  age: { da: "Alder", en: "Age" },
  overdueAcks: { da: "Kvitteringer over tid", en: "Overdue acknowledgements" },
  overdueAcksHint: {
    da: "Leverede breve uden kvittering efter fristen",
    en: "Delivered letters without an acknowledgement after the deadline",
  },
  acuteLetters: { da: "Akutte breve", en: "Acute letters" },
  acuteLettersHint: {
    da: "Breve mærket akut/haster: sendt med besked om at ringe (akutte sager klares pr. telefon)",
    en: "Letters marked acute/urgent: sent with a warning to telephone (acute matters go by telephone)",
  },
  reportsOfConcern: { da: "Afviste underretninger", en: "Reports of concern refused" },
  reportsOfConcernHint: {
    da: "Underretninger sendt som korrespondance og afvist: de hører til kommunens digitale underretningsblanket",
    en: "Reports of concern sent as letters and refused: they belong in the municipality's digital report form",
  },
  failures24h: { da: "Fejl det seneste døgn", en: "Failures in the last 24 hours" },
  noFailures: { da: "Ingen fejl det seneste døgn.", en: "No failures in the last 24 hours." },
  reason: { da: "Årsag", en: "Reason" },
  parked: { da: "Parkeret i udbakken", en: "Parked in the outbox" },
  parkedHint: {
    da: "Beskeder udbakken ikke kunne sende videre. Et nyt forsøg (administrator) sender dem igen, hvis de kan læses.",
    en: "Messages the outbox could not hand over. An administrator's retry sends one again if it can be read.",
  },
  failedDeadlines: {
    da: "Kvitteringsfrister der ikke kunne køres",
    en: "Acknowledgement deadlines that could not run",
  },
  failedDeadlinesHint: {
    da: "Fristen skulle have gensendt brevet eller meldt det fejlet, men fejlede selv efter alle forsøg (vises 7 dage). Send brevet igen eller gensend det.",
    en: "The deadline should have resent the letter or failed it, but failed itself after every attempt (listed 7 days). Retry or resend the letter.",
  },
  sendNumber: { da: "Afsendelse", en: "Send" },
  error: { da: "Fejl", en: "Error" },
  count: { da: "Antal", en: "Count" },
  refreshes: { da: "Siden opdaterer sig selv.", en: "This page refreshes itself." },
  search: { da: "Søg", en: "Search" },
  status: { da: "Status", en: "Status" },
  category: { da: "Kategori", en: "Category" },
  kind: { da: "Type", en: "Kind" },
  from: { da: "Fra", en: "From" },
  to: { da: "Til", en: "To" },
  any: { da: "(alle)", en: "(any)" },
  created: { da: "Modtaget", en: "Accepted" },
  updated: { da: "Ændret", en: "Updated" },
  attempts: { da: "Forsøg", en: "Attempts" },
  resends: { da: "Genafsendelser", en: "Resends" },
  noMessages: { da: "Ingen meddelelser passer til søgningen.", en: "No messages match the search." },
  nextPage: { da: "Næste side", en: "Next page" },
  message: { da: "Meddelelse", en: "Message" },
  timeline: { da: "Forløb", en: "Timeline" },
  when: { da: "Tidspunkt", en: "When" },
  event: { da: "Hændelse", en: "Event" },
  details: { da: "Detaljer", en: "Details" },
  acknowledgement: { da: "Kvittering", en: "Acknowledgement" },
  noAcknowledgement: { da: "Ingen kvittering endnu.", en: "No acknowledgement yet." },
  failureReason: { da: "Fejlårsag", en: "Failure reason" },
  thread: { da: "Korrespondance", en: "Conversation" },
  bundleId: { da: "Bundle.id (denne afsendelse)", en: "Bundle.id (this send)" },
  actions: { da: "Handlinger", en: "Actions" },
  retry: { da: "Send igen", en: "Retry" },
  retryHint: {
    da: "Den fejlede meddelelse sendes igen som teknisk genafsendelse (nyt Bundle.id, samme MessageHeader.id).",
    en: "The failed message is sent again as a technical resend (new Bundle.id, same MessageHeader.id).",
  },
  resend: { da: "Genafsend", en: "Resend" },
  resendHint: {
    da: "Meddelelsen er leveret men ikke kvitteret; den sendes igen som teknisk genafsendelse.",
    en: "The message was delivered but not acknowledged; it is sent again as a technical resend.",
  },
  confirmRetry: { da: "Send meddelelsen igen?", en: "Send the message again?" },
  confirmResend: { da: "Genafsend meddelelsen?", en: "Resend the message?" },
  confirmYes: { da: "Ja, send", en: "Yes, send" },
  cancel: { da: "Annullér", en: "Cancel" },
  doneRetry: { da: "Meddelelsen er sendt igen.", en: "The message has been sent again." },
  doneResend: { da: "Meddelelsen er genafsendt.", en: "The message has been resent." },
  audited: { da: "Handlingen registreres i revisionssporet.", en: "The action is recorded in the audit trail." },
  noActions: { da: "Ingen handlinger i denne status.", en: "No actions in this status." },
  period: { da: "Periode", en: "Period" },
  received: { da: "Modtagne breve", en: "Letters received" },
  answered: { da: "Besvaret", en: "Answered" },
  answeredShare: { da: "Andel besvaret", en: "Share answered" },
  medianToAnswer: { da: "Median til svar", en: "Median time to answer" },
  oldestUnanswered: { da: "Ældste ubesvarede", en: "Oldest unanswered" },
  noLetters: { da: "Ingen nye breve i perioden.", en: "No new letters in the period." },
  chartTitle: { da: "Besvarede og ubesvarede breve pr. modtager", en: "Answered and unanswered letters per receiver" },
  unanswered: { da: "Ubesvaret", en: "Unanswered" },
  location: { da: "Lokation", en: "Location" },
  adapter: { da: "Levering", en: "Delivery" },
  formats: { da: "Formater", en: "Formats" },
  health: { da: "Tilstand", en: "Health" },
  last24h: { da: "Seneste døgn", en: "Last 24 hours" },
  lastDelivered: { da: "Senest leveret", en: "Last delivered" },
  lastFailed: { da: "Senest fejlet", en: "Last failed" },
  delivered24h: { da: "leveret", en: "delivered" },
  retried24h: { da: "forsøgt igen", en: "retried" },
  rejected24h: { da: "afvist", en: "rejected" },
  never: { da: "aldrig", en: "never" },
  breaker: { da: "Modtager", en: "Receiver" },
  breakerUp: { da: "svarer", en: "up" },
  breakerDown: { da: "nede siden", en: "down since" },
  breakerProbing: { da: "prøves nu", en: "being probed" },
  nextProbe: { da: "næste forsøg", en: "next try" },
  breakerWaiting: { da: "venter", en: "waiting" },
  notFound: { da: "Meddelelsen findes ikke.", en: "There is no such message." },
  invalidSearch: { da: "Søgningen kan ikke bruges", en: "The search cannot be used" },
  language: { da: "English", en: "Dansk" },
  lastImport: { da: "Seneste import", en: "Last import" },
  noImport: { da: "Intet lokationsregister importeret", en: "No directory imported" },
  importedLocations: { da: "lokationer fra", en: "locations from" },
  matchingLocations: { da: "lokationer passer; viser", en: "locations match; showing" },
  origin: { da: "Kilde", en: "Origin" },
} as const satisfies Record<string, Record<Lang, string>>;

export type Label = keyof typeof LABELS;

export const t = (lang: Lang, label: Label): string => LABELS[label][lang];

const STATUS_LABELS: Record<Status, Record<Lang, string>> = {
  accepted: { da: "modtaget", en: "accepted" },
  queued: { da: "i kø", en: "queued" },
  delivered: { da: "leveret", en: "delivered" },
  acknowledged: { da: "kvitteret", en: "acknowledged" },
  rejected: { da: "afvist", en: "rejected" },
  failed: { da: "fejlet", en: "failed" },
};

export const statusLabel = (lang: Lang, status: Status): string => STATUS_LABELS[status][lang];

const EVENT_LABELS: Record<string, Record<Lang, string>> = {
  accepted: { da: "modtaget", en: "accepted" },
  queued: { da: "sat i kø", en: "queued" },
  "delivery-attempt": { da: "leveringsforsøg", en: "delivery attempt" },
  delivered: { da: "leveret", en: "delivered" },
  failed: { da: "fejlet", en: "failed" },
  acknowledgement: { da: "kvittering modtaget", en: "acknowledgement received" },
  acknowledged: { da: "kvitteret", en: "acknowledged" },
  rejected: { da: "afvist", en: "rejected" },
  resend: { da: "genafsendt", en: "resent" },
  duplicate: { da: "modtaget igen (dublet)", en: "submitted again (duplicate)" },
  "network-accepted": {
    da: "kuverten modtaget af modtageren (VANS-kvittering)",
    en: "taken over on the network (VANS receipt)",
  },
};

export const eventLabel = (lang: Lang, type: string): string => EVENT_LABELS[type]?.[lang] ?? type;

const HEALTH_LABELS: Record<string, Record<Lang, string>> = {
  ok: { da: "i orden", en: "ok" },
  degraded: { da: "ustabil", en: "degraded" },
  failing: { da: "fejler", en: "failing" },
  idle: { da: "ingen trafik", en: "idle" },
};

export const healthLabel = (lang: Lang, health: string): string => HEALTH_LABELS[health]?.[lang] ?? health;

/** The language: an explicit choice (cookie), else the browser's first preference between Danish and English. */
export function pickLang(cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (cookie === "da" || cookie === "en") return cookie;
  const first = (acceptLanguage ?? "")
    .split(",")
    .map((part) => part.trim().slice(0, 2).toLowerCase())
    .find((code) => code === "da" || code === "en");
  return first === "en" ? "en" : "da";
}
