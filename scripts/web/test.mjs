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
//   (g) a long simulation shows its progress moving, frame after frame, and the
//       real Cancel button (found through the hook's locate(), clicked with the
//       mouse) stops it; the page goes on drawing; meanwhile the page is never
//       frozen for long: the longest gap between the page's animation frames
//       stays under MAX_FROZEN_MS;
//   (h) the Copy button beside a table puts the table on the clipboard (read back);
//   (i) an edit is autosaved to the browser's storage, and after a reload the
//       recovery prompt offers it back; its Restore button restores it;
//   (f) the page opens again with the network off (the service worker's cache),
// and prints the time from navigation to the first frame, the simulation's
// throughput: the engine's alone (measure_simulation(), one piece, single-threaded)
// and the app's run across frames, the longest frozen gap, the time Cancel took and
// the time to the autosave. Timings are reported, not asserted (but the frozen gap).
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
/** Referrals of each pathway in the run that is cancelled: about half a minute's work. */
const LONG_REFERRALS = 10_000_000;
/** How long the long run goes before Cancel is clicked. */
const RUN_BEFORE_CANCEL_MS = 4_000;
/** The longest the page may go without an animation frame while work runs in slices
 * (generous: software WebGL draws one frame of the app in 0.6 to 1.2 s on a loaded
 * 2-core machine; the run in one piece would hold the page for several seconds). */
const MAX_FROZEN_MS = 2_000;
/** The longest the app itself may take over one frame (its layout and the slices of
 * work: the runner gives work at most 100 ms a frame, then finishes its slice). */
