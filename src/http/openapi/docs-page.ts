// /docs: the API description as a page to read, rendered on the server from the same document /openapi.json serves
// (no script, no external viewer: it works on a closed network and under a CSP without scripts).
import { html } from "hono/html";
import type { Html } from "../console/layout.js";
import type { JsonSchema } from "../../util/json-schema.js";

type Doc = JsonSchema;

/** A document member as text (the document is plain data; anything not a string or number shows as nothing). */
const text = (v: unknown): string => (typeof v === "string" || typeof v === "number" ? String(v) : "");

const pretty = (value: unknown) => JSON.stringify(value, (k, v: unknown) => (k === "x-issues" ? undefined : v), 2);

function operation(path: string, method: string, op: Doc): Html {
  const params = (op.parameters ?? []) as Doc[];
  const body = (op.requestBody as Doc | undefined)?.content as Record<string, Doc> | undefined;
  const responses = Object.entries(op.responses as Record<string, Doc>);
  const security = (op.security as Record<string, unknown>[]).flatMap((s) => Object.keys(s));
  return html`<section class="card" id="${text(op.operationId)}">
    <h3><code>${method.toUpperCase()} ${path}</code></h3>
    <p>${text(op.summary)}</p>
    ${op.description ? html`<p class="muted">${text(op.description)}</p>` : ""}
    <p class="muted">${security.length === 0 ? "No credentials." : `Credentials: ${security.join(" or ")}.`}</p>
    ${
      params.length > 0
        ? html`<table>
            <thead>
              <tr>
                <th>parameter</th>
                <th>in</th>
                <th>schema</th>
                <th>description</th>
              </tr>
            </thead>
            <tbody>
              ${params.map(
                (p) =>
                  html`<tr>
                    <td><code>${text(p.name)}</code></td>
                    <td>${text(p.in)}</td>
                    <td><code>${pretty({ ...(p.schema as Doc), description: undefined })}</code></td>
                    <td>${text(p.description ?? "")}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : ""
    }
    ${
      body
        ? html`<p>
            <strong>Body</strong>:
            ${Object.entries(body).map(([media, m]) => html`<code>${media}</code> (${schemaName(m.schema as Doc)}) `)}
          </p>`
        : ""
    }
    <strong>Answers</strong>
    <ul>
      ${responses.map(([status, r]) => html`<li><code>${status}</code> ${text(r.description)}</li>`)}
    </ul>
  </section>`;
}

function schemaName(schema: Doc): string {
  const refName = typeof schema.$ref === "string" ? schema.$ref.split("/").at(-1) : undefined;
  return refName ? `see ${refName} below` : text(schema.description ?? schema.type ?? "");
}

export function docsPage(doc: Doc): Html {
  const info = doc.info as Doc;
  const paths = Object.entries(doc.paths as Record<string, Record<string, Doc>>);
  const tags = (doc.tags as Doc[]).map((t) => text(t.name));
  const schemas = Object.entries((doc.components as Doc).schemas as Record<string, Doc>);
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${text(info.title)} API</title>
        <link rel="stylesheet" href="/admin/assets/console.css" />
      </head>
      <body>
        <header><span class="brand">${text(info.title)} ${text(info.version)} · API</span></header>
        <main>
          <h1>${text(info.summary)}</h1>
          <p>${text(info.description)}</p>
          <p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${text(doc.openapi)}).</p>
          ${tags.map(
            (tag) =>
              html`<h2 id="tag-${tag}">${tag}</h2>
                ${paths.flatMap(([path, methods]) =>
                  Object.entries(methods)
                    .filter(([, op]) => (op.tags as string[]).includes(tag))
                    .map(([method, op]) => operation(path, method, op)),
                )}`,
          )}
          <h2 id="schemas">Schemas</h2>
          ${schemas.map(
            ([name, schema]) =>
              html`<section class="card" id="schema-${name}">
                <h3>${name}</h3>
                <pre><code>${pretty(schema)}</code></pre>
              </section>`,
          )}
        </main>
      </body>
    </html>`;
}
