// Drives a running code-server like a user would and reports what the screen showed, as JSON.
// It observes and acts; it does not judge: tests/editors/test_vscode.py holds the assertions.
// Usage: node drive.mjs SPEC.json RESULT.json
// SPEC: { url, folder, file, artifacts, statusLine, completionLines: [{line, typed, restore}],
//         quickFix: {line, character, title},
//         hover: {line, text}, settingsFile, missingServerPath, steps?: [names to run] }
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { launch, pageHelpers } from "./ui.mjs";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const [specPath, resultPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, "utf8"));
mkdirSync(spec.artifacts, { recursive: true });

const result = { steps: {}, errors: {} };
let page;
const { until, command, goTo } = pageHelpers(() => page);

/** Runs one step (when the spec's `steps` list, if any, names it); a failure is recorded and the
 * next step still runs, so one report shows all. */
async function step(name, fn) {
  if (spec.steps && !spec.steps.includes(name)) {
    return;
  }
  const started = Date.now();
  try {
    result.steps[name] = (await fn()) ?? {};
  } catch (error) {
    result.errors[name] = String(error?.stack ?? error);
  }
  result.steps[name] = { ...(result.steps[name] ?? {}), seconds: (Date.now() - started) / 1000 };
  try {
    // Steps that show something transient (a hover, a menu) took their own picture at the moment.
    if (!result.steps[name].screenshot) {
      await page.screenshot({ path: join(spec.artifacts, `${name}.png`) });
    }
  } catch {
    /* the page is gone; the error above says why */
  }
}

/** Waits for the notification holding `text`, reads every notification, takes the picture
 * `name`.png, then presses the notification's "Open settings" and reads the settings search. */
async function openSettingsFromNotification(text, timeoutMs, name) {
  const toast = page.locator(".notifications-toasts .notification-list-item", { hasText: text });
  await toast.first().waitFor({ timeout: timeoutMs });
  await page.waitForTimeout(1500);
  const notifications = await page.$$eval(".notifications-toasts .notification-list-item", (els) =>
    els.map((el) => ({
      message: el.querySelector(".notification-list-item-message")?.textContent ?? "",
      buttons: [...el.querySelectorAll(".monaco-button")].map((b) => b.textContent),
    })),
  );
  await page.screenshot({ path: join(spec.artifacts, `${name}.png`) });
  await toast.first().locator(".monaco-button", { hasText: "Open settings" }).click();
  const search = page.locator(".settings-editor .suggest-input-container .view-line");
  await search.first().waitFor({ timeout: 15000 });
  await page.waitForTimeout(1000);
  return { notifications, settingsSearch: (await search.first().textContent())?.replace(/\u00a0/g, " ") };
}

async function problemRows() {
  return page.$$eval(".markers-panel .monaco-list-row[aria-level='2']", (rows) =>
    rows.map((row) => ({
      severity: row.querySelector(".marker-icon")?.classList.contains("error")
        ? "error"
        : row.querySelector(".marker-icon")?.classList.contains("warning")
          ? "warning"
          : "info",
      message: row.querySelector(".marker-message")?.textContent ?? "",
      source: row.querySelector(".marker-source")?.textContent ?? "",
      code: row.querySelector(".marker-code")?.textContent ?? "",
      position: row.querySelector(".marker-line")?.textContent ?? "",
      quickFix: !!row.querySelector(".markers-panel-action-quickfix.autofixable"),
    })),
  );
}

