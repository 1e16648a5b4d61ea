// @bull-board/hono at /admin/queues: BullMQ's own view of the queues, read-only, with job data and return values
// redacted (they hold only message ids, but the board is no place to read them; the console's message pages are).
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Queue } from "bullmq";

export const QUEUES_BASE_PATH = "/admin/queues";

const REDACTED = "[redacted]";

export function queuesBoard(queues: readonly Queue[]) {
  const serverAdapter = new HonoAdapter(serveStatic);
  serverAdapter.setBasePath(QUEUES_BASE_PATH);
  createBullBoard({
    queues: queues.map((queue) => {
      const adapter = new BullMQAdapter(queue, { readOnlyMode: true, allowRetries: false });
      adapter.setFormatter("data", () => REDACTED);
      adapter.setFormatter("returnValue", () => REDACTED);
      return adapter;
    }),
    serverAdapter,
    options: { uiConfig: { boardTitle: "MedCom gateway", hideDocsLink: true } },
  });
  return serverAdapter.registerPlugin();
}

/**
 * The board's answers get the console's protections (issue 11, point 14): never framed, never cached, no sniffing,
 * no referrer. Its own CSP: the board is a script application (its scripts from here only, inline styles, its API
 * over fetch), and nothing from another host — no fonts, images or connections elsewhere.
 */
const BOARD_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
};

const OUTSIDE_FONTS = "https://fonts.googleapis.com";

/** The board's page without its link to Google Fonts (a request to an outside host on every visit); linear scan. */
export function withoutOutsideFonts(html: string): string {
  let out = html;
  for (let at = out.indexOf(OUTSIDE_FONTS); at >= 0; at = out.indexOf(OUTSIDE_FONTS)) {
    const start = out.lastIndexOf("<link", at);
    const end = out.indexOf(">", at);
    if (start < 0 || end < 0) break;
    out = out.slice(0, start) + out.slice(end + 1);
  }
  return out;
}

/**
 * A board answer as it may leave: a server error becomes the gateway's generic 500 problem (the board's own error
 * answer carries the error's message, which can name server paths or Redis details), its page loses the outside font
 * link, and every answer carries BOARD_SECURITY_HEADERS.
 */
export async function hardenedBoardResponse(res: Response, internalError: () => Response): Promise<Response> {
  let out = res;
  if (res.status >= 500) {
    await res.body?.cancel();
    out = internalError();
  } else if ((res.headers.get("Content-Type") ?? "").startsWith("text/html")) {
    const headers = new Headers(res.headers);
    headers.delete("Content-Length");
    out = new Response(withoutOutsideFonts(await res.text()), { status: res.status, headers });
  }
  for (const [name, value] of Object.entries(BOARD_SECURITY_HEADERS)) out.headers.set(name, value);
  return out;
}
