// Shared steps for the e2e journeys (not a journey itself: files starting with _ are skipped).
import { readFileSync } from 'node:fs';
export async function runCommand(page, title) {
  await page.locator('.part.sidebar .title-label, .part.sidebar .composite.title').first().click().catch(() => undefined);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
}

/**
 * Type an answer into the open quick input and accept it. Successive input boxes reuse one widget,
 * so when `prompt` is given we first wait for the box that shows it, and we re-type until the value
 * sticks (a box that opens while we type resets its value).
 */
export async function answerInput(page, text, prompt) {
  const widget = page.locator('.quick-input-widget');
  if (prompt) await widget.filter({ hasText: prompt }).first().waitFor({ state: 'visible', timeout: 10_000 });
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  for (let attempt = 0; attempt < 5; attempt++) {
    await input.fill(text);
    await page.waitForTimeout(150);
    if ((await input.inputValue()) === text) break;
  }
  await page.keyboard.press('Enter');
}

export function explorerRow(page, name) {
  const re = new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  return page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: re }).first();
}

export async function contextMenuItem(page, label, onClick) {
  // Exact label: "Fit Scaling Law" must not pick "Fit Scaling Law with Options…".
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const item = page.locator('.monaco-menu .action-item:not(.disabled)').filter({ has: page.locator('.action-label', { hasText: exact }) }).first();
  await item.waitFor({ timeout: 10_000 });
  await item.hover();
  await page.waitForTimeout(200);
  onClick?.(); // e.g. the start of a click-to-plot time
  await item.click();
  await page.waitForTimeout(500);
  // Some submenu-like items only react to the keyboard once focused.
  if (await item.isVisible().catch(() => false)) await page.keyboard.press('Enter');
}

export async function notificationText(page, re, timeout = 60_000) {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: re }).first();
  await toast.waitFor({ timeout });
  return toast.innerText();
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

export function relClose(a, b, tol = 1e-12) {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

export function cspViolations(lines) {
  return lines.filter((l) => /Content Security Policy|Refused to (load|execute|apply|evaluate)|CSP violation/i.test(l.text));
}

/** The extension's contributions can register a moment after the workbench appears: retry. */
export async function runCommandRetry(page, title) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await runCommand(page, title);
    } catch (e) {
      await page.keyboard.press('Escape');
      if (attempt >= 4) throw e;
      await page.waitForTimeout(2000);
    }
  }
}

/**
 * Right-click an explorer row until its context menu shows `label` (contributions register a moment
 * after the workbench appears, and explorer tooltips can swallow a click), then choose it.
 */
export async function chooseFromContextMenu(page, row, label, { onOpen, onClick, attempts = 6 } = {}) {
  for (let attempt = 0; ; attempt++) {
    try {
      await page.mouse.move(800, 700); // away from explorer tooltips
      await page.waitForTimeout(300);
      await row.click({ button: 'right', timeout: 5000 });
      await page.locator('.monaco-menu .action-item:not(.disabled)', { hasText: label }).first().waitFor({ timeout: 3000 });
      break;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (attempt >= attempts - 1) throw e;
      await page.waitForTimeout(2000);
    }
  }
  if (onOpen) await onOpen(); // e.g. a screenshot of the open menu
  await contextMenuItem(page, label, onClick);
}


/** The panel timings the extension wrote (host-side marks and the pages' own 'ready' / 'first figure'), from line `from` on. */
export function panelTimings(ctx, from = 0) {
  const p = `${ctx.out}/panel-timings.jsonl`;
  let lines = [];
  try {
    lines = readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    /* none yet */
  }
  return lines.slice(from);
}

export function timingSummary(entries) {
  return entries.map((e) => `${e.panel}: ${e.event} @${e.hostMs} ms`).join('; ');
}

/**
 * CSV rows "step,lr,loss" of a multi-power-law training log under SPEC (the CLI's own prediction,
 * every `every` steps) with ±0.2 % deterministic noise: the Curve Panel journeys' logs.
 */
export function multipowerLogRows(ctx, spec, every, seed) {
  const pred = JSON.parse(ctx.cli(['curve', 'predict', '--law', 'multipower', '--params', 'L0=2.9,A=0.45,alpha=0.5,B=400,C=2.07,beta=0.59,gamma=0.64', '--schedule', spec, '--every', String(every), '--json']));
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.004;
  return { pred, rows: pred.step.map((s, i) => `${s},${pred.lr[i]},${(pred.loss[i] * (1 + noise())).toFixed(6)}`) };
}
