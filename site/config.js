// Where the API lives, as seen from the browser. "" means the same origin as the site: the local stack serves both on
// one port, and on AWS the CloudFront distribution forwards the API's paths to API Gateway. To call the API on another
// origin instead, deployment rewrites this one line, e.g.
//   export const API_BASE = "https://abc123.execute-api.eu-west-1.amazonaws.com";
// (and that origin must be in the CSP's connect-src and allow this site in its CORS settings).
export const API_BASE = "";
