// The visitor's own verdicts, remembered in this browser. The API identifies the voter by a cookie but has no
// "my votes" read, so the page keeps its own note of what it sent (a vote counts per tool, in every comparison).
const KEY = "verdict.myVotes";

function load() {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? "{}");
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch {
    return {};
  }
}

export const myVotes = {
  get(toolId) {
    const verdict = load()[toolId];
    return verdict === "ship" || verdict === "skip" ? verdict : null;
  },
  set(toolId, verdict) {
    const all = load();
    if (verdict) all[toolId] = verdict;
    else delete all[toolId];
    try {
      localStorage.setItem(KEY, JSON.stringify(all));
    } catch {
      // Storage full or disabled: the vote still counts, the page just won't remember it next time.
    }
  },
};
