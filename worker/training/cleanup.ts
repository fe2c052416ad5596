import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";

type TDisposable = { dispose: () => unknown };

/**
 * What one run holds that must not outlive it, whatever way it ends (success, cancel, interrupt, wall time, an
 * error): the training thread is long-lived, so a tensor, a copy of the best weights or a scratch directory left
 * behind by one run stays for every run after it. Steps register what they make as they make it; the run's `finally`
 * calls `release()`, which frees everything in reverse order of registration and never throws, so a failed release
 * can neither hide the run's own error nor stop the rest from being freed.
 */
export class Cleanup {
  #steps: (() => unknown)[] = [];
  #released = false;

  /** Frees `fn` at the end of the run (last registered, first run). */
  defer(fn: () => unknown): void {
    if (this.#released) throw new Error("cleanup already released");
    this.#steps.push(fn);
  }

  /** Disposes a tensor, model, optimizer (anything with `dispose()`) at the end of the run; returns it. */
  track<T extends TDisposable>(thing: T): T {
    this.defer(() => thing.dispose());
    return thing;
  }

  /**
   * A value replaced during the run (the best weights so far): `set` disposes the value it replaces, and whatever is
   * held at the end is disposed then.
   */
  slot<T extends TDisposable[]>(): { get: () => T | null; set: (value: T) => void } {
    let held: T | null = null;
    const free = () => held?.forEach((t) => t.dispose());
    this.defer(() => {
      free();
      held = null;
    });
    return {
      get: () => held,
      set: (value) => {
        free();
        held = value;
      },
    };
  }

  /** A new directory under `parent` whose name starts with `prefix`, removed with its contents at the end of the run. */
  async tempDir(parent: string, prefix: string): Promise<string> {
    const dir = await mkdtemp(path.join(parent, prefix));
    this.defer(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  /** Frees everything registered, newest first. Idempotent. */
  async release(): Promise<void> {
    this.#released = true;
    for (const step of this.#steps.splice(0).reverse()) {
      try {
        await step();
      } catch {
        // Already freed (a tensor a model disposed with itself), or gone: nothing more to free.
      }
    }
  }
}
