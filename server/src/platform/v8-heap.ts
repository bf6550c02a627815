import v8 from 'node:v8';

/**
 * Turns off V8's allocation-site pretenuring for the whole process; imported first by the entry
 * point, before anything allocates much.
 *
 * V8 watches how many objects from each allocation site survive young-generation collections, and
 * once a site's survival is high it allocates that site's objects straight into the old
 * generation. Under load a pipelined PostgreSQL connection delivers many pages of rows in one read,
 * parsed before any of them is used, so `pg`'s row objects survive a scavenge now and then and
 * their site gets pretenured. From then on every row goes to the old generation, where it stays
 * until the next full collection, and keeps its young field strings alive through every scavenge
 * in between (old-to-young references are roots for a scavenge), so they are copied and promoted
 * too. On the member page (docs/benchmarks.md, "PostgreSQL's memory churn, and V8's
 * pretenuring"), 14 s runs: scavenges 2.6–2.7 s with it and 1.1–1.2 s without, six full
 * collections against three (all during start-up), Guildhall's CPU per page 364–382 µs against
 * 265–294.
 *
 * `v8.setFlagsFromString` changes the flag in the running process; V8 reads it each time it would
 * weigh a collection's pretenuring feedback, so no site is pretenured after this line runs
 * (server/test/platform/v8-heap.test.ts watches V8's own trace of those decisions). The command
 * line's `--allocation-site-pretenuring` cannot turn it back on: this line runs later.
 */
v8.setFlagsFromString('--no-allocation-site-pretenuring');
