// Open an HTML report in the system Chromium and report, as JSON on stdout, every console
// message, page error and network request, the axe-core violations, and a screenshot.
//
// Usage: node check-report.mjs REPORT.html SCREENSHOT.png
// Never downloads a browser: it drives /usr/bin/chromium (or $CHROMIUM) over the DevTools
// Protocol with playwright-core.
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [report, screenshot] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const profile = mkdtempSync(join(tmpdir(), "hrdd-chromium-"));

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
  viewport: { width: 1200, height: 900 },
  // Without the report's own Content-Security-Policy the test proves that nothing in the
  // document asks for the network at all, not only that the policy blocks it; it also lets
  // axe-core be injected.
  bypassCSP: true,
});
const result = { console: [], errors: [], requests: [], violations: [] };
try {
  const page = await context.newPage();
  const url = pathToFileURL(report).href;
  page.on("console", (msg) => result.console.push({ type: msg.type(), text: msg.text() }));
  page.on("pageerror", (err) => result.errors.push(String(err)));
  page.on("request", (req) => {
    if (req.url() !== url) result.requests.push(req.url());
  });
  await page.goto(url, { waitUntil: "load" });
  await page.screenshot({ path: screenshot, fullPage: true });
  // axe runs in the page only after the checks above: its own script is not the report's.
  await page.addScriptTag({ content: axeSource });
  const axe = await page.evaluate(async () => {
    const found = await globalThis.axe.run(document, {
      resultTypes: ["violations"],
    });
    return found.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
    }));
  });
  result.violations = axe;
  result.lang = await page.evaluate(() => document.documentElement.lang);
  result.title = await page.title();
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(result, null, 2) + "\n");
