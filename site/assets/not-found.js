// One not-found page answers every missing address (CloudFront's error page, the local stack's 404). At a
// comparison's address, say that it is the comparison that is missing.
if (/^\/compare\/[^/]+\/?$/.test(location.pathname)) {
  document.querySelector("h1").textContent = "We couldn't find that comparison.";
  document.title = "Comparison not found · The Verdict";
}
