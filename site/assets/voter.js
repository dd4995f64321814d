// The visitor's voter. A vote needs one (the signed vid cookie, HttpOnly, so the page never sees it); the API
// answers 401 of type …/voter-required without one. Creating it costs a proof of work that the browser solves in Web
// Workers (about a second on a phone), which is what makes stuffing the vote with made-up voters expensive.
import { api, ApiError } from "/assets/api.js";

const WORKER = "/assets/proof-worker.js";
// That this browser has created a voter: the cookie itself is HttpOnly, so the page keeps its own note, and a first
// vote creates the voter before voting instead of after a refusal. Never sent anywhere.
const CREATED = "verdict.voterCreatedAt";

/** Whether an API refusal means "create a voter, then try again". */
export function needsVoter(error) {
  return error instanceof ApiError && error.status === 401 && /\/voter-required$/.test(error.problem?.type ?? "");
}

/**
 * Solves a challenge from GET /voters/challenge on up to four workers (one per core the browser reports), each trying
 * its own share of the nonces. Resolves with { nonce, hashes, ms }.
 */
export function solve({ challenge, difficulty }) {
  const count = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
  const started = performance.now();
  const workers = Array.from({ length: count }, () => new Worker(WORKER));
  const stop = () => workers.forEach((worker) => worker.terminate());
  return new Promise((resolve, reject) => {
    workers.forEach((worker, offset) => {
      worker.onmessage = (event) => {
        stop();
        if (event.data.error) reject(new Error(event.data.error));
        else resolve({ nonce: event.data.nonce, hashes: event.data.hashes * count, ms: performance.now() - started });
      };
      worker.onerror = (event) => {
        stop();
        reject(new Error(event.message || "the proof-of-work worker failed"));
      };
      worker.postMessage({ challenge, difficulty, offset, stride: count });
    });
  });
}

/**
 * Creates this browser's voter: a challenge, its proof, the redemption (which sets the cookie). A redemption refused
 * because the challenge expired or the network's difficulty rose meanwhile is retried with a new challenge.
 */
export async function createVoter() {
  for (let attempt = 1; ; attempt++) {
    const challenge = await api.voterChallenge();
    const { nonce } = await solve(challenge);
    try {
      await api.createVoter(challenge.challenge, nonce);
      note(new Date().toISOString());
      return;
    } catch (error) {
      if (error.status !== 400 || attempt >= 3) throw error;
    }
  }
}

/**
 * Runs `action` as this browser's voter: creates the voter first if this browser never did (telling `onCreating`),
 * and once more if the API still wants one (the cookie was cleared or has expired), then runs `action` again.
 */
export async function withVoter(action, onCreating = () => {}) {
  if (!noted()) {
    onCreating();
    await createVoter();
  }
  try {
    return await action();
  } catch (error) {
    if (!needsVoter(error)) throw error;
    note(null);
    onCreating();
    await createVoter();
    return action();
  }
}

function noted() {
  try {
    return localStorage.getItem(CREATED) !== null;
  } catch {
    return false;
  }
}

function note(value) {
  try {
    if (value) localStorage.setItem(CREATED, value);
    else localStorage.removeItem(CREATED);
  } catch {
    // Storage disabled: the API's 401 tells us when a voter is needed instead.
  }
}
