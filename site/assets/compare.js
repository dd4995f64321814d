// The comparison page: /compare/{slug} (or compare.html?slug=…).
import { api } from "/assets/api.js";
import { h, formatDate, SLUG } from "/assets/dom.js";
import { attachNewsletter } from "/assets/newsletter.js";
import { myVotes } from "/assets/my-votes.js";
import { leader, moveVote } from "/assets/tally.js";
import { withVoter } from "/assets/voter.js";

const root = document.getElementById("comparison");
const slug = readSlug();
/** Per tool: the elements that change after a vote, and the vote's bookkeeping. */
const views = new Map();
let comparison = null;

attachNewsletter(document.querySelector(".newsletter-form"), slug && SLUG.test(slug) ? slug : "compare");
load();

function readSlug() {
  const match = location.pathname.match(/^\/compare\/([^/]+)\/?$/);
  if (match) return decodeURIComponent(match[1]);
  return new URLSearchParams(location.search).get("slug");
}

async function load() {
  if (!slug || !SLUG.test(slug)) {
    showProblem("We couldn't find that comparison.", "The address looks incomplete.");
    return;
  }
  try {
    comparison = await api.comparison(slug);
    render(comparison);
  } catch (error) {
    if (error.status === 404) showProblem("We couldn't find that comparison.", "It may have moved, or the link has a typo.");
    else showProblem("The comparison didn't load.", error.status === 0 ? error.message : "Please try again in a moment.", true);
  }
}

function showProblem(title, detail, retry = false) {
  root.setAttribute("aria-busy", "false");
  root.replaceChildren(h("div", { class: "problem" },
    h("h1", { text: title }),
    h("p", { text: detail }),
    h("p", {},
      retry ? h("button", { class: "button", type: "button", onclick: () => location.reload() }, "Try again") : null,
      " ",
      h("a", { class: "button ghost", href: "/" }, "See all comparisons"))));
}

function render(c) {
  document.title = `${c.title} · The Verdict`;
  const names = Object.fromEntries(c.tools.map((tool) => [tool.id, tool.name]));
  const reviewers = Object.fromEntries(c.reviews.map((review) => [review.reviewer.id, review.reviewer]));

  root.setAttribute("aria-busy", "false");
  root.replaceChildren(
    h("header", { class: "comparison-head" },
      h("p", { class: "eyebrow" },
        h("a", { href: `/?category=${encodeURIComponent(c.category)}` }, c.category),
        c.publishedAt ? h("span", {}, ` · ${formatDate(c.publishedAt)}`) : null),
      h("h1", { class: "comparison-title" }, c.title),
      h("p", { class: "question" }, c.question)),
    h("section", { class: "verdict-line", "aria-label": "The verdict" },
      h("p", { class: "verdict-panel" }),
      h("p", { class: "verdict-community", "aria-live": "polite" })),
    h("div", { class: "tools" }, c.tools.map((tool) => toolCard(tool))),
    h("section", { class: "scorecard", "aria-labelledby": "scorecard-title" },
      h("h2", { id: "scorecard-title" }, "The panel's scorecard"),
      h("p", { class: "section-intro" }, `${c.reviews.length} reviewers, one verdict each: ship it or skip it.`),
      h("ol", { class: "reviews" }, c.reviews.map((review) => reviewItem(review, names)))),
    h("section", { class: "split", "aria-labelledby": "split-title" },
      h("h2", { id: "split-title" }, "How the panel split"),
      h("div", { class: "split-grid" },
        c.tools.map((tool) => splitItem(tool, c.reviewerSplit?.[tool.id] ?? { ship: [], skip: [] }, reviewers)))));
  refresh();
}

