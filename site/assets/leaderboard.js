// The leaderboard, /leaderboard: a category and an order chosen with tabs, the rows read live from GET /rankings.
// The page arrives holding the panel's ranking, written in from the catalogue (every tool in the list, each
// category's in a <template>); the live rows take those rows' places, so nothing below them moves.
import { api } from "/assets/api.js";
import { h } from "/assets/dom.js";
import { range } from "/assets/interval.js";

const categories = document.getElementById("categories");
const orders = document.getElementById("orders");
const list = document.querySelector(".ranking");
const status = document.querySelector(".ranking-status");
const caption = document.getElementById("ranking-caption");
const panel = document.getElementById("ranking-panel");

const ORDERS = { community: "by the community's votes", panel: "by the panel's reviews", trending: "by ship votes in the last 24 hours" };
const params = new URLSearchParams(location.search);
let category = params.get("category") ?? "";
let by = params.get("by") in ORDERS ? params.get("by") : "community";
// Answers can arrive out of order when tabs change quickly: only the latest request's answer is shown.
let latest = 0;

if (categories) {
  tabs(categories, (tab) => tab.dataset.category, (value) => { category = value; }, category);
  tabs(orders, (tab) => tab.dataset.by, (value) => { by = value; }, by);
  showWritten();
  load();
}

/**
 * A category's address: its written-in panel ranking in place of every tool's at once, so the list has the right
 * length before the live answer comes (a list that shrank then would pull the page up under the reader).
 */
function showWritten() {
  if (!category) return;
  const written = [...document.querySelectorAll("template.ranking-written")].find((t) => t.dataset.category === category);
  if (!written) return;
  list.replaceChildren(written.content.cloneNode(true));
  caption.textContent = `${selectedName()}, ${ORDERS.panel}`;
}

function selectedName() {
  return categories.querySelector("[aria-selected=true]").textContent;
}

/**
 * The ARIA tabs pattern: one tab in the Tab order, arrow keys (and Home/End) move along the row and select as they
 * go, Enter and Space select (they click a button). A value the page has no tab for (an old link) selects the first.
 */
function tabs(row, valueOf, choose, initial) {
  const all = [...row.querySelectorAll("[role=tab]")];
  select(all.find((tab) => valueOf(tab) === initial) ?? all[0], false);

  function select(tab, reload) {
    for (const other of all) {
      other.setAttribute("aria-selected", String(other === tab));
      other.tabIndex = other === tab ? 0 : -1;
    }
    choose(valueOf(tab));
    if (reload) load();
  }

  for (const tab of all) tab.addEventListener("click", () => select(tab, tab.getAttribute("aria-selected") !== "true"));
  row.addEventListener("keydown", (event) => {
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    const next = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = all[(next + all.length) % all.length];
    tab.focus();
    select(tab, true);
  });
}

async function load() {
  const request = ++latest;
  // The caption names the rows shown, so it changes with them, when the answer comes.
  const named = `${selectedName()}, ${ORDERS[by]}`;
  const url = new URL(location.href);
  url.searchParams.delete("category");
  url.searchParams.delete("by");
  if (category) url.searchParams.set("category", category);
  if (by !== "community") url.searchParams.set("by", by);
  history.replaceState(null, "", url);
  panel.setAttribute("aria-busy", "true");
  delete panel.dataset.live;
  // Rows already showing stay (the panel is aria-busy) rather than giving way to a line that would move the page.
  if (list.children.length === 0) status.textContent = "Loading the ranking…";
  try {
    const ranking = await api.rankings({ category, by, limit: 100 });
    if (request !== latest) return;
    list.replaceChildren(...ranking.items.map((item) => row(item)));
    caption.textContent = named;
    status.textContent = ranking.items.length === 0 ? "No tools here yet." : "";
  } catch (error) {
    if (request !== latest) return;
    list.replaceChildren();
    caption.textContent = named;
    status.textContent = error.status === 0 ? error.message : "The ranking didn't load. Please reload the page to try again.";
  } finally {
    if (request === latest) {
      panel.setAttribute("aria-busy", "false");
      // For anyone waiting on the live rows (the browser tests do): they are in, or known to be missing.
      panel.dataset.live = "true";
    }
  }
}

/** One tool: its rank, name (to its page), share, how many it rests on, and its interval as a bar and in words. */
function row(item) {
  const trending = by === "trending";
  const ship = trending ? item.ship24h ?? 0 : item.ship;
  const n = trending ? item.n24h ?? 0 : item.n;
  const unit = by === "panel" ? ["review", "reviews"] : ["vote", "votes"];
  const count = `${n} ${n === 1 ? unit[0] : unit[1]}${trending ? " in 24 h" : ""}`;
  const share = n === 0 ? null : Math.round((ship / n) * 100);
  const interval = { lower: item.lowerBound, upper: item.upperBound };
  const words = n === 0 ? (by === "panel" ? "no reviews yet" : "no votes yet") : `likely ${range(interval).replace("–", " to ")}`;
  return h("li", { class: "rank-row", "data-tool": item.tool.id },
    h("span", { class: "rank" }, h("span", { class: "visually-hidden" }, "Rank "), String(item.rank)),
    h("a", { class: "rank-tool", href: `/tool/${encodeURIComponent(item.tool.id)}` }, item.tool.name),
    h("span", { class: "rank-share" }, share === null ? h("span", { "aria-hidden": "true" }, "—") : `${share}% ship`),
    h("span", { class: "rank-n" }, count),
    intervalBar(n === 0 ? null : interval, share),
    h("span", { class: "rank-interval" }, words));
}

/** The interval as a band on a 0–100% track, the share as a tick; decorative, the words beside it say the same. */
function intervalBar(interval, share) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "interval-bar");
  svg.setAttribute("viewBox", "0 0 100 10");
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  if (interval) {
    const lower = Math.round(interval.lower * 100);
    const upper = Math.round(interval.upper * 100);
    svg.append(rect("interval-band", lower, Math.max(1, upper - lower)), rect("interval-share", Math.min(99, share), 1));
  }
  return svg;
}

function rect(kind, x, width) {
  const element = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  for (const [name, value] of Object.entries({ class: kind, x, y: 0, width, height: 10 })) element.setAttribute(name, String(value));
  return element;
}
