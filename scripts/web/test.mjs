// Drives the web version in headless Chromium (scripts/test-web.sh starts it): opens
// the page, then checks that
//   (a) the canvas draws: a screenshot with many colours, not a blank page;
//   (b) the headline shows the bundled saving: the app's test hook
//       (window.opmt_state, src/web.rs) against the native program's `compare --json`
//       of the same two bundled models;
//   (c) a simulation run finishes in the browser (through the hook's simulate(), as
//       the Simulate button starts it: in slices across frames);
//   (d) Save as… (Ctrl+Shift+S) downloads the model, which reads back as RON;
//   (e) a model file dropped on the page opens (the model just saved, renamed);
//   (f) the page opens again with the network off (the service worker's cache),
// and prints the time from navigation to the first frame and the simulation's
// throughput: the engine's alone (measure_simulation(), one piece, single-threaded)
// and the app's run across frames. Timings are reported, not asserted.
//
//   node scripts/web/test.mjs URL EXPECTED.json SCREENSHOT.png
//
// OPMT_PLAYWRIGHT_DIR names the folder where playwright-core is installed.
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

const [url, expectedPath, shotPath] = process.argv.slice(2);
if (!url || !expectedPath || !shotPath) {
  console.error("usage: node test.mjs URL EXPECTED.json SCREENSHOT.png");
  process.exit(2);
}
const require = createRequire(path.join(process.env.OPMT_PLAYWRIGHT_DIR ?? ".", "/"));
const { chromium } = require("playwright-core");

/** Referrals of each pathway in the simulation run. */
const SIMULATED_REFERRALS = 1_000_000;
const TIMEOUT_MS = 120_000;

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures += 1;
}

/** The pixels of a PNG (8-bit RGB or RGBA, not interlaced), as { width, height, rgba }. */
function decodePng(bytes) {
  let at = 8;
  let width = 0, height = 0, channels = 0;
  const data = [];
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString("latin1", at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = body.subarray(8, 13);
      if (depth !== 8 || interlace !== 0 || (colour !== 2 && colour !== 6)) {
        throw new Error(`unexpected PNG: depth ${depth}, colour type ${colour}`);
      }
      channels = colour === 6 ? 4 : 3;
    } else if (type === "IDAT") {
      data.push(body);
    }
    at += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const out = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = v & 255;
    }
  }
  return { width, height, channels, pixels: out };
}

