// The comparison page: /compare/{slug} (or compare.html?slug=…).
import { api } from "/assets/api.js";
import { h, SLUG } from "/assets/dom.js";
import { attachNewsletter } from "/assets/newsletter.js";
import { myVotes } from "/assets/my-votes.js";
import { drawRange, intervalSentence } from "/assets/interval.js";
import { communityFigure, communityVerdict, moveVote } from "/assets/tally.js";
import { withVoter } from "/assets/voter.js";

const root = document.getElementById("comparison");
// Set on the pages generated from the catalogue (/compare/{slug}); compare.html itself has none.
const slug = root.dataset.slug ?? null;
/** Per tool: the elements that change after a vote, and the vote's bookkeeping. */
const views = new Map();
let comparison = null;
let loaded = null;

if (slug) {
  attachNewsletter(document.querySelector(".newsletter-form"), slug);
  bind();
  loaded = load();
} else {
  attachNewsletter(document.querySelector(".newsletter-form"), "compare");
  // compare.html?slug=… was the page's address before the pages were generated: send it on to the page itself.
  const asked = new URLSearchParams(location.search).get("slug");
  if (asked && SLUG.test(asked)) location.replace(`/compare/${asked}`);
  else showProblem("We couldn't find that comparison.", "The address looks incomplete.");
}

/** The page arrives with its content written in: take hold of each tool's card so the buttons work at once. */
function bind() {
  for (const card of root.querySelectorAll(".tool-card[data-tool]")) {
    const id = card.dataset.tool;
    const tool = { id, name: card.querySelector(".tool-name").textContent, community: null };
    const mine = myVotes.get(id);
    const view = {
      tool,
      mine,
      busy: false,
      settling: false,
      generation: 0,
      card,
      communityValue: card.querySelector(".stat-community .stat-value"),
      communityNote: card.querySelector(".stat-community .stat-note"),
      communityBar: card.querySelector(".stat-community .bar-fill"),
      communityRange: card.querySelector(".stat-community .bar-range"),
      communityInterval: card.querySelector(".community-interval"),
      ship: card.querySelector(".vote-button.ship"),
      skip: card.querySelector(".vote-button.skip"),
      retract: card.querySelector(".retract"),
      progress: card.querySelector(".vote-progress"),
      status: card.querySelector(".vote-status"),
      next: card.querySelector(".next-step"),
    };
    for (const verdict of ["ship", "skip"]) {
      // Pressing the verdict you already gave takes it back, as a toggle should.
      view[verdict].addEventListener("click", () => cast(id, view.mine === verdict ? null : verdict));
    }
    view.retract.addEventListener("click", () => cast(id, null));
    views.set(id, view);
  }
  refreshVotes();
}

/** The live part: the community's figures, from the API. */
async function load() {
  try {
    comparison = await api.comparison(slug);
    for (const tool of comparison.tools) {
      const view = views.get(tool.id);
      if (view) view.tool.community = tool.community;
    }
    refresh();
  } catch (error) {
    for (const view of views.values()) view.communityNote.textContent = "Live figures unavailable";
    root.querySelector(".verdict-community").lastChild.textContent = error.status === 0 ? error.message
      : "couldn't be counted just now. Please reload in a moment.";
  } finally {
    // For anyone waiting on the live figures (the browser tests do): they are in, or known to be missing.
    root.dataset.live = "true";
  }
}

function showProblem(title, detail) {
  root.replaceChildren(h("div", { class: "problem" },
    h("h1", { text: title }),
    h("p", { text: detail }),
    h("p", {}, h("a", { class: "button ghost", href: "/" }, "See all comparisons"))));
}

/** Puts the vote states on the buttons: known from this browser's own notes, before the API answers. */
function refreshVotes() {
  for (const view of views.values()) {
    // aria-disabled rather than disabled: a disabled button drops keyboard focus, and cast() ignores clicks meanwhile.
    for (const verdict of ["ship", "skip"]) {
      view[verdict].setAttribute("aria-pressed", String(view.mine === verdict));
      view[verdict].setAttribute("aria-disabled", String(view.busy));
    }
    if (view.mine === null && document.activeElement === view.retract) view.ship.focus();
    view.retract.hidden = view.mine === null;
    view.retract.setAttribute("aria-disabled", String(view.busy));
  }
}

/** Puts the current community figures, vote states and the community's pick on the page. */
function refresh() {
  refreshVotes();
  const tools = [...views.values()].map((view) => view.tool);
  if (tools.some((tool) => tool.community === null)) return;
  for (const view of views.values()) {
    const figure = communityFigure(view.tool.community);
    view.communityValue.textContent = figure.value;
    // "—" would be read as "dash"; the note beside it says "No votes yet" in words.
    view.communityValue.setAttribute("aria-hidden", String(figure.value === "—"));
    view.communityNote.textContent = figure.note;
    view.communityBar.setAttribute("width", String(figure.width));
    // The interval says what the count above means, below the ten-vote minimum too: how far the share could be off.
    const { ship, total } = view.tool.community;
    view.communityInterval.textContent = intervalSentence(ship, total) ?? "";
    drawRange(view.communityRange, ship, total);
  }
  const verdict = communityVerdict(tools);
  root.querySelector(".verdict-community").replaceChildren(h("span", { class: "verdict-label" }, "The community"),
    verdict.pick ? h("span", {}, "ships with ", h("strong", {}, verdict.pick), verdict.figures) : h("span", {}, verdict.text));
}

