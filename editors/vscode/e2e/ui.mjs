// What the code-server drivers share (drive.mjs, leftovers.mjs, tests/editors/workspace/drive.mjs):
// Chromium launched as this machine needs it, polling, and the palette and Go to Line moves a user
// makes. The drivers create their page after the browser starts, so the helpers take a function
// that returns it.

// Flags this machine needs: no sandbox as root, and no background traffic to a closed network.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Headless Chromium (PEP_LSP_CHROMIUM, else /usr/bin/chromium) from the given playwright-core. */
export function launch(chromium) {
  return chromium.launch({
    executablePath: process.env.PEP_LSP_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** until, command and goTo on the page `currentPage()` returns when they run. */
export function pageHelpers(currentPage) {
  /** Polls fn until it returns a truthy value or the time is up (then returns the last value). */
  async function until(fn, timeoutMs, intervalMs = 250) {
    const deadline = Date.now() + timeoutMs;
    let value;
    while (Date.now() < deadline) {
      value = await fn();
      if (value) {
        return value;
      }
      await currentPage().waitForTimeout(intervalMs);
    }
    return value;
  }

  /** Runs a command from the command palette by its exact label, as a user types it. */
  async function command(label) {
    const page = currentPage();
    await page.keyboard.press("Escape");
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input.input");
    await input.waitFor({ state: "visible", timeout: 10000 });
    await input.fill(">" + label);
    const row = page.locator(".quick-input-list .monaco-list-row", { hasText: label }).first();
    await row.waitFor({ state: "visible", timeout: 10000 });
    await row.click();
  }

  /** Moves the cursor with "Go to Line/Column" (1-based, like the status bar). */
  async function goTo(line, column) {
    const page = currentPage();
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+G");
    const input = page.locator(".quick-input-widget input.input");
    await input.waitFor({ state: "visible", timeout: 10000 });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press("Enter");
    await page.waitForTimeout(200);
  }

  return { until, command, goTo };
}
