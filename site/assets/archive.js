// The newsletter's archive: past issues, newest first, a page at a time through the API's cursor.
import { api } from "/assets/api.js";
import { h, formatDate } from "/assets/dom.js";
import { attachNewsletter } from "/assets/newsletter.js";
import { weekName } from "/assets/issue-week.js";

const list = document.querySelector(".issue-list");
const status = document.querySelector(".listing-status");
const more = document.querySelector(".more");
// A year of weekly issues on the first page; older ones a click away.
const PAGE = 52;
let cursor = null;
let loading = false;

attachNewsletter(document.querySelector(".newsletter-form"), "archive");
more.addEventListener("click", () => loadPage());
loadPage();

async function loadPage() {
  if (loading) return;
  loading = true;
  more.disabled = true;
  list.setAttribute("aria-busy", "true");
  status.textContent = "Loading past issues…";
  try {
    const page = await api.issues({ limit: PAGE, cursor });
    const cards = page.items.map(card);
    list.append(...cards);
    cursor = page.nextCursor ?? null;
    more.hidden = cursor === null;
    status.textContent = list.children.length === 0
      ? "No issues yet. The first one goes out on the Monday after a week with news: subscribe below to get it."
      : "";
    // After "Show older issues", the keyboard carries on from the first of the new ones.
    if (cards.length && list.children.length > cards.length) cards[0].querySelector("a").focus();
  } catch (error) {
    status.textContent = error.status === 0 ? error.message : "The past issues didn't load. Please reload the page to try again.";
  } finally {
    loading = false;
    more.disabled = false;
    list.setAttribute("aria-busy", "false");
  }
}

function card(issue) {
  return h("li", { class: "issue-card" },
    h("h2", {}, h("a", { href: `/newsletter/archive/${encodeURIComponent(issue.id)}` }, issue.subject)),
    h("p", { class: "issue-meta" }, weekName(issue.id), issue.publishedAt ? ` · sent ${formatDate(issue.publishedAt)}` : ""));
}