/** Sends the visitor's verdict on a tool (null takes it back), shows it at once, then checks it against the API. */
async function cast(toolId, verdict) {
  const view = views.get(toolId);
  if (view.busy) return;
  const before = view.mine;
  view.busy = true;
  // Shown, not announced: the status region speaks once, with the outcome.
  view.progress.textContent = verdict ? "Sending your vote…" : "Taking back your vote…";
  view.status.textContent = "";
  view.status.className = "vote-status";
  refresh();
  try {
    // The figures a vote moves must be the API's first: a click that comes before them waits for them.
    await loaded;
    if (view.tool.community === null) throw new Error("the live figures did not load");
    // A first vote from this browser creates its voter first: a second or so of work in the background.
    const send = () => withVoter(() => (verdict ? api.vote(slug, toolId, verdict) : api.retract(slug, toolId)), () => {
      view.progress.textContent = "One moment: your browser is doing a little work to become a voter. It happens once and tracks nothing.";
    });
    const answer = await send().catch(async (error) => {
      // A vote changes at most once every two seconds: a quick change of mind is sent again once that has passed.
      if (error.status !== 429 || (error.retryAfterSeconds ?? 99) > 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, error.retryAfterSeconds * 1000));
      return send();
    });
    // "changed": false means the API already had this verdict from us (say, from another tab): nothing moves.
    const moved = verdict === null || answer?.changed !== false;
    if (moved) view.tool.community = moveVote(view.tool.community, before, verdict);
    view.mine = verdict;
    myVotes.set(toolId, verdict);
    view.status.textContent = verdict === "ship" ? `You'd ship with ${view.tool.name}. Thanks for voting!`
      : verdict === "skip" ? `You'd skip ${view.tool.name}. Thanks for voting!` : "Your vote is withdrawn.";
    showNextStep(view, verdict);
    reconcile(view, moved ? { ...view.tool.community } : null);
  } catch (error) {
    view.status.className = "vote-status error";
    view.status.textContent = error.status === 429
      ? `You've just changed this vote. Please wait ${error.retryAfterSeconds ?? "a few"} seconds and try again.`
      : error.status === 0 ? error.message : "Your vote didn't go through. Please try again.";
  } finally {
    view.progress.textContent = "";
    view.busy = false;
    refresh();
  }
}

/**
 * After a vote, where to go next: the other tool's vote (if not given yet), sharing the comparison, and the related
 * comparisons. Sharing uses the browser's own share sheet where there is one, else a copy button and plain links:
 * no third party's script, and nothing is requested from another host until the reader follows a link.
 */
function showNextStep(view, verdict) {
  view.next.hidden = verdict === null;
  if (verdict === null) return;
  const url = document.querySelector("link[rel=canonical]")?.href ?? location.href;
  const title = root.querySelector(".comparison-title").textContent;
  const other = [...views.values()].find((candidate) => candidate !== view && candidate.mine === null);
  const share = navigator.share
    ? [h("button", { type: "button", class: "button", onclick: () => navigator.share({ title, url }).catch(() => {}) }, "Share this comparison")]
    : [copyButton(url), shareLinks(title, url)];
  view.next.replaceChildren(
    other ? h("p", {}, h("a", { class: "button primary", href: `#vote-${other.tool.id}` }, `Now your verdict on ${other.tool.name}`)) : null,
    h("div", { class: "share" }, h("p", { class: "share-title" }, "Share this comparison"), ...share),
    root.querySelector("#related-title") ? h("p", {}, h("a", { href: "#related-title" }, "More comparisons")) : null);
}

function copyButton(url) {
  const button = h("button", { type: "button", class: "button ghost" }, "Copy link");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(url);
      button.textContent = "Link copied";
    } catch {
      button.textContent = "Copy failed: the address is in your address bar";
    }
  });
  return button;
}

/** Plain links to each service's own "share this address" page: opening one is the reader's choice. */
function shareLinks(title, url) {
  const text = encodeURIComponent(title);
  const link = encodeURIComponent(url);
  const links = [
    ["Email", `mailto:?subject=${text}&body=${link}`],
    ["Bluesky", `https://bsky.app/intent/compose?text=${text}%20${link}`],
    ["Mastodon", `https://mastodonshare.com/?text=${text}&url=${link}`],
    ["LinkedIn", `https://www.linkedin.com/sharing/share-offsite/?url=${link}`],
    ["X", `https://x.com/intent/post?text=${text}&url=${link}`],
  ];
  return h("ul", { class: "share-links" }, links.map(([name, href]) =>
    h("li", {}, h("a", { href, rel: "noopener", target: "_blank" }, name, h("span", { class: "visually-hidden" }, " (opens a new tab)")))));
}

/**
 * The API counts votes from the votes table's stream, so its figure lags a moment behind. Re-read the comparison
 * (bypassing every cache) until it shows the figure we expect, then take the API's word for everything; if it never
 * does (someone else voted meanwhile, or our note of our own vote was stale), take its word after a few seconds anyway.
 */
async function reconcile(view, expected) {
  const generation = ++view.generation;
  view.settling = true;
  for (let attempt = 1; attempt <= 16; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, attempt === 1 ? 300 : 600));
    if (generation !== view.generation) return;
    let fresh;
    try {
      fresh = await api.comparison(slug, { fresh: true });
    } catch {
      continue;
    }
    if (generation !== view.generation) return;
    const served = fresh.tools.find((tool) => tool.id === view.tool.id)?.community;
    const settled = expected === null || (served && served.ship === expected.ship && served.skip === expected.skip);
    if (settled || attempt === 16) {
      view.settling = false;
      adopt(fresh);
      return;
    }
  }
  if (generation === view.generation) view.settling = false;
}

/** Takes the API's figures for every tool whose own vote is not still in flight or settling. */
function adopt(fresh) {
  for (const tool of fresh.tools) {
    const view = views.get(tool.id);
    if (view && !view.busy && !view.settling) view.tool.community = tool.community;
  }
  refresh();
}
