import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";

/**
 * Finds the Chromium that the e2e tests drive, before `npm test` runs anything, in this order:
 *   1. CHROMIUM_PATH, when set (and then only it: a wrong path is a mistake to report, not to work around);
 *   2. Playwright's own browser, when installed — or installed now with `npx playwright install chromium` when
 *      downloads look possible (a quick check first; the install has a time limit, so this never hangs);
 *   3. an installed Chromium or Chrome: /usr/bin/chromium, then `chromium`, `chromium-browser`, `google-chrome` on PATH;
 *   4. the system package manager (`apt-get install -y chromium`), when allowed: root, or sudo without a password.
 * Otherwise one line naming the command to run. The probes are injected so that the decision is unit-tested.
 */
export type TBrowserProbes = {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /** True when `file` exists and may be executed. */
  executable: (file: string) => boolean;
  /** The full path of a command on PATH, or null. */
  which: (command: string) => string | null;
  /** Where Playwright's own Chromium is (or would be) installed. */
  playwrightChromium: () => string;
  /** True when Playwright's browser download host answers quickly. */
  online: () => Promise<boolean>;
  /** Runs `npx playwright install chromium`, within a time limit; true when it succeeded. */
  installPlaywrightChromium: () => Promise<boolean>;
  /** "root", "sudo" (passwordless), or null when packages may not be installed. */
  privilege: () => "root" | "sudo" | null;
  /** Runs the package manager's install of Chromium (apt-get); true when it succeeded. */
  installSystemChromium: (privilege: "root" | "sudo") => Promise<boolean>;
  log: (message: string) => void;
};

export type TBrowserChoice =
  { ok: true; path: string; source: "CHROMIUM_PATH" | "playwright" | "system" } | { ok: false; message: string };

const SYSTEM_PATHS = ["/usr/bin/chromium"];
const SYSTEM_COMMANDS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/** A Chromium already on this machine (no download, no install): what playwright.config.ts can use on its own. */
export function installedChromium(
  p: Pick<TBrowserProbes, "env" | "executable" | "which" | "playwrightChromium">,
): TBrowserChoice | null {
  const own = p.env.CHROMIUM_PATH;
  if (own) return p.executable(own) ? { ok: true, path: own, source: "CHROMIUM_PATH" } : null;
  const playwright = p.playwrightChromium();
  if (p.executable(playwright)) return { ok: true, path: playwright, source: "playwright" };
  return systemChromium(p);
}

function systemChromium(p: Pick<TBrowserProbes, "executable" | "which">): TBrowserChoice | null {
  const found =
    SYSTEM_PATHS.find((f) => p.executable(f)) ??
    SYSTEM_COMMANDS.map((c) => p.which(c)).find((f): f is string => !!f && p.executable(f));
  return found ? { ok: true, path: found, source: "system" } : null;
}

/** The one line that says what to run when no browser could be found or installed. */
export function missingBrowserMessage(p: Pick<TBrowserProbes, "env" | "platform" | "which">): string {
  if (p.env.CHROMIUM_PATH) {
    return `CHROMIUM_PATH=${p.env.CHROMIUM_PATH} is not an executable file: point it at a Chromium or Chrome binary, or unset it.`;
  }
  const command =
    p.platform === "linux" && p.which("apt-get")
      ? "sudo apt-get install -y chromium"
      : "npx playwright install chromium";
  return `No Chromium for the e2e tests: run \`${command}\` (or set CHROMIUM_PATH to a Chromium or Chrome binary), then run this again.`;
}

export async function findChromium(p: TBrowserProbes): Promise<TBrowserChoice> {
  if (p.env.CHROMIUM_PATH) return installedChromium(p) ?? { ok: false, message: missingBrowserMessage(p) };

  const playwright = p.playwrightChromium();
  if (p.executable(playwright)) return { ok: true, path: playwright, source: "playwright" };
  if (!p.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD && (await p.online())) {
    p.log("installing Playwright's Chromium (npx playwright install chromium)");
    if ((await p.installPlaywrightChromium()) && p.executable(playwright))
      return { ok: true, path: playwright, source: "playwright" };
    p.log("could not install Playwright's Chromium; looking for an installed one");
  }

  const system = systemChromium(p);
  if (system) return system;

  const privilege = p.platform === "linux" && p.which("apt-get") ? p.privilege() : null;
  if (privilege) {
    p.log(`installing Chromium with apt-get${privilege === "sudo" ? " (sudo)" : ""}`);
    if (await p.installSystemChromium(privilege)) {
      const installed = systemChromium(p);
      if (installed) return installed;
    }
  }
  return { ok: false, message: missingBrowserMessage(p) };
}

// ── The real probes ─────────────────────────────────────────────────────────

const isExecutable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

function which(command: string): string | null {
  const r = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  const found = r.status === 0 ? r.stdout.trim() : "";
  return found.startsWith("/") ? found : null;
}

/** Runs a command with a time limit (killed after it), resolving to whether it exited with 0. */
function runWithin(
  command: string,
  args: string[],
  timeoutMs: number,
  log: (m: string) => void,
  env = process.env,
): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"], env });
    const timer = setTimeout(() => {
      log(`${command} ${args.join(" ")} took longer than ${Math.round(timeoutMs / 1000)} s; stopped it`);
      child.kill("SIGKILL");
    }, timeoutMs);
    child.once("error", () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}

export async function realBrowserProbes(
  log: (message: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TBrowserProbes> {
  const { chromium } = await import("@playwright/test");
  return {
    env,
    platform: process.platform,
    executable: isExecutable,
    which,
    playwrightChromium: () => chromium.executablePath(),
    async online() {
      const host = env.PLAYWRIGHT_DOWNLOAD_HOST ?? "https://cdn.playwright.dev";
      try {
        await fetch(host, { method: "HEAD", signal: AbortSignal.timeout(3_000) });
        return true;
      } catch {
        return false;
      }
    },
    installPlaywrightChromium: () => runWithin("npx", ["playwright", "install", "chromium"], 10 * 60_000, log),
    privilege() {
      if (process.getuid?.() === 0) return "root";
      return spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0 ? "sudo" : null;
    },
    async installSystemChromium(privilege) {
      const apt = (args: string[], timeoutMs: number) =>
        privilege === "sudo"
          ? runWithin("sudo", ["-n", "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", ...args], timeoutMs, log)
          : runWithin("apt-get", args, timeoutMs, log, { ...process.env, DEBIAN_FRONTEND: "noninteractive" });
      return (
        (await apt(["update", "-qq"], 5 * 60_000)) && (await apt(["install", "-y", "-qq", "chromium"], 10 * 60_000))
      );
    },
    log,
  };
}

/** For playwright.config.ts: the installed browser's path, or undefined to let Playwright use (and report) its own. */
export function chromiumForPlaywright(
  playwrightChromium: () => string,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const choice = installedChromium({ env, executable: isExecutable, which, playwrightChromium });
  if (!choice || !choice.ok) return env.CHROMIUM_PATH || undefined;
  return choice.source === "playwright" ? undefined : choice.path;
}
