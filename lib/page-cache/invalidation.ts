import pg from "pg";

/** The channel the board-page triggers notify (migration 20261128120000_board_page_notify). */
export const BOARD_PAGES_CHANNEL = "trainyard_board_pages";

/** A dataset's id, or "*" for a change that can touch any board page. */
export type TBoardPagesChange = string;

type TListenerOptions = {
  connectionString: string;
  onChange: (change: TBoardPagesChange) => void;
  /** Called whenever listening stops (connection lost, or stop()): changes may be missed until `listening` is true again. */
  onGap: () => void;
  log?: (message: string) => void;
  /** The connection's application_name, as pg_stat_activity shows it. */
  name?: string;
};

/**
 * Listens for board-page changes on a dedicated PostgreSQL connection, reconnecting
 * with backoff when it drops. `listening` is true only while every committed change
 * is being delivered, so a caller may trust what it learned from the database since
 * then, up to the next `onChange` (or `onGap`).
 */
export function listenForBoardPageChanges({
  connectionString,
  onChange,
  onGap,
  log = () => {},
  name = "trainyard board pages",
}: TListenerOptions) {
  let client: pg.Client | null = null;
  let listening = false;
  let stopped = false;
  let failures = 0;
  let retry: NodeJS.Timeout | null = null;

  const lost = (why: string) => {
    if (listening) log(`board page listener: ${why}; stamps are read per request until it reconnects`);
    listening = false;
    onGap();
    void discard(client);
    client = null;
    if (!stopped && !retry) {
      const delay = Math.min(30_000, 500 * 2 ** Math.min(failures++, 6));
      retry = setTimeout(() => {
        retry = null;
        void connect();
      }, delay);
      retry.unref();
    }
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString, application_name: name });
    client = next;
    next.on("error", (error) => lost(error.message));
    next.on("end", () => client === next && lost("connection ended"));
    next.on("notification", (message) => {
      if (message.channel === BOARD_PAGES_CHANNEL) onChange(message.payload || "*");
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${BOARD_PAGES_CHANNEL}`);
      if (client !== next || stopped) return;
      listening = true;
      failures = 0;
    } catch (error) {
      if (client === next) lost(error instanceof Error ? error.message : String(error));
    }
  };

  void connect();
  return {
    get listening() {
      return listening;
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const last = client;
      client = null;
      listening = false;
      onGap();
      await discard(last);
    },
  };
}

/** Closes a connection we no longer listen on; a late error from it must not crash the process. */
async function discard(client: pg.Client | null) {
  if (!client) return;
  client.removeAllListeners();
  client.on("error", () => {});
  await client.end().catch(() => {});
}
