// Home: the comparisons, newest first, filterable by category, a page at a time through the API's cursor. The first
// page and the filters arrive written in (content's SitePages); the script asks the API for the same page only to
// learn its cursor, and redraws the cards only if the API's list differs from what was published.
import { api } from "/assets/api.js";
import { h, formatDate } from "/assets/dom.js";
import { attachNewsletter } from "/assets/newsletter.js";

const list = document.querySelector(".comparison-list");
const status = document.querySelector(".listing-status");
const more = document.querySelector(".more");
const filters = document.querySelector(".filters");

const params = new URLSearchParams(location.search);
// ?per=N shows N a page (the API allows 1..100); the default suits a catalogue that grows by a few a week.
const pageSize = Math.min(100, Math.max(1, Number.parseInt(params.get("per") ?? "", 10) || 12));
const categories = new Set();
let category = params.get("category") || null;
let cursor = null;
let loading = false;
// Which list the page shows: a filter starts a new one, and a late answer for an older one is dropped.
let view = 0;

const written = list.hasAttribute("data-prerendered") && list.children.length > 0;
[...filters.querySelectorAll(".chip")].slice(1).forEach((chip) => categories.add(chip.textContent));

attachNewsletter(document.querySelector(".newsletter-form"), "home");
if (category) categories.add(category);
renderFilters();
const learning = written && !category && !params.has("per") ? learnCursor() : loadPage(true);
// "Load more" pressed before the first page's cursor is known waits for it rather than loading that page twice.
more.addEventListener("click", () => learning.then(() => loadPage(false)));

// The written-in list is the API's first page: take its cursor, and quietly catch up if the catalogue moved on.
// It does not hold the page: a filter chosen meanwhile goes ahead, and this answer is then dropped.
async function learnCursor() {
  const mine = view;
  try {
    const page = await api.comparisons({ limit: pageSize });
    if (mine !== view) return;
    const shown = [...list.children].map((item) => item.dataset.slug);
    if (page.items.map((item) => item.slug).join("\n") !== shown.join("\n")) list.replaceChildren(...page.items.map(card));
    page.items.forEach((item) => categories.add(item.category));
    cursor = page.nextCursor ?? null;
    renderFilters();
    more.hidden = cursor === null;
  } catch {
    // The written-in page stays; without a cursor there is nothing more to page to.
    if (mine === view) more.hidden = true;
  }
}

async function loadPage(fresh) {
  if (loading) return;
  loading = true;
  if (fresh) view += 1;
  more.disabled = true;
  list.setAttribute("aria-busy", "true");
  status.textContent = "Loading comparisons…";
  try {
    const page = await api.comparisons({ category, limit: pageSize, cursor: fresh ? null : cursor });
    if (fresh) list.replaceChildren();
    const firstNew = page.items.length ? card(page.items[0]) : null;
    page.items.forEach((item, i) => list.append(i === 0 ? firstNew : card(item)));
    page.items.forEach((item) => categories.add(item.category));
    cursor = page.nextCursor ?? null;
    more.hidden = cursor === null;
    status.textContent = list.children.length === 0 ? "No comparisons here yet." : "";
    if (!fresh && firstNew) firstNew.querySelector("a").focus();
    renderFilters();
  } catch (error) {
    status.textContent = error.status === 0 ? error.message : "The comparisons didn't load. Please reload the page to try again.";
  } finally {
    loading = false;
    more.disabled = false;
    list.setAttribute("aria-busy", "false");
  }
}

function card(item) {
  const [first, second] = item.tools;
  return h("li", { class: "comparison-card", "data-slug": item.slug },
    h("p", { class: "eyebrow" }, item.category, item.publishedAt ? ` · ${formatDate(item.publishedAt)}` : ""),
    h("h3", {}, h("a", { href: `/compare/${encodeURIComponent(item.slug)}` }, item.title)),
    item.tools.length >= 2
      // Each tool's own page, above the card-wide link of the title (site.css).
      ? h("p", { class: "matchup" },
          toolLink(first), h("span", { class: "vs", "aria-hidden": "true" }, "vs"), toolLink(second))
      : null,
    h("p", { class: "card-cta", "aria-hidden": "true" }, "Read the verdict →"));
}

function toolLink(tool) {
  return h("a", { href: `/tool/${encodeURIComponent(tool.id)}` }, tool.name);
}

function renderFilters() {
  const chip = (label, value) => h("button", {
    type: "button",
    class: "chip",
    "aria-pressed": String(category === value),
    onclick: () => choose(value),
  }, label);
  filters.replaceChildren(chip("All", null), ...[...categories].sort().map((name) => chip(name, name)));
}

function choose(value) {
  if (value === category || loading) return;
  category = value;
  cursor = null;
  const url = new URL(location.href);
  if (value) url.searchParams.set("category", value);
  else url.searchParams.delete("category");
  history.replaceState(null, "", url);
  loadPage(true).then(() => filters.querySelector("[aria-pressed=true]")?.focus());
}
