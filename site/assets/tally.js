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
