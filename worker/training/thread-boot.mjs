// Worker threads do not inherit `node --import tsx`: register the TypeScript loader, then load the entry.
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";

register();
await import(workerData.entry);
