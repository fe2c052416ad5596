// Security headers for every response, used by next.config.js (plain JS: the config loads it before any compiler).
// Types: headers.d.mts. Tests: headers.test.ts and e2e/security-headers.spec.ts.

/**
 * Content-Security-Policy. Scripts: 'self' plus 'unsafe-inline', not a nonce. App Router pages carry inline
 * scripts (the RSC payload, hydration bootstrap); a nonce would have to differ per response, which (1) the
 * signed-out page cache (lib/page-cache/cache.ts) cannot do — it serves stored HTML, so a nonce in it would be
 * replayed to every visitor and protect nothing — and (2) would force every page to render per request. So the
 * CSP is a second line: no scripts from other hosts, no plugins, no <base> hijacking, no framing, no form posts
 * elsewhere; the first line against injected script stays output encoding and rehype-sanitize (checked by the
 * XSS suite, e2e/xss.spec.ts). Styles need 'unsafe-inline' for React style attributes, ECharts and KaTeX; fonts and images may be
 * data:/blob: (KaTeX fonts, ECharts exports). `next dev` needs 'unsafe-eval' (React's debugging) and its HMR
 * socket; production gets neither.
 *
 * @param {{ dev: boolean }} options
 */
export function contentSecurityPolicy({ dev }) {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    // GitHub: signing in with it redirects there from a form post, and browsers apply form-action to redirects.
    "form-action 'self' https://github.com",
    "frame-ancestors 'none'",
  ].join("; ");
}

const HSTS = { key: "Strict-Transport-Security", value: "max-age=63072000" };

/**
 * The `headers()` entries of next.config.js. Next computes them at build time, so HSTS cannot wait for a run-time
 * AUTH_URL (Docker images are built without one): it is sent whenever the request came over TLS — a TLS proxy says
 * so with X-Forwarded-Proto — and always when the public URL at build time is https. Browsers ignore HSTS received
 * over plain http, so a client forging the header gains nothing.
 *
 * @param {{ dev: boolean, publicUrl?: string }} options
 * @returns {{ source: string, has?: { type: "header", key: string, value?: string }[], headers: { key: string, value: string }[] }[]}
 */
export function securityHeaders({ dev, publicUrl }) {
  const https = /^https:\/\//i.test(publicUrl ?? "");
  return [
    {
      source: "/:path*",
      headers: [
        { key: "Content-Security-Policy", value: contentSecurityPolicy({ dev }) },
        { key: "X-Content-Type-Options", value: "nosniff" },
        { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        { key: "X-Frame-Options", value: "DENY" },
        { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
        { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ...(https ? [HSTS] : []),
      ],
    },
    ...(https
      ? []
      : [
          {
            source: "/:path*",
            has: [{ type: /** @type {const} */ ("header"), key: "x-forwarded-proto", value: "https" }],
            headers: [HSTS],
          },
        ]),
  ];
}
