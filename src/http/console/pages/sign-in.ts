// The sign-in page: an administrator's API key is exchanged for a session cookie.
import { html } from "hono/html";
import { t, type Lang } from "../i18n.js";
import { page, type Html } from "../layout.js";

export function signInPage(lang: Lang, options: { next: string; problem?: "failed" | "throttled" }): Html {
  const problem = options.problem === "throttled" ? t(lang, "signInThrottled") : t(lang, "signInFailed");
  return page(
    { lang, title: t(lang, "signIn"), here: "/admin/sign-in" },
    html`<form class="signin" method="post" action="/admin/sign-in">
      ${options.problem ? html`<p class="error" role="alert">${problem}</p>` : ""}
      <p class="muted">${t(lang, "signInHint")}</p>
      <label for="apiKey">${t(lang, "apiKey")}</label>
      <input id="apiKey" name="apiKey" type="password" autocomplete="off" required maxlength="512" autofocus />
      <input type="hidden" name="next" value="${options.next}" />
      <button type="submit">${t(lang, "signIn")}</button>
    </form>`,
  );
}
