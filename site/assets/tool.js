// A tool's page, /tool/{id}: written in at build time; this fills the community's live figures from GET /tools/{id}.
import { api } from "/assets/api.js";
import { h } from "/assets/dom.js";
import { drawRange, intervalSentence } from "/assets/interval.js";
import { communityFigure } from "/assets/tally.js";

const root = document.getElementById("tool");
// Set on the generated pages; tool.html itself has none.
const id = root.dataset.tool ?? null;

if (id) {
  load();
} else {
  root.replaceChildren(h("div", { class: "problem" },
    h("h1", { text: "We couldn't find that tool." }),
    h("p", { text: "The address looks incomplete." }),
    h("p", {}, h("a", { class: "button ghost", href: "/leaderboard" }, "See every tool ranked"))));
}

async function load() {
  const box = root.querySelector(".stat-community");
  try {
    const { community } = await api.tool(id);
    const figure = communityFigure(community);
    box.querySelector(".stat-value").textContent = figure.value;
    // "—" would be read as "dash"; the note beside it says "No votes yet" in words.
    box.querySelector(".stat-value").setAttribute("aria-hidden", String(figure.value === "—"));
    box.querySelector(".stat-note").textContent = figure.note;
    box.querySelector(".bar-fill").setAttribute("width", String(figure.width));
    drawRange(box.querySelector(".bar-range"), community.ship, community.total);
    root.querySelector(".community-interval").textContent = intervalSentence(community.ship, community.total) ?? "";
  } catch (error) {
    box.querySelector(".stat-note").textContent = error.status === 0 ? error.message : "Live figures unavailable";
  } finally {
    // For anyone waiting on the live figures (the browser tests do): they are in, or known to be missing.
    root.dataset.live = "true";
  }
}
