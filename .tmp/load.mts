const origin = "http://127.0.0.1:3199";
const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length * 0.95)]!;
const pick = () => { const k = Math.min(1000, Math.floor(Math.exp(Math.random() * Math.log(1001)))); return `${origin}/leaderboards/bench-${k}/board-${k}`; };
async function load(url: () => string, clients: number, seconds: number) {
  const lat: number[] = []; let errors = 0; const until = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async () => { while (performance.now() < until) { const t0 = performance.now(); const r = await fetch(url()).catch(() => null); if (!r || r.status !== 200) errors++; await r?.arrayBuffer(); lat.push(performance.now() - t0); } }));
  return { p95: p95(lat).toFixed(1), n: lat.length, errors };
}
await load(pick, 4, 4);
console.log("clients=1", await load(pick, 1, 8));
console.log("clients=20", await load(pick, 20, 15));
