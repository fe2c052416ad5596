import { describe, expect, it, vi } from "vitest";
import { findChromium, type TBrowserProbes } from "./browser";
import { redisMissingMessage } from "./services";

const PLAYWRIGHT = "/home/u/.cache/ms-playwright/chromium-1/chrome-linux64/chrome";

/** A machine described by what exists on it; every probe is a spy so a test can say what must not happen. */
function machine(over: Partial<TBrowserProbes> & { files?: string[]; onPath?: Record<string, string> } = {}) {
  const files = new Set(over.files ?? []);
  const onPath = over.onPath ?? { "apt-get": "/usr/bin/apt-get" };
  const probes: TBrowserProbes = {
    env: {},
    platform: "linux",
    executable: (f) => files.has(f),
    which: (c) => onPath[c] ?? null,
    playwrightChromium: () => PLAYWRIGHT,
    online: vi.fn(async () => false),
    installPlaywrightChromium: vi.fn(async () => false),
    privilege: vi.fn(() => null),
    installSystemChromium: vi.fn(async () => false),
    log: () => {},
    ...over,
  };
  return { probes, files };
}

describe("findChromium", () => {
  it("uses CHROMIUM_PATH when set, and nothing else", async () => {
    const { probes } = machine({
      env: { CHROMIUM_PATH: "/opt/chrome" },
      files: ["/opt/chrome", PLAYWRIGHT, "/usr/bin/chromium"],
    });
    expect(await findChromium(probes)).toEqual({ ok: true, path: "/opt/chrome", source: "CHROMIUM_PATH" });
    expect(probes.online).not.toHaveBeenCalled();
  });

  it("reports a CHROMIUM_PATH that does not exist instead of working around it", async () => {
    const { probes } = machine({ env: { CHROMIUM_PATH: "/nope/chrome" }, files: ["/usr/bin/chromium"] });
    const choice = await findChromium(probes);
    expect(choice.ok).toBe(false);
    if (!choice.ok) expect(choice.message).toContain("CHROMIUM_PATH=/nope/chrome");
    expect(probes.installSystemChromium).not.toHaveBeenCalled();
  });

  it("prefers Playwright's own browser when it is installed", async () => {
    const { probes } = machine({ files: [PLAYWRIGHT, "/usr/bin/chromium"] });
    expect(await findChromium(probes)).toEqual({ ok: true, path: PLAYWRIGHT, source: "playwright" });
    expect(probes.online).not.toHaveBeenCalled();
  });

  it("installs Playwright's browser when downloads work", async () => {
    const { probes, files } = machine({ files: ["/usr/bin/chromium"], online: vi.fn(async () => true) });
    probes.installPlaywrightChromium = vi.fn(async () => (files.add(PLAYWRIGHT), true));
    expect(await findChromium(probes)).toEqual({ ok: true, path: PLAYWRIGHT, source: "playwright" });
  });

  it("offline, uses an installed Chromium without trying to download", async () => {
    const { probes } = machine({ files: ["/usr/bin/chromium"] });
    expect(await findChromium(probes)).toEqual({ ok: true, path: "/usr/bin/chromium", source: "system" });
    expect(probes.online).toHaveBeenCalled();
    expect(probes.installPlaywrightChromium).not.toHaveBeenCalled();
  });

  it("does not even check the network when PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD is set", async () => {
    const { probes } = machine({ env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" }, files: ["/usr/bin/chromium"] });
    expect((await findChromium(probes)).ok).toBe(true);
    expect(probes.online).not.toHaveBeenCalled();
  });

  it("falls back to a failed download's alternatives, and to Chrome on PATH", async () => {
    const { probes } = machine({
      files: ["/usr/local/bin/google-chrome"],
      onPath: { "google-chrome": "/usr/local/bin/google-chrome" },
      online: vi.fn(async () => true),
    });
    expect(await findChromium(probes)).toEqual({ ok: true, path: "/usr/local/bin/google-chrome", source: "system" });
    expect(probes.installPlaywrightChromium).toHaveBeenCalled();
  });

  it("installs with apt-get when allowed (root or passwordless sudo)", async () => {
    const { probes, files } = machine({ privilege: vi.fn(() => "sudo" as const) });
    probes.installSystemChromium = vi.fn(async () => (files.add("/usr/bin/chromium"), true));
    expect(await findChromium(probes)).toEqual({ ok: true, path: "/usr/bin/chromium", source: "system" });
    expect(probes.installSystemChromium).toHaveBeenCalledWith("sudo");
  });

  it("without permission to install, stops with one line naming the command", async () => {
    const { probes } = machine();
    const choice = await findChromium(probes);
    expect(probes.installSystemChromium).not.toHaveBeenCalled();
    expect(choice.ok).toBe(false);
    if (!choice.ok) {
      expect(choice.message).not.toContain("\n");
      expect(choice.message).toContain("`sudo apt-get install -y chromium`");
    }
  });

  it("when apt-get fails, or there is no apt-get, names the command that fits the machine", async () => {
    const failed = machine({ privilege: vi.fn(() => "root" as const) }).probes;
    const a = await findChromium(failed);
    expect(failed.installSystemChromium).toHaveBeenCalledWith("root");
    expect(!a.ok && a.message).toContain("sudo apt-get install -y chromium");

    const mac = machine({ platform: "darwin", onPath: {} }).probes;
    const b = await findChromium(mac);
    expect(mac.privilege).not.toHaveBeenCalled();
    expect(!b.ok && b.message).toContain("`npx playwright install chromium`");
  });
});

describe("redisMissingMessage", () => {
  const has =
    (...commands: string[]) =>
    (c: string) =>
      commands.includes(c);
  it("names the install command that fits the machine, in one line", () => {
    const debian = redisMissingMessage({ platform: "linux", has: has("apt-get", "docker") });
    expect(debian).toContain("`sudo apt-get install -y redis-server`");
    expect(debian).not.toContain("\n");
    expect(redisMissingMessage({ platform: "darwin", has: has("brew") })).toContain("`brew install redis`");
    expect(redisMissingMessage({ platform: "linux", has: has("docker") })).toContain("`docker compose up -d redis`");
    expect(redisMissingMessage({ platform: "win32", has: has() })).toContain("REDIS_URL");
  });
});
