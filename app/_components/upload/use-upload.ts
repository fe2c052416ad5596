"use client";

import { useCallback, useRef, useState } from "react";

/**
 * Multipart upload with progress (fetch cannot report upload progress, XHR can).
 * Phases: uploading (with percent) → processing (server checks the data) → done/error.
 */
export type TUploadError =
  | { kind: "fields"; fields: Record<string, string>; maxBytes?: number }
  | { kind: "data"; key: string; values: Record<string, string | number> }
  | { kind: "auth" }
  | { kind: "network" }
  | { kind: "server" };

export type TUploadState =
  | { phase: "idle" }
  | { phase: "uploading"; percent: number }
  | { phase: "processing" }
  | { phase: "done"; body: unknown }
  | { phase: "error"; error: TUploadError };

type TErrorBody = {
  error?: {
    code?: string;
    fields?: Record<string, string>;
    key?: string;
    values?: Record<string, string | number>;
    maxBytes?: number;
  };
};

export function useUpload(url: string) {
  const [state, setState] = useState<TUploadState>({ phase: "idle" });
  const xhrRef = useRef<XMLHttpRequest | null>(null);

  const start = useCallback(
    (form: FormData) =>
      new Promise<TUploadState>((resolve) => {
        const finish = (next: TUploadState) => {
          setState(next);
          resolve(next);
        };
        const xhr = new XMLHttpRequest();
        xhrRef.current = xhr;
        xhr.open("POST", url);
        xhr.responseType = "json";
        xhr.upload.onprogress = (e) => {
          if (e.lengthComputable) setState({ phase: "uploading", percent: Math.round((e.loaded / e.total) * 100) });
        };
        xhr.upload.onload = () => setState({ phase: "processing" });
        xhr.onerror = () => finish({ phase: "error", error: { kind: "network" } });
        xhr.onload = () => {
          const body = xhr.response as TErrorBody | null;
          if (xhr.status >= 200 && xhr.status < 300) return finish({ phase: "done", body });
          const e = body?.error;
          if (xhr.status === 401) return finish({ phase: "error", error: { kind: "auth" } });
          if (e?.code === "INVALID_DATA" && e.key)
            return finish({ phase: "error", error: { kind: "data", key: e.key, values: e.values ?? {} } });
          if (e?.fields && Object.keys(e.fields).length)
            return finish({ phase: "error", error: { kind: "fields", fields: e.fields, maxBytes: e.maxBytes } });
          finish({ phase: "error", error: { kind: "server" } });
        };
        setState({ phase: "uploading", percent: 0 });
        xhr.send(form);
      }),
    [url],
  );

  return { state, start, busy: state.phase === "uploading" || state.phase === "processing" };
}