function toolCard(tool) {
  const mine = myVotes.get(tool.id);
  const view = {
    tool,
    mine,
    busy: false,
    settling: false,
    generation: 0,
    card: null,
    communityValue: h("span", { class: "stat-value" }),
    communityNote: h("span", { class: "stat-note" }),
    communityBar: h("span", { class: "bar-fill community" }),
    ship: voteButton(tool, "ship"),
    skip: voteButton(tool, "skip"),
    retract: h("button", { type: "button", class: "link-button retract", onclick: () => cast(tool.id, null) }, "Take back my vote"),
    status: h("p", { class: "vote-status", role: "status", "aria-live": "polite" }),
  };
  views.set(tool.id, view);
  const panel = tool.panel;
  const headingId = `tool-${tool.id}`;
  view.card = h("article", { class: "tool-card", "data-tool": tool.id, "aria-labelledby": headingId },
    h("p", { class: "leader-badge", hidden: true }, "Panel pick"),
    h("p", { class: "vendor" }, tool.vendor ?? ""),
    h("h2", { id: headingId, class: "tool-name" }, tool.name),
    h("p", { class: "tool-category" }, tool.category),
    h("p", { class: "tagline" }, tool.tagline),
    h("dl", { class: "stats" },
      h("div", { class: "stat stat-panel" },
        h("dt", {}, "Panel ship"),
        h("dd", {},
          h("span", { class: "stat-value" }, panel.shipPercent === null ? "—" : `${panel.shipPercent}%`),
          h("span", { class: "bar", "aria-hidden": "true" },
            h("span", { class: "bar-fill panel", style: `width:${panel.shipPercent ?? 0}%` })),
          h("span", { class: "stat-note" },
            panel.ship + panel.skip === 0 ? "No reviews yet" : `${panel.ship} of ${panel.ship + panel.skip} reviewers`))),
      h("div", { class: "stat stat-community" },
        h("dt", {}, "Community"),
        h("dd", {}, view.communityValue,
          h("span", { class: "bar", "aria-hidden": "true" }, view.communityBar),
          view.communityNote)),
      h("div", { class: "stat stat-entry" },
        h("dt", {}, "Entry"),
        h("dd", {},
          h("span", { class: "stat-value" }, tool.pricing?.entry ?? "—"),
          h("span", { class: "stat-note" }, tool.pricing?.model ?? "")))),
    h("p", { class: "description" }, tool.description),
    tool.pricing?.notes ? h("p", { class: "pricing-notes" }, h("strong", {}, "Pricing: "), tool.pricing.notes) : null,
    h("div", { class: "vote", role: "group", "aria-label": `Your verdict on ${tool.name}` },
      h("p", { class: "vote-prompt" }, `Would you ship with ${tool.name}?`),
      h("div", { class: "vote-buttons" }, view.ship, view.skip),
      view.retract,
      view.status));
  return view.card;
}

function voteButton(tool, verdict) {
  const label = verdict === "ship" ? "Ship it" : "Skip it";
  return h("button", {
    type: "button",
    class: `vote-button ${verdict}`,
    "data-verdict": verdict,
    "aria-pressed": "false",
    "aria-label": `${label}: ${tool.name}`,
    // Pressing the verdict you already gave takes it back, as a toggle should.
    onclick: () => cast(tool.id, views.get(tool.id).mine === verdict ? null : verdict),
  }, h("span", { class: "vote-icon", "aria-hidden": "true" }, verdict === "ship" ? "✓" : "✕"), label);
}

function reviewItem(review, names) {
  const initials = review.reviewer.name.split(/\s+/).map((part) => part[0]).slice(0, 2).join("");
  return h("li", { class: `review ${review.verdict}` },
    h("div", { class: "review-head" },
      h("span", { class: "avatar", "aria-hidden": "true" }, initials),
      h("div", { class: "reviewer" },
        h("p", { class: "reviewer-name" }, review.reviewer.name),
        h("p", { class: "reviewer-role" }, review.reviewer.role)),
      h("p", { class: "review-verdict" },
        h("span", { class: "review-tool" }, names[review.toolId] ?? review.toolId),
        h("span", { class: `badge ${review.verdict}` }, review.verdict === "ship" ? "Ship" : "Skip"))),
    h("blockquote", { class: "quote" }, h("p", {}, review.quote)));
}

function splitItem(tool, split, reviewers) {
  const total = split.ship.length + split.skip.length;
  const shipShare = total === 0 ? 0 : (split.ship.length / total) * 100;
  const nameList = (ids) => ids.length === 0 ? "nobody" : ids.map((id) => reviewers[id]?.name ?? id).join(", ");
  return h("div", { class: "split-item" },
    h("h3", {}, tool.name),
    h("p", { class: "split-count" }, `${split.ship.length} ship · ${split.skip.length} skip`),
    h("span", { class: "split-bar", "aria-hidden": "true" },
      h("span", { class: "split-ship", style: `width:${shipShare}%` }),
      h("span", { class: "split-skip", style: `width:${100 - shipShare}%` })),
    h("dl", { class: "split-names" },
      h("dt", {}, "Ship"), h("dd", {}, nameList(split.ship)),
      h("dt", {}, "Skip"), h("dd", {}, nameList(split.skip))));
}

