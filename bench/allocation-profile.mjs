/**
 * A preload for the Guildhall process of a throughput bench that records where it allocates:
 * V8's sampling heap profiler with the objects garbage collection has already freed included
 * (so it shows the allocation rate, not only what stays alive), over a window of the run.
 *
 *   node --import tsx bench/management-api.ts --only users? \
 *     --node-flags "--import ./bench/allocation-profile.mjs"
 *
 * Environment: ALLOCATION_PROFILE (output file, default .tmp/allocation.heapprofile),
 * ALLOCATION_PROFILE_FROM / ALLOCATION_PROFILE_UNTIL (ms after start, default 6000 / 14000: after
 * start-up and warm-up, inside the first measured run), ALLOCATION_PROFILE_SURVIVORS=1 (leave out
 * what scavenges free: what remains is what survived into the old generation, or is still alive). Open the file in Chrome DevTools (Memory →
 * Load profile) for allocations by function.
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';

const output = path.resolve(process.env.ALLOCATION_PROFILE ?? '.tmp/allocation.heapprofile');
const from = Number(process.env.ALLOCATION_PROFILE_FROM ?? 6000);
const until = Number(process.env.ALLOCATION_PROFILE_UNTIL ?? 14000);
const session = new inspector.Session();
session.connect();

const fail = (step) => (error) => error && process.stderr.write(`allocation profile: ${step} failed: ${error.message}\n`);
setTimeout(() => {
  session.post(
    'HeapProfiler.startSampling',
    { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: process.env.ALLOCATION_PROFILE_SURVIVORS !== '1' },
    fail('start'),
  );
  setTimeout(() => {
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (error) return fail('stop')(error);
      fs.mkdirSync(path.dirname(output), { recursive: true });
      fs.writeFileSync(output, JSON.stringify(result.profile));
      process.stderr.write(`allocation profile written to ${output}\n`);
    });
  }, until - from).unref();
}, from).unref();
