"use client";

import Link from "next/link";
import { useFormatter, useNow, useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import type { TNotificationEvent } from "@/lib/notifications/live-stream";
import { markNotificationsReadAction } from "../notifications/actions";
import { NotificationLink } from "./notification-link";
import { notificationCount, notificationSentence, type TNotificationJson } from "./notification-text";

/** How many of the latest notifications the menu shows. */
const LATEST = 6;
/** After the server refused the stream (429 at a cap, 401 signed out elsewhere), EventSource gives up: retry later. */
const REOPEN_AFTER_MS = 30_000;

/**
 * The header's bell: the unread count (99+ past 99), kept live by the notification stream without a reload, and a
 * menu with the latest few. One EventSource per tab: the browser reconnects by itself, sending the last event id
 * (Last-Event-ID), and the server sends what was missed meanwhile from PostgreSQL (lib/notifications/live-stream.ts).
 */
export function NotificationBell({ initialUnread }: { initialUnread: number }) {
  const t = useTranslations("notifications");
  const format = useFormatter();
  const now = useNow({ updateInterval: 60_000 });
  const [unread, setUnread] = useState(initialUnread);
  /** The menu's rows; null until it is first opened. */
  const [items, setItems] = useState<TNotificationJson[] | null>(null);
  /** Something was read elsewhere (another tab, the inbox): the menu reloads its rows when next opened. */
  const stale = useRef(false);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    let source: EventSource | null = null;
    let lastId: string | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      // A stream opened by hand carries the last id itself; the browser's own reconnections send the header.
      source = new EventSource(
        `/api/notifications/events${lastId ? `?lastEventId=${encodeURIComponent(lastId)}` : ""}`,
      );
      source.onmessage = (message: MessageEvent<string>) => {
        if (message.lastEventId) lastId = message.lastEventId;
        const event = JSON.parse(message.data) as TNotificationEvent;
        setUnread(event.unread);
        if (event.type === "notification") {
          const n = event.notification as unknown as TNotificationJson;
          setItems((list) => list && [n, ...list.filter((x) => x.id !== n.id)].slice(0, LATEST));
        } else stale.current = true;
      };
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED) return; // the browser is reconnecting
        timer = setTimeout(connect, REOPEN_AFTER_MS + Math.floor(Math.random() * REOPEN_AFTER_MS));
      };
    };
    connect();
    return () => {
      clearTimeout(timer);
      source?.close();
    };
  }, []);

  const load = () => {
    stale.current = false;
    setFailed(false);
    fetch("/api/notifications?page=1", { headers: { accept: "application/json" } })
      .then((r) => (r.ok ? (r.json() as Promise<{ items: TNotificationJson[]; unread: number }>) : Promise.reject()))
      .then((data) => {
        setItems(data.items.slice(0, LATEST));
        setUnread(data.unread);
      })
      .catch(() => setFailed(true));
  };
  const toggle = () => {
    if (!open && (!items || stale.current)) load();
    setOpen(!open);
  };

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const markAll = async () => {
    const result = await markNotificationsReadAction("all").catch(() => null);
    if (!result?.ok) return setFailed(true);
    setUnread(result.value.unread);
    setItems((list) => list && list.map((n) => ({ ...n, read: true })));
  };
  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-label={t("bell", { count: unread })}
        aria-expanded={open}
        aria-controls={menuId}
        title={t("title")}
        onClick={toggle}
        data-testid="notification-bell"
        className="relative grid h-8 w-8 place-items-center rounded-md text-stone-600 hover:bg-stone-100 hover:text-stone-900"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="h-[18px] w-[18px]" fill="currentColor">
          <path d="M10 2a5.5 5.5 0 0 0-5.5 5.5v2.6c0 .5-.2 1-.5 1.4L3 13.2A1.1 1.1 0 0 0 3.9 15h12.2a1.1 1.1 0 0 0 .9-1.8l-1-1.7a2.7 2.7 0 0 1-.5-1.4V7.5A5.5 5.5 0 0 0 10 2Zm-2.4 14.2a2.5 2.5 0 0 0 4.8 0H7.6Z" />
        </svg>
        {unread > 0 ? (
          <span
            aria-hidden
            data-testid="notification-badge"
            className="absolute -right-0.5 -top-0.5 min-w-[1.1rem] rounded-full bg-red-600 px-1 text-center text-[10px] font-semibold leading-[1.1rem] text-white"
          >
            {unread > 99 ? "99+" : format.number(unread)}
          </span>
        ) : null}
      </button>
      {open ? (
        <div
          id={menuId}
          role="region"
          aria-label={t("title")}
          data-testid="notification-menu"
          className="fixed inset-x-2 top-14 z-40 rounded-lg border border-stone-200 bg-white shadow-lg sm:absolute sm:inset-x-auto sm:right-0 sm:top-full sm:mt-2 sm:w-96"
        >
          <div className="flex items-center justify-between gap-2 border-b border-stone-100 px-3 py-2">
            <span className="font-medium text-stone-900">{t("title")}</span>
            {unread > 0 ? (
              <button
                type="button"
                onClick={() => void markAll()}
                className="rounded-md px-2 py-1 text-xs text-brand-700 hover:bg-brand-50"
              >
                {t("markAllRead")}
              </button>
            ) : null}
          </div>
          {failed ? (
            <p role="alert" className="px-3 py-4 text-sm text-red-700">
              {t("loadFailed")}
            </p>
          ) : !items ? (
            <p className="px-3 py-4 text-sm text-stone-500">{t("loading")}</p>
          ) : items.length === 0 ? (
            <p className="px-3 py-6 text-center text-sm text-stone-500">{t("empty")}</p>
          ) : (
            <ul className="max-h-[60vh] divide-y divide-stone-100 overflow-y-auto">
              {items.map((n) => {
                const count = notificationCount(t, n);
                const body = (
                  <>
                    <span className="block break-words text-sm text-stone-800">
                      {n.read ? null : <span className="sr-only">{t("unread")}: </span>}
                      {notificationSentence(t, n)}
                      {count ? <span className="ml-1 text-xs text-stone-500">· {count}</span> : null}
                    </span>
                    <span className="mt-0.5 block text-xs text-stone-500">
                      {/* A notification that arrived after `now` last ticked is "now", never "in 4 seconds". */}
                      {format.relativeTime(new Date(Math.min(new Date(n.updatedAt).getTime(), now.getTime())), now)}
                    </span>
                  </>
                );
                return (
                  <li key={n.id} className={`flex gap-2 px-3 py-2 ${n.read ? "" : "bg-brand-50/50"}`}>
                    <span
                      aria-hidden
                      className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${n.read ? "bg-transparent" : "bg-brand-600"}`}
                    />
                    {n.subject.href ? (
                      <NotificationLink
                        id={n.id}
                        href={n.subject.href}
                        unread={!n.read}
                        onFollow={() => setOpen(false)}
                        className="min-w-0 flex-1 hover:underline"
                      >
                        {body}
                      </NotificationLink>
                    ) : (
                      <div className="min-w-0 flex-1">{body}</div>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
          <div className="border-t border-stone-100 px-3 py-2 text-center">
            <Link
              href="/notifications"
              onClick={() => setOpen(false)}
              className="text-sm font-medium text-brand-700 hover:underline"
            >
              {t("seeAll")}
            </Link>
          </div>
        </div>
      ) : null}
    </div>
  );
}
