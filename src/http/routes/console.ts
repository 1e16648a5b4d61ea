// The administrators' console (HTML pages; a session from signing in with an admin key).
import { route, type Reply, type RouteDef } from "./define.js";
import { CONSOLE_GUARD, CSRF_FORM, FORM, html, problem, redirect } from "./replies.js";
import { ID_PARAM } from "./shapes/params.js";
import { adminMessagesQuery, consoleDirectoryQuery, periodQuery } from "./shapes/queries.js";

const TOO_LARGE = { "413": problem("The form is larger than a console form can be.") };

/** A refusal: a page saying what went wrong to a browser, a problem to anything else (the console's onError). */
const refused = (description: string): Reply => ({
  description,
  content: { ...html(description).content, ...problem(description).content },
});

export const consoleOverview = route({
  method: "get",
  path: "/admin",
  tag: "console",
  summary: "Console: overview (refreshes itself)",
  access: "admin-session",
  responses: { "200": html("The page."), ...CONSOLE_GUARD },
});

export const signInForm = route({
  method: "get",
  path: "/admin/sign-in",
  tag: "console",
  summary: "Console: sign-in form",
  access: "none",
  responses: { "200": html("The form.") },
});

export const signIn = route({
  method: "post",
  path: "/admin/sign-in",
  tag: "console",
  summary: "Console: exchange an admin API key for a session cookie",
  access: "none",
  body: {
    [FORM]: {
      type: "object",
      properties: { apiKey: { type: "string" }, next: { type: "string" } },
      required: ["apiKey"],
    },
  },
  responses: {
    "303": redirect("Signed in: to `next` (a /admin path)."),
    "401": html("Not an administrator's key."),
    "403": problem("Not posted from the console's own page."),
    ...TOO_LARGE,
    "429": html("Too many failed attempts from this address."),
  },
});

export const signOut = route({
  method: "post",
  path: "/admin/sign-out",
  tag: "console",
  summary: "Console: end the session",
  access: "admin-session",
  body: { [FORM]: CSRF_FORM },
  responses: {
    "303": redirect("To the sign-in page."),
    "401": problem("Not signed in."),
    "403": problem("Missing or wrong CSRF token, or another site."),
    ...TOO_LARGE,
  },
});

export const consoleMessages = route({
  method: "get",
  path: "/admin/messages",
  tag: "console",
  summary: "Console: search messages",
  access: "admin-session",
  query: adminMessagesQuery,
  // A wrong search shows the form again with what is wrong.
  queryReadByHandler: true,
  responses: {
    "200": html("The page."),
    "400": html("The search cannot be used (the page says why)."),
    ...CONSOLE_GUARD,
  },
});

export const consoleMessage = route({
  method: "get",
  path: "/admin/messages/{id}",
  tag: "console",
  summary: "Console: a message's facts, acknowledgement, actions and timeline",
  access: "admin-session",
  params: ID_PARAM,
  responses: {
    "200": html("The page."),
    "400": refused("Not a message id."),
    "404": refused("No such message."),
    ...CONSOLE_GUARD,
  },
});

const confirm = (action: "retry" | "resend") =>
  route({
    method: "get",
    path: `/admin/messages/{id}/${action}`,
    tag: "console",
    summary: `Console: confirm the ${action}`,
    access: "admin-session",
    params: ID_PARAM,
    responses: {
      "200": html("The confirmation page."),
      "400": refused("Not a message id."),
      "404": refused("No such message."),
      ...CONSOLE_GUARD,
    },
  });

const act = (action: "retry" | "resend") =>
  route({
    method: "post",
    path: `/admin/messages/{id}/${action}`,
    tag: "console",
    summary: `Console: ${action} the message (audited)`,
    access: "admin-session",
    params: ID_PARAM,
    body: { [FORM]: CSRF_FORM },
    responses: {
      "303": redirect("To the message page."),
      "400": refused("Not a message id."),
      "401": problem("Not signed in."),
      "403": problem("Missing or wrong CSRF token, or another site."),
      "404": refused("No such message, or its content is no longer kept."),
      "409": refused("The status does not allow it."),
      ...TOO_LARGE,
    },
  });

/** Confirming and doing the technical resend of a failed message and the resend of an unanswered one. */
export const CONSOLE_ACTIONS = {
  retry: { confirm: confirm("retry"), act: act("retry") },
  resend: { confirm: confirm("resend"), act: act("resend") },
} as const;

export const consoleConversations = route({
  method: "get",
  path: "/admin/conversations",
  tag: "console",
  summary: "Console: reply statistics per receiving location, with a chart",
  access: "admin-session",
  query: periodQuery,
  // An empty field of the form is no value (the handler reads the query as the form's values).
  queryReadByHandler: true,
  responses: { "200": html("The page."), "400": refused("The period cannot be used."), ...CONSOLE_GUARD },
});

export const consoleDirectory = route({
  method: "get",
  path: "/admin/directory",
  tag: "console",
  summary: "Console: the last directory import; locations, adapters, formats and delivery health, a page at a time",
  access: "admin-session",
  query: consoleDirectoryQuery,
  responses: { "200": html("The page."), "400": refused("The search cannot be used."), ...CONSOLE_GUARD },
});

export const consoleCss = route({
  method: "get",
  path: "/admin/assets/console.css",
  tag: "console",
  summary: "Console: the style sheet",
  access: "none",
  responses: { "200": { description: "CSS.", content: { "text/css": { type: "string" } } } },
});

export const queueBoard = route({
  method: "get",
  path: "/admin/queues",
  tag: "console",
  summary: "BullMQ's queue board (@bull-board), read-only, job data redacted",
  description:
    "The board's own pages and JSON below /admin/queues/ belong to @bull-board; only GET and HEAD are let through.",
  access: "admin-session",
  servedBy: "@bull-board",
  responses: { "200": html("The board."), ...CONSOLE_GUARD },
});

export const CONSOLE_ROUTES: readonly RouteDef[] = [
  consoleOverview,
  signInForm,
  signIn,
  signOut,
  consoleMessages,
  consoleMessage,
  ...Object.values(CONSOLE_ACTIONS).flatMap(({ confirm, act }) => [confirm, act]),
  consoleConversations,
  consoleDirectory,
  consoleCss,
  queueBoard,
];
