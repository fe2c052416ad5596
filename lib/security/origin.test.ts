import { describe, expect, it } from "vitest";
import { crossOriginRefusal } from "./origin";

const check = (method: string, pathname: string, headers: Record<string, string>, publicUrl?: string) =>
  crossOriginRefusal({ method, pathname, headers: new Headers(headers), publicUrl });

const HOST = { host: "trainyard.example" };

describe("crossOriginRefusal", () => {
  it.each([
    ["POST", "/api/configs", { ...HOST, origin: "https://evil.example" }, "origin"],
    ["PATCH", "/api/account", { ...HOST, origin: "https://evil.example", "sec-fetch-site": "cross-site" }, "origin"],
    ["DELETE", "/api/configs/a/b", { ...HOST, origin: "https://trainyard.example.evil.example" }, "origin"],
    ["PUT", "/api/x", { ...HOST, origin: "null" }, "origin"],
    ["POST", "/api/x", { ...HOST, origin: "not a url" }, "origin"],
    ["POST", "/api/x", { ...HOST, origin: "https://trainyard.example:8443" }, "origin"],
    ["POST", "/api/x", { ...HOST, origin: "https://sub.trainyard.example" }, "origin"],
    ["POST", "/api/x", { ...HOST, "sec-fetch-site": "cross-site" }, "fetch-site"],
    ["POST", "/api/x", { ...HOST, "sec-fetch-site": "same-site" }, "fetch-site"],
    ["post", "/api/datasets", { ...HOST, origin: "http://evil.example" }, "origin"],
  ])("%s %s %j → refused (%s)", (method, pathname, headers, reason) => {
    expect(check(method, pathname, headers)).toBe(reason);
  });

  it.each([
    ["POST", "/api/configs", { ...HOST, origin: "https://trainyard.example" }],
    ["POST", "/api/configs", { ...HOST, origin: "https://TRAINYARD.example" }],
    ["POST", "/api/configs", { ...HOST, origin: "http://trainyard.example", "sec-fetch-site": "same-origin" }],
    // Behind a proxy that rewrites Host: X-Forwarded-Host or the public URL names us.
    [
      "POST",
      "/api/configs",
      { host: "web:3000", "x-forwarded-host": "trainyard.example", origin: "https://trainyard.example" },
    ],
    ["POST", "/api/configs", { host: "web:3000", origin: "https://trainyard.example" }, "https://trainyard.example"],
    // No Origin, no Fetch Metadata: not a browser page (curl, scripts with their own cookie).
    ["POST", "/api/configs", HOST],
    ["POST", "/api/configs", { ...HOST, "sec-fetch-site": "same-origin" }],
    ["POST", "/api/configs", { ...HOST, "sec-fetch-site": "none" }],
    // Reads are never refused, nor Auth.js's routes (its CSRF token guards them), nor pages.
    [
      "GET",
      "/api/datasets/a/b/versions/1/download",
      { ...HOST, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    ],
    ["HEAD", "/api/health", { ...HOST, origin: "https://evil.example" }],
    ["OPTIONS", "/api/configs", { ...HOST, origin: "https://evil.example" }],
    ["POST", "/api/auth/callback/credentials", { ...HOST, origin: "https://evil.example" }],
    ["GET", "/api/auth/callback/github", { ...HOST, "sec-fetch-site": "cross-site" }],
    ["POST", "/leaderboards", { ...HOST, origin: "https://evil.example" }],
  ])("%s %s %j → allowed", (method, pathname, headers, publicUrl?: string) => {
    expect(check(method, pathname, headers, publicUrl)).toBeNull();
  });
});