const browser = await launch(chromium);
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();

  await step("01-open", async () => {
    await page.goto(`${spec.url}/?folder=${encodeURIComponent(spec.folder)}`);
    await page.waitForSelector(".monaco-workbench .part.editor", { timeout: 90000 });
    // Quick Open, as a user opens a file.
    await until(async () => (await page.locator(".explorer-folders-view .monaco-list-row").count()) > 0, 30000);
    await page.keyboard.press("Control+P");
    const input = page.locator(".quick-input-widget input.input");
    await input.waitFor({ state: "visible", timeout: 10000 });
    await input.fill(spec.file);
    await page.locator(".quick-input-list .monaco-list-row", { hasText: spec.file }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press("Enter");
    await page.locator(`.tab[data-resource-name="${spec.file}"]`).waitFor({ timeout: 20000 });
    return { title: await page.title() };
  });

  await step("02-problems", async () => {
    await command("View: Focus Problems");
    await command("View: Toggle Maximized Panel");
    // Wait for the first publication, then until the list has not changed for 2 s.
    await until(async () => (await problemRows()).length > 0, 60000);
    let last = "";
    let stableSince = Date.now();
    await until(async () => {
      const now = JSON.stringify(await problemRows());
      if (now !== last) {
        last = now;
        stableSince = Date.now();
      }
      return Date.now() - stableSince > 2000;
    }, 30000);
    const rows = await problemRows();
    await command("View: Toggle Maximized Panel");
    return { rows };
  });

  await step("03-completion", async () => {
    await page.locator(".monaco-editor .view-lines").first().click();
    await goTo(spec.statusLine, 1);
    await page.keyboard.press("End");
    await page.keyboard.press("Shift+Home");
    // Typed character by character: the space after the colon is a trigger character.
    await page.keyboard.type("Status: ", { delay: 60 });
    const rows = page.locator(".suggest-widget.visible .monaco-list-row");
    let shown = await until(async () => (await rows.count()) > 0, 8000);
    let invoked = "trigger-character";
    if (!shown) {
      invoked = "ctrl+space";
      await page.keyboard.press("Control+Space");
      shown = await until(async () => (await rows.count()) > 0, 8000);
    }
    await page.waitForTimeout(500);
    const labels = await page.$$eval(".suggest-widget.visible .monaco-list-row", (els) =>
      els.map((el) => el.querySelector(".label-name")?.textContent ?? el.getAttribute("aria-label")),
    );
    await page.screenshot({ path: join(spec.artifacts, "03-completion.png") });
    // Accept the document's original value from the list, as a user would: the line is whole again.
    let accepted = null;
    if (labels.includes(spec.statusValue)) {
      for (let i = 0; i < labels.length; i++) {
        const focused = await page.$eval(".suggest-widget.visible .monaco-list-row.focused .label-name", (el) => el.textContent).catch(() => null);
        if (focused === spec.statusValue) {
          await page.keyboard.press("Enter");
          accepted = focused;
          break;
        }
        await page.keyboard.press("ArrowDown");
      }
    }
    if (accepted === null) {
      await page.keyboard.press("Escape");
      await page.keyboard.type(spec.statusValue);
    }
    return { invoked, labels, accepted, screenshot: "03-completion.png" };
  });

  await step("03b-completion-lines", async () => {
    // The cases the Neovim test types too (tests/editors/test_nvim.py): type the start of a
    // header line, take the first item, read the line back, then restore the line.
    const results = [];
    for (const c of spec.completionLines ?? []) {
      await page.locator(".monaco-editor .view-lines").first().click();
      await goTo(c.line, 1);
      await page.keyboard.press("End");
      await page.keyboard.press("Shift+Home");
      await page.keyboard.type(c.typed, { delay: 60 });
      const rows = page.locator(".suggest-widget.visible .monaco-list-row");
      if (!(await until(async () => (await rows.count()) > 0, 3000))) {
        await page.keyboard.press("Control+Space");
        await until(async () => (await rows.count()) > 0, 8000);
      }
      await page.waitForTimeout(300);
      const first = await page.$eval(".suggest-widget.visible .monaco-list-row.focused .label-name", (el) => el.textContent).catch(() => null);
      await page.keyboard.press("Enter");
      await page.waitForTimeout(500);
      const prefix = c.typed.slice(0, 3);
      const texts = await page.$$eval(".monaco-editor .view-line", (els) => els.map((el) => el.textContent.replace(/\u00a0/g, " ")));
      results.push({ typed: c.typed, first, line: texts.find((text) => text.startsWith(prefix)) ?? null });
      await page.keyboard.press("End");
      await page.keyboard.press("Shift+Home");
      await page.keyboard.type(c.restore, { delay: 30 });
      await page.keyboard.press("Escape");
    }
    return { results };
  });

  await step("04-hover", async () => {
    // Hover the heading text the spec names, as a mouse user does.
    const line = page.locator(".monaco-editor .view-line", { hasText: spec.hover.text }).first();
    await line.waitFor({ timeout: 10000 });
    const word = line.locator("span span", { hasText: spec.hover.word }).first();
    await word.hover();
    const hover = page.locator(".monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents");
    await until(async () => (await hover.count()) > 0, 8000);
    await page.waitForTimeout(1500);
    const texts = await page.$$eval(".monaco-hover:not(.hidden) .hover-row", (els) => els.map((el) => el.innerText));
    await page.screenshot({ path: join(spec.artifacts, "04-hover.png") });
    await page.mouse.move(5, 5);
    return { texts, screenshot: "04-hover.png" };
  });

  await step("05-quickfix", async () => {
    await page.locator(".monaco-editor .view-lines").first().click();
    await goTo(spec.quickFix.line + 1, spec.quickFix.character + 1);
    await page.keyboard.press("Control+.");
    const rows = page.locator(".action-widget .monaco-list-row.action");
    await until(async () => (await rows.count()) > 0, 10000);
    const titles = await page.$$eval(".action-widget .monaco-list-row.action", (els) =>
      els.map((el) => el.getAttribute("aria-label")),
    );
    await page.screenshot({ path: join(spec.artifacts, "05-quickfix-menu.png") });
    let applied = false;
    if (titles.includes(spec.quickFix.title)) {
      // Keyboard, not a click: the menu sits under a pointer-blocking overlay until the mouse moves.
      for (let i = 0; i < titles.length && !applied; i++) {
        const focused = await page.$eval(".action-widget .monaco-list-row.action.focused", (el) => el.getAttribute("aria-label")).catch(() => null);
        if (focused === spec.quickFix.title) {
          await page.keyboard.press("Enter");
          applied = true;
        } else {
          await page.keyboard.press("ArrowDown");
        }
      }
    }
    if (!applied) {
      await page.keyboard.press("Escape");
    }
    await page.waitForTimeout(1000);
    await page.keyboard.press("Control+S");
    await until(async () => (await page.locator(".tab.dirty").count()) === 0, 10000);
    return { titles, applied };
  });

  await step("06-outline", async () => {
    await command("Explorer: Focus on Outline View");
    const rowSelector = ".outline-pane .monaco-list-row";
    await until(async () => (await page.locator(rowSelector).count()) > 0, 15000);
    await page.waitForTimeout(1500);
    // The tree renders only the rows in view: scroll through it with the mouse wheel, as a
    // user would, collecting the rows each position shows.
    const seen = new Map();
    const list = page.locator(".outline-pane .monaco-list").first();
    await list.hover();
    for (let i = 0; i < 80; i++) {
      const rows = await page.$$eval(rowSelector, (els) =>
        els.map((el) => ({
          index: Number(el.getAttribute("data-index")),
          level: Number(el.getAttribute("aria-level")),
          label: el.querySelector(".label-name")?.textContent ?? el.getAttribute("aria-label"),
          ariaLabel: el.getAttribute("aria-label"),
        })),
      );
      const before = seen.size;
      // Rows are recycled while the list scrolls: keep only complete readings, the first one.
      for (const row of rows) {
        if (row.level > 0 && row.label && !seen.has(row.index)) seen.set(row.index, row);
      }
      if (i > 2 && seen.size === before) break;
      await page.mouse.wheel(0, 66);
      await page.waitForTimeout(120);
    }
    await page.mouse.wheel(0, -100000);
    await page.waitForTimeout(300);
    return { items: [...seen.values()].sort((x, y) => x.index - y.index) };
  });

  await step("07-server-missing", async () => {
    // Point the setting at nothing, as a user with a typo would; the extension restarts the server.
    const settings = JSON.parse(readFileSync(spec.settingsFile, "utf8"));
    settings["pepLsp.server.path"] = spec.missingServerPath;
    writeFileSync(spec.settingsFile, JSON.stringify(settings, null, 2));
    const seen = await openSettingsFromNotification("pepLsp.server.path", 30000, "07-server-missing");
    return { ...seen, activeTab: await page.locator(".tab.active").first().getAttribute("aria-label") };
  });
  await step("08-no-python", async () => {
    // A machine without a usable Python: the extension's one notification, then its button.
    const seen = await openSettingsFromNotification("pep-lsp needs Python", 60000, "08-no-python");
    return { ...seen, screenshot: "08-no-python.png" };
  });
} finally {
  writeFileSync(resultPath, JSON.stringify(result, null, 2));
  await browser.close();
}
