/**
 * A one-line portrait of the machine, printed with every benchmark, so that figures taken on
 * different machines of the same nominal size (2 vCPU) can be compared: these VMs differ most in
 * what a system call and a loopback TCP round trip cost, which is most of what a small HTTP
 * request and a small query pay, while plain JavaScript speed varies much less.
 *
 *   node --import tsx bench/machine.ts
 *
 * Measured before the load starts (on an idle machine), each as the median of 5 rounds.
 */
import fs from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Nanoseconds per iteration of a small arithmetic loop (CPU speed alone). */
function loopNs(): number {
  const iterations = 50_000_000;
  let x = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) x += i % 7;
  const ns = Number(process.hrtime.bigint() - start) / iterations;
  if (x < 0) console.log(x); // keeps the loop from being optimised away
  return ns;
}

/** Microseconds per fstat(2) through Node (a system call with little work in it). */
function syscallUs(): number {
  const calls = 100_000;
  const fd = fs.openSync(fileURLToPath(import.meta.url), 'r');
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) fs.fstatSync(fd);
  const us = Number(process.hrtime.bigint() - start) / calls / 1000;
  fs.closeSync(fd);
  return us;
}

/** Microseconds per 1-byte ping-pong over loopback TCP between two sockets of this process. */
async function loopbackUs(): Promise<number> {
  const rounds = 5_000;
  const server = net.createServer((socket) => socket.on('data', (data) => socket.write(data)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect(port, '127.0.0.1');
  client.setNoDelay(true);
  await new Promise<void>((resolve) => client.once('connect', resolve));
  const start = process.hrtime.bigint();
  await new Promise<void>((resolve) => {
    let left = rounds;
    client.on('data', () => (--left === 0 ? resolve() : client.write('x')));
    client.write('x');
  });
  const us = Number(process.hrtime.bigint() - start) / rounds / 1000;
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
  return us;
}

export interface MachinePortrait {
  loopNs: number;
  syscallUs: number;
  loopbackUs: number;
}

export async function measureMachine(): Promise<MachinePortrait> {
  const loops: number[] = [];
  const syscalls: number[] = [];
  const roundTrips: number[] = [];
  for (let round = 0; round < 5; round++) {
    loops.push(loopNs());
    syscalls.push(syscallUs());
    roundTrips.push(await loopbackUs());
  }
  return { loopNs: median(loops), syscallUs: median(syscalls), loopbackUs: median(roundTrips) };
}

export function describeMachine(machine: MachinePortrait): string {
  return (
    `machine: JS loop ${machine.loopNs.toFixed(2)} ns/iteration, fstat ${machine.syscallUs.toFixed(2)} µs, ` +
    `loopback TCP round trip ${machine.loopbackUs.toFixed(1)} µs`
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(describeMachine(await measureMachine()));
}
