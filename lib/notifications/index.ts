/*
 * Notifications (issue 16): the public face of lib/notifications for pages, routes and the live stream. Writers —
 * the hooks in lib/discussions, lib/configs, lib/leaderboards, lib/runs and the worker — import the files they need
 * (notify.ts, discussions.ts, runs.ts, competitions.ts) directly.
 */
export { markRead } from "./mutations";
export { notify, notifyChannel, publishNotifications } from "./notify";
export { getPreferences, setPreference } from "./preferences";
export { latestSeq, listNotifications, notificationsAfter, NOTIFICATIONS_PAGE_SIZE, unreadCount } from "./queries";
export {
  NOTIFICATION_FILTERS,
  ZNotificationFilter,
  type TNotificationFilter,
  type TNotificationType,
  type TWatchKind,
  type TWatchMode,
  type TWatchThing,
} from "./schemas";
export { setWatch, watchState, type TWatchState } from "./watch";
export type { TNotificationView } from "./view";
