// One past issue, as it was sent. Every issue shares this page; which one is in the address: /newsletter/archive/{id}.
import { api } from "/assets/api.js";
import { h, formatDate } from "/assets/dom.js";
import { ISSUE_ID, weekName } from "/assets/issue-week.js";

const root = document.querySelector("#issue");
const fromPath = /^\/newsletter\/archive\/([^/]+)\/?$/.exec(location.pathname);
const id = fromPath ? decodeURIComponent(fromPath[1]) : new URLSearchParams(location.search).get("id") ?? "";

show();

async function show() {
  try {
    if (!ISSUE_ID.test(id)) {
      notFound();
      return;
    }
    const issue = await api.issue(id);
    document.title = `${issue.subject} · The Verdict`;
    root.replaceChildren(
      h("h1", {}, issue.subject),
      h("p", { class: "issue-meta" }, weekName(issue.id), " · ",
        h("time", { datetime: issue.weekStart }, formatDate(issue.weekStart)), " to ",
        h("time", { datetime: issue.weekEnd }, formatDate(lastDay(issue.weekEnd)))),
      ...issue.sections.filter((section) => section.entries.length).map(section));
  } catch (error) {
    if (error.status === 404) notFound();
    else root.replaceChildren(h("p", { class: "loading", role: "status" },
      error.status === 0 ? error.message : "The issue didn't load. Please reload the page to try again."));
  } finally {
    root.setAttribute("aria-busy", "false");
  }
}

function section(part) {
  return h("section", { class: "issue-section" },
    h("h2", {}, part.heading),
    h("ul", { class: "issue-entries" }, part.entries.map(entry)));
}

function entry(item) {
  return h("li", { class: "issue-entry" },
    h("h3", {}, h("a", { href: item.path }, item.title)),
    item.note ? h("p", {}, item.note) : null,
    item.tools.length ? h("ul", { class: "issue-figures" }, item.tools.map(figure)) : null);
}

function figure(tool) {
  const votes = `${tool.votes} ${tool.votes === 1 ? "vote" : "votes"}`;
  const share = tool.shipPercent === null ? "no community share yet" : `${tool.shipPercent}% ship`;
  const before = tool.previousShipPercent === null || tool.previousShipPercent === tool.shipPercent
    ? "" : `, from ${tool.previousShipPercent}%`;
  const week = tool.votesThisWeek ? `; ${tool.votesThisWeek} this week` : "";
  return h("li", {}, h("strong", {}, tool.name), `: ${share}${before} (${votes}${week})`);
}

// The week ends at the next Monday's midnight; readers count the Sunday as its last day.
function lastDay(weekEnd) {
  const end = new Date(weekEnd);
  return Number.isNaN(end.getTime()) ? weekEnd : new Date(end.getTime() - 1).toISOString();
}

function notFound() {
  document.title = "Issue not found · The Verdict";
  // A shell answers every well-formed id; a crawler that runs scripts should not keep the missing ones.
  document.head.append(h("meta", { name: "robots", content: "noindex" }));
  root.replaceChildren(h("section", { class: "notice warn problem" },
    h("p", { class: "notice-icon", "aria-hidden": "true" }, "?"),
    h("h1", {}, "We couldn't find that issue"),
    h("p", {}, "There is no issue of Weekly AI Tool Verdicts at this address. The ones that went out are all in the archive."),
    h("p", {}, h("a", { class: "button primary", href: "/newsletter/archive/" }, "See all past issues"))));
}
