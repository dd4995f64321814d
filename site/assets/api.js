// The API as the pages use it: JSON in, JSON out, problems (RFC 9457) turned into ApiError.
import { API_BASE } from "/config.js";

export class ApiError extends Error {
  constructor(status, problem, retryAfterSeconds) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

async function call(method, path, { body, fresh = false, withCookies = false } = {}) {
  let response;
  try {
    response = await fetch(API_BASE + path, {
      method,
      headers: body === undefined ? { Accept: "application/json" }
                                  : { Accept: "application/json", "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      // The voter cookie must travel with votes even when the API is on another origin.
      credentials: withCookies ? "include" : "same-origin",
      // Reads are cacheable for a few seconds; "no-cache" revalidates (a cheap 304), "no-store" skips the cache.
      cache: fresh ? "no-store" : method === "GET" ? "no-cache" : "default",
    });
  } catch (offline) {
    throw new ApiError(0, { title: "Network error", detail: "We could not reach the server. Check your connection and try again." });
  }
  if (response.status === 204) {
    return null;
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const retry = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
    throw new ApiError(response.status, json, Number.isFinite(retry) ? retry : null);
  }
  return json;
}

export const api = {
  comparisons: ({ category, limit, cursor } = {}) => {
    const query = new URLSearchParams();
    if (category) query.set("category", category);
    if (limit) query.set("limit", String(limit));
    if (cursor) query.set("cursor", cursor);
    const qs = query.toString();
    return call("GET", `/comparisons${qs ? `?${qs}` : ""}`);
  },
  comparison: (slug, { fresh = false } = {}) => call("GET", `/comparisons/${encodeURIComponent(slug)}`, { fresh }),
  tool: (id) => call("GET", `/tools/${encodeURIComponent(id)}`),
  rankings: ({ category, by, limit } = {}) => {
    const query = new URLSearchParams();
    if (category) query.set("category", category);
    if (by) query.set("by", by);
    if (limit) query.set("limit", String(limit));
    const qs = query.toString();
    return call("GET", `/rankings${qs ? `?${qs}` : ""}`);
  },
  vote: (slug, toolId, verdict) =>
    call("PUT", `/comparisons/${encodeURIComponent(slug)}/votes/${encodeURIComponent(toolId)}`,
      { body: { verdict }, withCookies: true }),
  retract: (slug, toolId) =>
    call("DELETE", `/comparisons/${encodeURIComponent(slug)}/votes/${encodeURIComponent(toolId)}`, { withCookies: true }),
  subscribe: (email, source, consent) => call("POST", "/subscriptions", { body: { email, source, consent } }),
  // Single-use and never cached (the API says no-store); see voter.js.
  voterChallenge: () => call("GET", "/voters/challenge", { fresh: true }),
  createVoter: (challenge, nonce) => call("POST", "/voters", { body: { challenge, nonce }, withCookies: true }),
  // The newsletter's archive: its pages live under /newsletter/archive/, which CloudFront keeps for the site.
  issues: ({ limit, cursor } = {}) => {
    const query = new URLSearchParams();
    if (limit) query.set("limit", String(limit));
    if (cursor) query.set("cursor", cursor);
    const qs = query.toString();
    return call("GET", `/newsletter/issues${qs ? `?${qs}` : ""}`);
  },
  issue: (id) => call("GET", `/newsletter/issues/${encodeURIComponent(id)}`),
};
