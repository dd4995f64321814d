// The arithmetic the API does, repeated here so the page can show a vote at once, before the aggregate catches up.

/** Ship share as an integer percent, rounded half up; null when there is nothing to divide (as the API does). */
export function shipPercent(ship, skip) {
  const total = ship + skip;
  return total === 0 ? null : Math.floor((ship * 200 + total) / (2 * total));
}

/** The community tally after the visitor moves their vote from {@code before} to {@code after} (either may be null). */
export function moveVote(community, before, after) {
  const next = { ship: community.ship, skip: community.skip };
  if (before) next[before] = Math.max(0, next[before] - 1);
  if (after) next[after] += 1;
  return { ...next, total: next.ship + next.skip, shipPercent: shipPercent(next.ship, next.skip) };
}

/** The tool with the strictly highest ship percentage; null on a tie or when any tool has nothing to divide. */
export function leader(tools, pick) {
  const scored = tools.map((tool) => ({ id: tool.id, percent: pick(tool).shipPercent }));
  if (scored.length === 0 || scored.some((s) => s.percent === null)) return null;
  const best = Math.max(...scored.map((s) => s.percent));
  const top = scored.filter((s) => s.percent === best);
  return top.length === 1 ? top[0].id : null;
}

/**
 * Below this many votes on a tool the page shows the count, not a share: with fewer than ten, one vote moves the
 * share by more than ten points, and a single reader would read as "100%". The generated pages say the same number
 * (content's ComparisonPage.MIN_VOTES) and so does the methodology page.
 */
export const MIN_VOTES = 10;

const votes = (n) => `${n} ${n === 1 ? "vote" : "votes"}`;

/** What a tool's Community box shows: the share once there are enough votes, otherwise the count. */
export function communityFigure(community) {
  if (community.total === 0) return { value: "—", note: "No votes yet", width: 0 };
  if (community.total < MIN_VOTES) {
    return { value: votes(community.total), note: `${community.ship} ship, ${community.skip} skip · too few votes yet`, width: 0 };
  }
  return { value: `${community.shipPercent}%`, note: `${community.ship} of ${votes(community.total)}`, width: community.shipPercent };
}

/**
 * The community's verdict line (after its label): a pick only when every tool has MIN_VOTES, and then each share
 * named with its tool, the pick first: {pick, figures} or {text}.
 */
export function communityVerdict(tools) {
  if (tools.every((tool) => tool.community.total === 0)) return { text: "hasn't decided yet: cast the first votes below." };
  if (tools.some((tool) => tool.community.total < MIN_VOTES)) {
    return { text: `can't pick yet: too few votes (${tools.map((t) => `${t.name} ${votes(t.community.total)}`).join(", ")}; a pick needs ${MIN_VOTES} each).` };
  }
  const pick = leader(tools, (tool) => tool.community);
  if (!pick) return { text: "is split evenly." };
  return { pick: tools.find((tool) => tool.id === pick).name, figures: namedShares(tools, pick, (tool) => tool.community) };
}

/** " (Code Llama 4 75% ship, Google Scion 50%)": every share beside its tool's name, the pick first. */
export function namedShares(tools, pickId, tally) {
  const ordered = [...tools].sort((a, b) => (b.id === pickId) - (a.id === pickId));
  return ` (${ordered.map((tool, i) => `${tool.name} ${tally(tool).shipPercent}%${i === 0 ? " ship" : ""}`).join(", ")})`;
}
