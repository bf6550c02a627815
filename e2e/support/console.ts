import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startGuildhall, type TestGuildhall } from '../../server/test/support/guildhall.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(root, 'test-results/screenshots');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the Console when its production build is missing or older than its sources. */
function ensureConsoleBuild() {
  const index = path.join(root, 'console/dist/index.html');
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newestSource(path.join(root, 'console/src'))) return;
  execFileSync('npm', ['run', 'build', '--workspace', 'console'], { cwd: root, stdio: 'inherit' });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ConsoleHarness {
  gh: TestGuildhall;
  origin: string;
  browser: Browser;
  page: Page;
  screenshot: (name: string) => Promise<void>;
}

/**
 * A real Guildhall listening on 127.0.0.1 with a fresh database, its endpoint set to that
 * address so the Console's redirect URIs match, and a headless Chromium.
 */
export async function startConsole(): Promise<ConsoleHarness> {
  ensureConsoleBuild();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const gh = await startGuildhall({ GUILDHALL_ENDPOINT: origin, PORT: String(port) });
  await gh.app.listen({ port, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  after(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: origin });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    gh,
    origin,
    browser,
    page,
    screenshot: async (name) => {
      await page.waitForLoadState('networkidle').catch(() => undefined);
      // The pointer rests where the last click was; a hover highlight is not part of the page.
      await page.mouse.move(0, 799);
      // Toasts would cover the header; they are not part of the page being documented.
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, style: '.mantine-Notifications-root{display:none}' });
    },
  };
}
