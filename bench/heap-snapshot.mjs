// Heap snapshots of a running app instance, and what they hold. The instance is started with
// `--heapsnapshot-signal=SIGURG --diagnostic-dir=<dir>` (heapSnapshotArgs): on the signal V8
// collects garbage and writes every live object to <dir>, so a snapshot is the live heap.
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchError } from './cached-nest-project.mjs';

// Not SIGUSR2: enableShutdownHooks() (the generated main.ts) closes the app on it. SIGURG is
// ignored by default and by Nest.
const SIGNAL = 'SIGURG';
export const heapSnapshotArgs = (dir) => [`--heapsnapshot-signal=${SIGNAL}`, `--diagnostic-dir=${dir}`];

const snapshotsOf = (dir, pid) => readdirSync(dir).filter((name) => name.endsWith('.heapsnapshot') && name.includes(`.${pid}.`));

/** Signals the instance and waits until its new snapshot is written; returns the file's path. */
export async function takeHeapSnapshot(child, dir, timeoutMs = 120_000) {
  const before = new Set(snapshotsOf(dir, child.pid));
  process.kill(child.pid, SIGNAL);
  const started = Date.now();
  let size = -1;
  while (Date.now() - started < timeoutMs) {
    await sleep(250);
    const name = snapshotsOf(dir, child.pid).find((file) => !before.has(file));
    if (!name) continue;
    const path = join(dir, name);
    // Written in one go on the instance's main thread: done when the size stops changing and the
    // JSON is closed.
    const now = statSync(path).size;
    if (now === size && now > 0 && endsJson(path, now)) return path;
    size = now;
  }
  throw new BenchError(`no heap snapshot from pid ${child.pid} in ${dir} within ${timeoutMs / 1000} s`);
}

function endsJson(path, size) {
  const tail = Buffer.alloc(Math.min(size, 16));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, tail, 0, tail.length, size - tail.length);
  } finally {
    closeSync(fd);
  }
  return tail.toString('utf8').trimEnd().endsWith('}');
}

/**
 * Live objects of a snapshot grouped the way DevTools' "Summary" view groups them: objects by
 * constructor name, everything else by its kind ("(string)", "(closure)", "(compiled code)"...).
 * Self sizes only: what one group costs, not what it keeps alive.
 */
export function summarizeHeapSnapshot(path) {
  const { snapshot, nodes, strings } = JSON.parse(readFileSync(path, 'utf8'));
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
  const groups = new Map();
  let totalBytes = 0;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    const bytes = nodes[i + sizeAt];
    const group = type === 'object' || type === 'native' ? strings[nodes[i + nameAt]] : `(${type === 'code' ? 'compiled code' : type})`;
    const entry = groups.get(group) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += bytes;
    groups.set(group, entry);
    totalBytes += bytes;
  }
  return { totalBytes, objects: nodes.length / width, groups };
}

/** What `after` holds more than `before`, per group, largest first. */
export function heapGrowth(before, after) {
  const names = new Set([...before.groups.keys(), ...after.groups.keys()]);
  return [...names]
    .map((name) => {
      const a = before.groups.get(name) ?? { count: 0, bytes: 0 };
      const b = after.groups.get(name) ?? { count: 0, bytes: 0 };
      return { name, count: b.count - a.count, bytes: b.bytes - a.bytes };
    })
    .sort((x, y) => y.bytes - x.bytes);
}
