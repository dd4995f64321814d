// One not-found page answers every missing address (CloudFront's error page, the local stack's 404). At a
// comparison's or an issue's address, say which it is that is missing.
if (/^\/compare\/[^/]+\/?$/.test(location.pathname)) {
  document.querySelector("h1").textContent = "We couldn't find that comparison.";
  document.title = "Comparison not found · The Verdict";
} else if (/^\/newsletter\/archive\/[^/]+\/?$/.test(location.pathname)) {
  document.querySelector("h1").textContent = "We couldn't find that issue";
  document.title = "Issue not found · The Verdict";
}
