/** One server-sent event as a browser's EventSource would see it (the `id:` field, when the event carries one). */
export type TSseEvent = { data: unknown; id: string | null };

/**
 * Reads a text/event-stream Response body in the background and lets a test wait for a condition on what has
 * arrived (no sleeps): `await reader.until((events) => events.length >= 3)`, `await reader.ended()`.
 */
export class SseReader {
  readonly events: TSseEvent[] = [];
  done = false;
  private waiters = new Set<() => void>();
  private readonly reader: ReadableStreamDefaultReader<string>;

  constructor(response: Response) {
    this.reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    void this.pump();
  }

  /** Resolves once `predicate` holds over the events so far; rejects after `timeoutMs` with what did arrive. */
  until(predicate: (events: TSseEvent[], done: boolean) => boolean, timeoutMs = 15_000): Promise<TSseEvent[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(this.events, this.done)) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(this.events);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `SSE condition not met after ${timeoutMs} ms; got ${JSON.stringify(this.events)} (ended: ${this.done})`,
          ),
        );
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  ended(timeoutMs?: number) {
    return this.until((_, done) => done, timeoutMs);
  }

  /** The client goes away (a closed tab). */
  async cancel() {
    await this.reader.cancel().catch(() => {});
  }

  private async pump() {
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (done) break;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let data: string | null = null;
          let id: string | null = null;
          for (const line of frame.split("\n")) {
            if (line.startsWith("data: ")) data = (data === null ? "" : `${data}\n`) + line.slice(6);
            else if (line.startsWith("id: ")) id = line.slice(4);
          }
          if (data !== null) this.events.push({ data: JSON.parse(data) as unknown, id });
        }
        for (const waiter of [...this.waiters]) waiter();
      }
    } catch {
      // canceled
    } finally {
      this.done = true;
      for (const waiter of [...this.waiters]) waiter();
    }
  }
}
