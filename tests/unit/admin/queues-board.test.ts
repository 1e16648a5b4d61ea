// The queue board's answers as they leave (issue 11, point 14): a server error says nothing about the server, the page
// loses its outside font link, every answer carries the protections.
import { describe, expect, test } from "vitest";
import { hardenedBoardResponse, withoutOutsideFonts } from "../../../src/http/console/queues-board.js";

const generic = () => new Response('{"title":"Internal error"}', { status: 500 });

describe("queue board answers", () => {
  test("a board error with a stack and server paths becomes the generic 500", async () => {
    const leaky = new Response(
      JSON.stringify({ message: "ENOENT: open '/srv/gateway/node_modules/x.js'", details: "at f (/srv/x.js:1:1)" }),
      { status: 500, headers: { "Content-Type": "application/json" } },
    );
    const out = await hardenedBoardResponse(leaky, generic);
    expect(out.status).toBe(500);
    expect(await out.text()).toBe('{"title":"Internal error"}');
    expect(out.headers.get("cache-control")).toBe("no-store");
  });

  test("the page loses the Google Fonts link and keeps the rest", async () => {
    const page =
      '<head><link href="https://fonts.googleapis.com/css2?family=IBM+Plex+Sans" rel="stylesheet">\n' +
      '<link href="static/css/main.css" rel="stylesheet"></head>';
    expect(withoutOutsideFonts(page)).toBe('<head>\n<link href="static/css/main.css" rel="stylesheet"></head>');
    const out = await hardenedBoardResponse(
      new Response(page, { headers: { "Content-Type": "text/html; charset=utf-8", "Content-Length": "999" } }),
      generic,
    );
    expect(await out.text()).not.toContain("googleapis");
    expect(out.headers.get("content-length")).toBeNull();
    expect(out.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});
