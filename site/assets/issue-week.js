// An issue's id is its ISO week ("2026-W48"); readers get "Week 48, 2026".
export const ISSUE_ID = /^([0-9]{4})-W([0-9]{2})$/;

export function weekName(id) {
  const match = ISSUE_ID.exec(id);
  return match ? `Week ${Number(match[2])}, ${match[1]}` : id;
}
