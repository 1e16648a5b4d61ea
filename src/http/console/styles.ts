// The console's one style sheet, served from /admin/assets/console.css (no inline styles, so the page's CSP can
// refuse them). Sized for a laptop screen; tables scroll sideways on a narrow one.
export const CONSOLE_CSS = `
:root { --fg: #1d2733; --muted: #5d6b7a; --line: #d8dee5; --bg: #f6f8fa; --accent: #0b5cad;
  --ok: #1e7d3a; --warn: #a86400; --bad: #b3261e; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); font-size: 15px; line-height: 1.4; }
header { display: flex; align-items: center; gap: 1.5rem; padding: .6rem 1.5rem; background: #fff;
  border-bottom: 1px solid var(--line); flex-wrap: wrap; }
header .brand { font-weight: 600; }
nav { display: flex; gap: 1rem; flex: 1; flex-wrap: wrap; }
nav a { color: var(--fg); text-decoration: none; padding: .2rem 0; border-bottom: 2px solid transparent; }
nav a[aria-current="page"] { border-color: var(--accent); color: var(--accent); }
header form { margin: 0; }
main { padding: 1rem 1.5rem 3rem; max-width: 1400px; }
h1 { font-size: 1.4rem; margin: .4rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .6rem; }
.muted { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: .8rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .7rem .9rem; }
.card .n { font-size: 1.6rem; font-weight: 600; }
.card a { color: inherit; text-decoration: none; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef2f6; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .id { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: .85em; }
.status { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: .85em; border: 1px solid; }
.status-delivered, .status-acknowledged, .health-ok { color: var(--ok); }
.status-accepted, .status-queued, .health-degraded, .health-idle { color: var(--warn); }
.status-failed, .status-rejected, .health-failing { color: var(--bad); }
.health-idle { color: var(--muted); }
form.search { display: flex; flex-wrap: wrap; gap: .6rem; align-items: end; background: #fff;
  border: 1px solid var(--line); padding: .7rem; margin-bottom: 1rem; }
form.search label { display: flex; flex-direction: column; font-size: .85em; color: var(--muted); gap: .15rem; }
form.search select { max-width: 18rem; }
input, select, button { font: inherit; padding: .3rem .45rem; border: 1px solid #aab4bf; border-radius: 4px; }
button, .button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer;
  text-decoration: none; display: inline-block; padding: .3rem .8rem; border-radius: 4px; }
button.secondary, .button.secondary { background: #fff; color: var(--accent); }
.notice { background: #e7f3ea; border: 1px solid #b6dcc0; padding: .6rem .8rem; border-radius: 4px; }
.error { background: #fbeaea; border: 1px solid #efb8b4; padding: .6rem .8rem; border-radius: 4px; }
.signin { max-width: 26rem; margin: 4rem auto; background: #fff; border: 1px solid var(--line); padding: 1.5rem;
  border-radius: 6px; }
.signin label { display: block; margin: 1rem 0 .3rem; }
.signin input { width: 100%; }
.signin button { margin-top: 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; background: #fff;
  border: 1px solid var(--line); padding: .8rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.actions { display: flex; gap: .8rem; align-items: center; flex-wrap: wrap; }
.chart { background: #fff; border: 1px solid var(--line); padding: .5rem; max-width: 900px; }
.chart .answered { fill: var(--ok); }
.chart .unanswered { fill: #e0a040; }
.chart text { font-size: 12px; fill: var(--fg); }
`;
