import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';

/** Retries `check` until it holds or the time is up (the page updates asynchronously). */
async function eventually(describe: () => string, check: () => Promise<boolean>, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) assert.fail(describe());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A few web-first assertions over playwright-core locators (playwright-core has no `expect`). */
export function expect(locator: Locator) {
  const text = async () => (await locator.first().innerText()).replace(/\s+/g, ' ');
  return {
    toContainText: (expected: string) => eventually(() => `expected ${locator} to contain “${expected}”`, async () => (await text()).includes(expected)),
    toBeDisabled: () => eventually(() => `expected ${locator} to be disabled`, () => locator.isDisabled()),
    toBeVisible: () => eventually(() => `expected ${locator} to be visible`, () => locator.isVisible()),
    toBeFocused: () =>
      eventually(() => `expected ${locator} to have focus`, () => locator.evaluate((element) => element === element.ownerDocument.activeElement)),
    toBeChecked: () => eventually(() => `expected ${locator} to be checked`, () => locator.isChecked()),
    toHaveCount: (count: number) => eventually(() => `expected ${locator} to match ${count} elements`, async () => (await locator.count()) === count),
    not: {
      toBeChecked: () => eventually(() => `expected ${locator} not to be checked`, async () => !(await locator.isChecked())),
      toContainText: (unexpected: string) =>
        eventually(() => `expected ${locator} not to contain “${unexpected}”`, async () => !(await text()).includes(unexpected)),
    },
  };
}
