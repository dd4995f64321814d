// The 95% Wilson score interval of a ship share, as the API computes it for /rankings (core's ShipInterval), so a
// page can say how far a share can be trusted from the counts /tools/{id} and /comparisons/{slug} already give.

const Z = 1.96;

/** {lower, upper} in 0..1; with nothing to go on (n = 0) all of [0, 1]. */
export function wilson(ship, n) {
  if (n === 0) return { lower: 0, upper: 1 };
  const share = ship / n;
  const z2 = Z * Z;
  const centre = share + z2 / (2 * n);
  const spread = Z * Math.sqrt((share * (1 - share)) / n + z2 / (4 * n * n));
  const scale = 1 + z2 / n;
  // Clamped: at 0 of n or n of n rounding can put a bound a hair outside [0, 1].
  return { lower: Math.max(0, (centre - spread) / scale), upper: Math.min(1, (centre + spread) / scale) };
}

const percent = (bound) => Math.round(bound * 100);

/** "41%–63%": an interval as whole percents. */
export function range({ lower, upper }) {
  return `${percent(lower)}%–${percent(upper)}%`;
}

/**
 * One plain sentence for a reader who is no statistician: "With 24 votes, the true share who'd ship it is likely
 * between 41% and 63%." Null when nobody has voted (the page already says "No votes yet").
 */
export function intervalSentence(ship, n) {
  if (n === 0) return null;
  const { lower, upper } = wilson(ship, n);
  return `With ${n} ${n === 1 ? "vote" : "votes"}, the true share who'd ship it is likely between ${percent(lower)}% and ${percent(upper)}%.`;
}

/** Sizes a bar's interval band (an SVG rect on a 0..100 scale) to the interval. */
export function drawRange(rect, ship, n) {
  const { lower, upper } = n === 0 ? { lower: 0, upper: 0 } : wilson(ship, n);
  rect.setAttribute("x", String(percent(lower)));
  rect.setAttribute("width", String(percent(upper) - percent(lower)));
}