/** Puts the current figures, vote states and leaders on the page. */
function refresh() {
  for (const view of views.values()) {
    const community = view.tool.community;
    view.communityValue.textContent = community.shipPercent === null ? "—" : `${community.shipPercent}%`;
    view.communityNote.textContent = community.total === 0 ? "No votes yet"
      : `${community.ship} of ${community.total} ${community.total === 1 ? "vote" : "votes"}`;
    view.communityBar.style.width = `${community.shipPercent ?? 0}%`;
    // aria-disabled rather than disabled: a disabled button drops keyboard focus, and cast() ignores clicks meanwhile.
    for (const verdict of ["ship", "skip"]) {
      view[verdict].setAttribute("aria-pressed", String(view.mine === verdict));
      view[verdict].setAttribute("aria-disabled", String(view.busy));
    }
    if (view.mine === null && document.activeElement === view.retract) view.ship.focus();
    view.retract.hidden = view.mine === null;
    view.retract.setAttribute("aria-disabled", String(view.busy));
  }
  const tools = comparison.tools;
  const name = (id) => tools.find((tool) => tool.id === id)?.name;
  const panelLeader = comparison.verdict?.panelLeader ?? null;
  for (const view of views.values()) {
    view.card.classList.toggle("is-leader", view.tool.id === panelLeader);
    view.card.querySelector(".leader-badge").hidden = view.tool.id !== panelLeader;
  }
  const panelLine = root.querySelector(".verdict-panel");
  panelLine.replaceChildren(h("span", { class: "verdict-label" }, "The panel"),
    panelLeader ? h("span", {}, "ships with ", h("strong", {}, name(panelLeader)), percentages(tools, (t) => t.panel))
                : h("span", {}, "is split: neither tool comes out ahead."));
  const communityLeader = leader(tools, (t) => t.community);
  const unvoted = tools.filter((tool) => tool.community.total === 0);
  root.querySelector(".verdict-community").replaceChildren(h("span", { class: "verdict-label" }, "The community"),
    communityLeader ? h("span", {}, "ships with ", h("strong", {}, name(communityLeader)), percentages(tools, (t) => t.community))
      : unvoted.length === tools.length ? h("span", {}, "hasn't decided yet: cast the first votes below.")
        : unvoted.length > 0 ? h("span", {}, `can't pick yet: nobody has voted on ${unvoted.map((t) => t.name).join(" or ")}.`)
          : h("span", {}, "is split evenly."));
}

/** " (50% vs 75% ship)": each tool's ship share, in the order of the cards. */
function percentages(tools, pick) {
  const shares = tools.map((tool) => pick(tool).shipPercent).map((p) => (p === null ? "—" : `${p}%`));
  return ` (${shares.join(" vs ")} ship)`;
}

/** Sends the visitor's verdict on a tool (null takes it back), shows it at once, then checks it against the API. */
async function cast(toolId, verdict) {
  const view = views.get(toolId);
  if (view.busy) return;
  const before = view.mine;
  view.busy = true;
  view.status.textContent = verdict ? "Sending your vote…" : "Taking back your vote…";
  view.status.className = "vote-status";
  refresh();
  try {
    // A first vote from this browser creates its voter first: a second or so of work in the background.
    const send = () => withVoter(() => (verdict ? api.vote(slug, toolId, verdict) : api.retract(slug, toolId)), () => {
      view.status.textContent = "One moment: your browser is doing a little work to become a voter. It happens once and tracks nothing.";
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
    reconcile(view, moved ? { ...view.tool.community } : null);
  } catch (error) {
    view.status.className = "vote-status error";
    view.status.textContent = error.status === 429
      ? `You've just changed this vote. Please wait ${error.retryAfterSeconds ?? "a few"} seconds and try again.`
      : error.status === 0 ? error.message : "Your vote didn't go through. Please try again.";
  } finally {
    view.busy = false;
    refresh();
  }
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
  comparison.verdict = fresh.verdict;
  refresh();
}