/** Distinct colours, and the share of pixels unlike the most common one (the background). */
function colourStats(png) {
  const counts = new Map();
  for (let i = 0; i < png.pixels.length; i += png.channels) {
    const key = (png.pixels[i] << 16) | (png.pixels[i + 1] << 8) | png.pixels[i + 2];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = png.width * png.height;
  const background = Math.max(...counts.values());
  return { distinct: counts.size, drawnShare: (total - background) / total };
}

function close(a, b, tolerance = 1e-6) {
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

const expected = JSON.parse(fs.readFileSync(expectedPath, "utf8"));
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "opmt-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1440, height: 900 },
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    // No GPU: WebGL 2 drawn in software by SwiftShader through ANGLE.
    "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
  ],
});
const errors = [];
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  const state = async () => JSON.parse((await page.evaluate(() => window.opmt_state)) ?? "null");

  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => window.opmt_state !== undefined, null, { timeout: TIMEOUT_MS });
  const first = await state();
  console.log(`time to first frame: ${first.first_frame_ms.toFixed(0)} ms (from navigation)`);

  // (b) The headline: the same two bundled models as the native program compared.
  await page.waitForFunction(() => JSON.parse(window.opmt_state).headline !== null, null,
    { timeout: TIMEOUT_MS });
  const { headline } = await state();
  console.log(`headline: ${headline.current} -> ${headline.proposed}: ` +
    `saving £${headline.annual_saving.toFixed(2)} a year`);
  check(close(headline.annual_saving, expected.annual_saving),
    `annual saving ${headline.annual_saving} = native ${expected.annual_saving}`);
  const nativeCost = [expected.current.cost_per_referral, expected.proposed.cost_per_referral];
  check(headline.cost_per_referral.every((v, i) => close(v, nativeCost[i])),
    `cost per referral ${headline.cost_per_referral} = native ${nativeCost}`);

  // (a) The canvas draws: give it a moment to settle after the first frames.
  await page.waitForTimeout(500);
  const shot = await page.screenshot({ path: shotPath });
  const stats = colourStats(decodePng(shot));
  console.log(`screenshot: ${stats.distinct} colours, ${(stats.drawnShare * 100).toFixed(1)}% ` +
    `of pixels unlike the background (${shotPath})`);
  check(stats.distinct >= 50 && stats.drawnShare >= 0.02, "the canvas draws (not blank)");

  // (c) A simulation runs to its end, across frames.
  const before = await state();
  const startedMs = Date.now();
  await page.evaluate((n) => window.opmt.simulate(n, 42), SIMULATED_REFERRALS);
  await page.waitForFunction(() => {
    const s = JSON.parse(window.opmt_state).simulation;
    return s.last !== null && !s.running;
  }, null, { timeout: TIMEOUT_MS, polling: 100 });
  const after = await state();
  const { simulation } = after;
  const wallMs = Date.now() - startedMs;
  const framesPerSecond = (after.frames - before.frames) / (wallMs / 1000);
  const uiShare = (after.ui_ms - before.ui_ms) / wallMs;
  check(simulation.ended === "Finished", `simulation ended: ${simulation.ended}`);
  check(simulation.last.referrals === 2 * SIMULATED_REFERRALS,
    `simulated ${simulation.last.referrals} referrals (both pathways)`);
  const perSecond = simulation.last.referrals / (simulation.last.elapsed_ms / 1000);
  console.log(`simulation: ${simulation.last.referrals} referrals in ` +
    `${simulation.last.elapsed_ms.toFixed(0)} ms, ${(perSecond / 1e6).toFixed(2)}M referrals/s ` +
    `(the app's run, in slices across frames, ${framesPerSecond.toFixed(1)} frames/s meanwhile, ` +
    `${(uiShare * 100).toFixed(0)}% of the time in the app's frames, the rest drawing and waiting)`);

  // The engine alone: both pathways simulated in one piece.
  await page.evaluate((n) => window.opmt.measure_simulation(n, 7), SIMULATED_REFERRALS);
  await page.waitForFunction(() => JSON.parse(window.opmt_state).measured !== null, null,
    { timeout: TIMEOUT_MS, polling: 100 });
  const { measured } = await state();
  check(measured.error === undefined && measured.referrals === 2 * SIMULATED_REFERRALS,
    `measured simulation: ${JSON.stringify(measured)}`);
  const enginePerSecond = measured.referrals / (measured.elapsed_ms / 1000);
  console.log(`simulation engine: ${measured.referrals} referrals in ` +
    `${measured.elapsed_ms.toFixed(0)} ms, ${(enginePerSecond / 1e6).toFixed(2)}M referrals/s ` +
    "(single-threaded, in one piece)");

  // (d) Save as… downloads the current process (the keys go to the focused canvas).
  await page.mouse.click(1300, 400);
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 30_000 }),
    page.keyboard.press("Control+Shift+KeyS"),
  ]);
  const saved = fs.readFileSync(await download.path(), "utf8");
  console.log(`Save as… downloaded ${download.suggestedFilename()}, ${saved.length} bytes`);
  check(download.suggestedFilename().endsWith(".ron") && saved.includes(headline.current),
    "Save as… downloads the model as RON with its name in it");

  // (e) Drop a model on the page: the one just downloaded, renamed. It was just
  // saved, so nothing asks first.
  const dropped = saved.replace(headline.current, "Dropped on the page");
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], "dropped.ron", { type: "text/plain" }));
    return dt;
  }, dropped);
  await page.dispatchEvent("#opmt_canvas", "dragover", { dataTransfer: transfer });
  await page.dispatchEvent("#opmt_canvas", "drop", { dataTransfer: transfer });
  const opened = await page.waitForFunction(
    () => JSON.parse(window.opmt_state).headline?.current === "Dropped on the page",
    null, { timeout: 30_000 }).then(() => true, () => false);
  check(opened, "a model dropped on the page opens");

  check(errors.length === 0, `no page errors${errors.length ? ": " + errors.join(" | ") : ""}`);

  // (f) Offline once loaded: the service worker has kept the files; reload without
  // the network.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await context.setOffline(true);
  await page.reload({ waitUntil: "load" });
  const offline = await page.waitForFunction(
    () => window.opmt_state !== undefined && JSON.parse(window.opmt_state).headline !== null,
    null, { timeout: 30_000 }).then(() => true, () => false);
  check(offline, "the page opens again offline (from the service worker's cache)");
  await context.setOffline(false);
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
if (failures > 0) {
  console.error(`${failures} check(s) failed`);
  process.exit(1);
}
