import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "./headers.mjs";

const directives = (csp: string) =>
  new Map(
    csp.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );

describe("security headers", () => {
  it("production CSP: the required directives, and no eval", () => {
    const csp = directives(contentSecurityPolicy({ dev: false }));
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")?.[0]).toBe("'self'");
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:", "blob:", "https:"]);
    expect(csp.get("script-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(contentSecurityPolicy({ dev: false })).not.toContain("unsafe-eval");
  });

  it("dev CSP allows eval and the HMR socket", () => {
    const csp = directives(contentSecurityPolicy({ dev: true }));
    expect(csp.get("script-src")).toContain("'unsafe-eval'");
    expect(csp.get("connect-src")).toContain("ws:");
  });

  it("sends the fixed headers on every path", () => {
    const [all] = securityHeaders({ dev: false });
    expect(all!.source).toBe("/:path*");
    expect(all!.has).toBeUndefined();
    const names = all!.headers.map((h) => h.key);
    expect(names).toEqual(
      expect.arrayContaining([
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "X-Frame-Options",
        "Permissions-Policy",
      ]),
    );
  });

  it("HSTS: always when the public URL is https, else only for requests a TLS proxy marks https", () => {
    const hsts = (entries: ReturnType<typeof securityHeaders>) =>
      entries.filter((e) => e.headers.some((h) => h.key === "Strict-Transport-Security")).map((e) => e.has ?? "always");
    expect(hsts(securityHeaders({ dev: false, publicUrl: "https://trainyard.example" }))).toEqual(["always"]);
    expect(hsts(securityHeaders({ dev: false, publicUrl: "http://localhost:3000" }))).toEqual([
      [{ type: "header", key: "x-forwarded-proto", value: "https" }],
    ]);
    expect(hsts(securityHeaders({ dev: false }))).toEqual([
      [{ type: "header", key: "x-forwarded-proto", value: "https" }],
    ]);
  });
});