const MAX_APP_FRAME_MS = 500;
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

  /** Asks the hook where the widgets labelled `label` are (egui's accessibility
   * tree); returns them with their centres in the page's pixels. */
  const locate = async (label) => {
    const before = (await state()).frames;
    await page.evaluate((l) => window.opmt.locate(l), label);
    await page.waitForFunction(([l, f]) => {
      const s = JSON.parse(window.opmt_state);
      return s.located?.frame > f && s.located.widgets[l] !== undefined;
    }, [label, before], { timeout: 30_000, polling: 50 });
    const s = await state();
    const { canvas, ratio, width, height } = await page.evaluate(() => {
      const r = document.getElementById("opmt_canvas").getBoundingClientRect();
      return { canvas: { x: r.left, y: r.top }, ratio: window.devicePixelRatio,
        width: window.innerWidth, height: window.innerHeight };
    });
    const scale = s.pixels_per_point / ratio;
    return s.located.widgets[label].map((w) => {
      const x = canvas.x + ((w.rect[0] + w.rect[2]) / 2) * scale;
      const y = canvas.y + ((w.rect[1] + w.rect[3]) / 2) * scale;
      return { ...w, x, y, onScreen: x >= 0 && y >= 0 && x < width && y < height };
    });
  };
  /** Clicks the enabled widget labelled exactly `label` on screen; false when none.
   * (The pointer goes down and up between two frames of the app: it takes a click.) */
  const click = async (label) => {
    const widget = (await locate(label)).find((w) => w.label === label && w.enabled && w.onScreen);
    if (!widget) return false;
    await page.mouse.move(widget.x, widget.y);
    await page.mouse.down();
    await page.mouse.up();
    return true;
  };

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


  // (g) A long run in the Variability tab (the results, then the tab, clicked):
  // its progress moves across frames, and the Cancel button stops it.
  check(await click("Results only"), "the Results only layout button is on screen");
  check(await click("Variability"), "the Variability tab is on screen");
  let inTab = false;
  for (let i = 0; i < 10 && !inTab; i++) {
    inTab = (await locate("Referrals to simulate")).some((w) => w.onScreen);
  }
  check(inTab, "the click opens the Variability tab (its Referrals to simulate is on screen)");
  await page.evaluate(() => {
    // Every animation frame of the page, with the app's frames drawn by then.
    window.opmt_frames = [];
    const record = (t) => {
      const s = JSON.parse(window.opmt_state);
      window.opmt_frames.push([t, s.frames, s.ui_ms]);
      if (window.opmt_frames_on) requestAnimationFrame(record);
    };
    window.opmt_frames_on = true;
    requestAnimationFrame(record);
    // And the page's longest tasks (the Long Tasks API: each over 50 ms, with its
    // duration): the time the page could answer nothing.
    window.opmt_tasks = [];
    window.opmt_observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.opmt_tasks.push(entry.duration);
    });
    window.opmt_observer.observe({ type: "longtask" });
  });
  await page.evaluate((n) => window.opmt.simulate(n, 3), LONG_REFERRALS);
  await page.waitForFunction(() => JSON.parse(window.opmt_state).simulation.running, null,
    { timeout: 30_000, polling: 50 });
  const progress = [];
  const runStarted = Date.now();
  while (Date.now() - runStarted < RUN_BEFORE_CANCEL_MS) {
    const p = (await state()).simulation.progress;
    if (p && (progress.length === 0 || p[0] !== progress[progress.length - 1][0])) progress.push(p);
    await page.waitForTimeout(200);
  }
  const fractions = progress.map(([done, total]) => done / total);
  console.log(`progress while running: ${fractions.map((f) => (f * 100).toFixed(1) + "%").join(", ")}`);
  check(fractions.length >= 3 && fractions.every((f, i) => i === 0 || f > fractions[i - 1]) &&
    fractions[fractions.length - 1] < 1,
    `progress moves across frames (${fractions.length} distinct readings, rising, below 100%)`);
  const cancelButton = (await locate("Cancel")).find((w) => w.label === "Cancel" && w.enabled && w.onScreen);
  check(cancelButton !== undefined, "the Cancel button is on screen while the run goes");
  const cancelClicked = Date.now();
  const framesAtClick = (await state()).frames;
  if (cancelButton) {
    await page.mouse.move(cancelButton.x, cancelButton.y);
    await page.mouse.down();
    await page.mouse.up();
  }
  const seen = await page.waitForFunction(() => {
    const s = JSON.parse(window.opmt_state);
    return s.simulation.cancelling || !s.simulation.running ? s.frames : false;
  }, null, { timeout: 30_000, polling: 20 }).then((h) => h.jsonValue(), () => null);
  const cancellingMs = Date.now() - cancelClicked;
  const cancelled = await page.waitForFunction(() => {
    const s = JSON.parse(window.opmt_state).simulation;
    return !s.running && s.ended !== null;
  }, null, { timeout: 30_000, polling: 20 }).then(() => true, () => false);
  const cancelMs = Date.now() - cancelClicked;
  const ended = await state();
  check(cancelled && ended.simulation.ended === "Cancelled",
    `the run ended as cancelled: ${ended.simulation.ended}`);
  check(seen !== null, "the app takes the click on Cancel");
  console.log(`cancel: the click was taken ${seen === null ? "never (30 s)" : `${cancellingMs} ms ` +
    `(${seen - framesAtClick} frames) after it`}, ` +
    `the run stopped ${cancelMs} ms (${ended.frames - framesAtClick} frames) after it`);
  const { frames, tasks } = await page.evaluate(() => {
    window.opmt_frames_on = false;
    window.opmt_observer.disconnect();
    return { frames: window.opmt_frames, tasks: window.opmt_tasks };
  });
  const busyMs = Math.max(0, ...tasks);
  // The app's time in a frame: its time between two page frames, over the app's
  // frames between them (one, nearly always).
  let frozenMs = 0, appGapMs = 0, appFrameMs = 0, lastAppFrame = frames[0];
  for (let i = 1; i < frames.length; i++) {
    frozenMs = Math.max(frozenMs, frames[i][0] - frames[i - 1][0]);
    if (frames[i][1] !== lastAppFrame[1]) {
      appGapMs = Math.max(appGapMs, frames[i][0] - lastAppFrame[0]);
      appFrameMs = Math.max(appFrameMs,
        (frames[i][2] - lastAppFrame[2]) / (frames[i][1] - lastAppFrame[1]));
      lastAppFrame = frames[i];
    }
  }
  const spanMs = frames[frames.length - 1][0] - frames[0][0];
  console.log(`frames during the long run: ${frames.length} page animation frames in ` +
    `${(spanMs / 1000).toFixed(1)} s, ${frames[frames.length - 1][1] - frames[0][1]} frames of ` +
    `the app; longest gap between page frames ${frozenMs.toFixed(0)} ms, between the app's ` +
    `${appGapMs.toFixed(0)} ms; ${tasks.length} tasks over 50 ms, the longest ${busyMs.toFixed(0)} ms; ` +
    `the app's own part of a frame (layout and slices) at most ${appFrameMs.toFixed(0)} ms`);
  check(frozenMs < MAX_FROZEN_MS && busyMs < MAX_FROZEN_MS,
    `the page is never frozen for ${MAX_FROZEN_MS} ms (longest gaps ${frozenMs.toFixed(0)} ms ` +
    `between frames, a task of ${busyMs.toFixed(0)} ms)`);
  check(appFrameMs < MAX_APP_FRAME_MS,
    `the app takes under ${MAX_APP_FRAME_MS} ms of a frame while the run goes (${appFrameMs.toFixed(0)} ms)`);
  // The page goes on drawing: the mouse moves, frames come, the status is there.
  const framesBefore = (await state()).frames;
  await page.mouse.move(700, 300);
  await page.mouse.move(720, 320);
  const drawing = await page.waitForFunction((f) => JSON.parse(window.opmt_state).frames > f,
    framesBefore, { timeout: 10_000 }).then(() => true, () => false);
  check(drawing, "the page goes on drawing after the cancel");
  const note = await locate("The simulation was cancelled");
  check(note.length >= 1, `the page says the simulation was cancelled: ${note.map((w) => w.label)}`);

  // (h) Copy beside a table puts it on the clipboard as tab-separated text.
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(url).origin });
  check(await click("By stage"), "the By stage tab is on screen");
  const copyErrors = errors.length;
  if (await click("Copy")) {
    const copied = await page.waitForFunction(async () => {
      const text = await navigator.clipboard.readText().catch(() => "");
      return text.includes("\t") && text.includes("\n") ? text : false;
    }, null, { timeout: 10_000, polling: 200 }).then((h) => h.jsonValue(), () => "");
    const lines = copied ? copied.trim().split("\n") : [];
    console.log(`Copy: ${lines.length} lines on the clipboard, the first: ${JSON.stringify(lines[0] ?? "")}`);
    check(lines.length >= 2, "Copy puts the table on the clipboard, tab-separated");
    check(errors.length === copyErrors, "Copy raises no page error");
  } else {
    console.log("skip: no Copy button on screen in the By stage tab");
  }

  // (i) Recovery: an edit is autosaved to the browser's storage and offered back
  // after a reload.
  const inStorage = (name, timeout) => page.waitForFunction((n) => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key.startsWith("opmt-recovery-") && localStorage.getItem(key).includes(n)) return true;
    }
    return false;
  }, name, { timeout, polling: 50 }).then(() => true, () => false);
  // The first edit is written at once; the second, inside autosave's two-second
  // interval, when the interval is up (with no input meanwhile).
  const firstEdit = "Edited once";
  let editedAt = Date.now();
  await page.evaluate((n) => window.opmt.rename_current(n), firstEdit);
  const firstSaved = await inStorage(firstEdit, 15_000);
  const firstMs = Date.now() - editedAt;
  check(firstSaved, "the edit is autosaved to the browser's storage");
  const edited = "Edited before the reload";
  editedAt = Date.now();
  await page.evaluate((n) => window.opmt.rename_current(n), edited);
  const autosaved = await inStorage(edited, 15_000);
  const autosaveMs = Date.now() - editedAt;
  console.log(`autosave: an edit was in the browser's storage ${firstMs} ms after it was made, ` +
    `the next one (inside the two-second interval) ${autosaveMs} ms after`);
  check(autosaved, "an edit made inside autosave's interval is autosaved when it is up");
  await page.reload({ waitUntil: "load" });
  const offered = await page.waitForFunction(
    () => window.opmt_state !== undefined && JSON.parse(window.opmt_state).modal !== null,
    null, { timeout: 30_000 }).then(() => true, () => false);
  const prompt = offered ? (await state()).modal : null;
  check(prompt === "Restore unsaved work?", `after the reload the work is offered back: ${prompt}`);
  // The dialog settles in its first frames (sized, then placed): the button is
  // clicked where two looks in a row find it.
  let restore, last;
  for (let i = 0; offered && i < 20 && restore === undefined; i++) {
    const now = (await locate("Restore unsaved work from")).find((w) => w.onScreen);
    if (now && last && now.x === last.x && now.y === last.y) restore = now;
    last = now;
  }
  check(restore !== undefined, "the Restore button is on screen");
  if (restore) {
    await page.mouse.move(restore.x, restore.y);
    await page.mouse.down();
    await page.mouse.up();
  }
  const restored = await page.waitForFunction((n) => {
    const s = JSON.parse(window.opmt_state);
    return s.modal === null && s.headline?.current === n;
  }, edited, { timeout: 30_000 }).then(() => true, () => false);
  const afterRestore = await state();
  check(restored, `Restore brings the edit back: "${afterRestore.headline?.current}"; ${afterRestore.status}`);

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
