import { describe, expect, it } from "vitest";
import { StreamSlots } from "./live-slots";

describe("stream slots", () => {
  it("caps per IP, per user and per process, and a release frees exactly one slot once", () => {
    const slots = new StreamSlots({ perIp: 2, perUser: 2, total: 5 });
    const a1 = slots.acquire({ ip: "a", userId: null })!;
    expect(slots.acquire({ ip: "a", userId: null })).not.toBeNull();
    expect(slots.acquire({ ip: "a", userId: null })).toBeNull(); // per IP
    a1();
    a1(); // idempotent: a double release must not hand out an extra slot
    expect(slots.acquire({ ip: "a", userId: null })).not.toBeNull();
    expect(slots.acquire({ ip: "a", userId: null })).toBeNull();

    expect(slots.acquire({ ip: "b", userId: "u" })).not.toBeNull();
    expect(slots.acquire({ ip: "c", userId: "u" })).not.toBeNull();
    expect(slots.acquire({ ip: "d", userId: "u" })).toBeNull(); // per user, whatever the address
    expect(slots.acquire({ ip: "d", userId: null })).not.toBeNull();
    expect(slots.acquire({ ip: "e", userId: null })).toBeNull(); // 5 open: the process is full
    expect(slots.stats()).toEqual({ open: 5, ips: 4, users: 1 });
  });

  it("an unknown address (no trusted proxy) is not one shared per-IP counter: per-user and per-process caps still hold", () => {
    const slots = new StreamSlots({ perIp: 2, perUser: 2, total: 5 });
    for (let i = 0; i < 3; i++) expect(slots.acquire({ ip: null, userId: null })).not.toBeNull();
    expect(slots.acquire({ ip: null, userId: "u" })).not.toBeNull();
    expect(slots.acquire({ ip: null, userId: "u" })).not.toBeNull();
    expect(slots.acquire({ ip: null, userId: null })).toBeNull(); // the process is full
    expect(slots.stats()).toEqual({ open: 5, ips: 0, users: 1 });
  });

  it("forgets clients with no open stream (memory stays bounded by open streams)", () => {
    const slots = new StreamSlots({ perIp: 1, perUser: 1, total: 10_000 });
    for (let i = 0; i < 1000; i++) slots.acquire({ ip: `10.0.${i >> 8}.${i & 255}`, userId: `u${i}` })!();
    expect(slots.stats()).toEqual({ open: 0, ips: 0, users: 0 });
  });
});
