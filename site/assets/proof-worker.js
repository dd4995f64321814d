// Solves a voter's proof of work off the page's main thread (API.md, "Voters"): finds a nonce of ASCII digits such
// that SHA-256 of challenge + ":" + nonce starts with `difficulty` zero bits. SHA-256 comes from the browser itself
// (crypto.subtle): no third-party code, and nothing leaves the page but the answer. Several workers may share one
// challenge: worker `offset` of `stride` tries offset, offset + stride, offset + 2·stride, …
"use strict";

// Digests are asynchronous, so a worker keeps a batch of them in flight at once rather than awaiting each in turn.
const BATCH = 512;

function leadingZeroBits(bytes) {
  let bits = 0;
  for (const byte of bytes) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

async function solve({ challenge, difficulty, offset, stride }) {
  const prefix = new TextEncoder().encode(`${challenge}:`);
  const started = performance.now();
  let hashes = 0;
  for (let base = offset; ; base += BATCH * stride) {
    const nonces = [];
    const digests = [];
    for (let i = 0; i < BATCH; i++) {
      const nonce = String(base + i * stride);
      const input = new Uint8Array(prefix.length + nonce.length);
      input.set(prefix);
      for (let d = 0; d < nonce.length; d++) input[prefix.length + d] = nonce.charCodeAt(d);
      nonces.push(nonce);
      digests.push(crypto.subtle.digest("SHA-256", input));
    }
    const results = await Promise.all(digests);
    for (let i = 0; i < BATCH; i++) {
      hashes++;
      if (leadingZeroBits(new Uint8Array(results[i])) >= difficulty) {
        return { nonce: nonces[i], hashes, ms: performance.now() - started };
      }
    }
  }
}

self.onmessage = async (event) => {
  try {
    self.postMessage(await solve(event.data));
  } catch (error) {
    self.postMessage({ error: String(error && error.message ? error.message : error) });
  }
};
