//! The browser's entry point (built for `wasm32` with the `ui` feature only): starts
//! [`OpmtApp`] on the page's canvas with eframe's web runner, the browser's
//! platform ([`Platform::web`]) and the bundled models, as the desktop does when it
//! is given no file. The page (`web/index.html`) loads the module, and
//! `#[wasm_bindgen(start)]` runs [`start`].
//!
//! It also keeps a small test hook, read by `scripts/web/test.mjs` (and harmless to
//! anyone else: it only shows the page what the page already shows):
//! `window.opmt_state` is a JSON text with the time of the first frame, the headline
//! figures, the simulation's state, the dialog open and the status line, the frames
//! drawn and the widgets last located, written again whenever it changes; the
//! exported `simulate(referrals, seed)` starts a simulation as the Simulate button
//! does (in slices across frames), `measure_simulation(referrals, seed)` times the
//! simulation of both pathways in one piece, at the next frame (a benchmark of the
//! engine alone: the page waits for it), `rename_current(name)` renames the current
//! process as typing its name does (one edit), and `locate(label)` finds, at the next
//! frame, the widgets whose label (or text) begins with `label` and where they are on
//! the screen, so a test clicks the real button (the frame builds egui's
//! accessibility tree for it, once).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::{OpmtApp, StartOptions};
use crate::platform::Platform;
use crate::platform::spawn::Spawn;
use crate::series::Headline;

/// The id of the canvas in `web/index.html` the app draws on.
const CANVAS_ID: &str = "opmt_canvas";

/// The id of the page's element that says the app is loading (or why it could not).
const LOADING_ID: &str = "opmt_loading";

/// The global the test hook writes its JSON text to.
const STATE_GLOBAL: &str = "opmt_state";

/// What the page asked the app for through the hook, waiting for the next frame.
#[derive(Debug, Clone)]
enum HookRequest {
    Simulate { referrals: u64, seed: u64 },
    Measure { referrals: u64, seed: u64 },
    Rename { name: String },
    Locate { label: String },
}

thread_local! {
    static REQUESTS: RefCell<Vec<HookRequest>> = const { RefCell::new(Vec::new()) };
    /// The app's context, to ask for the frame that serves a request (egui draws a
    /// frame only when something asks for one).
    static CONTEXT: RefCell<Option<egui::Context>> = const { RefCell::new(None) };
}

/// Starts the app when the module is loaded.
#[wasm_bindgen(start)]
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        if let Err(e) = run().await {
            let text = e.as_string().unwrap_or_else(|| format!("{e:?}"));
            show_loading(&format!("opmt could not start in this browser: {text}"));
        }
    });
}

/// Test hook: starts simulating `referrals` referrals of each pathway with `seed`,
/// at the next frame (as the Simulate button does).
#[wasm_bindgen]
pub fn simulate(referrals: u32, seed: u32) {
    ask(HookRequest::Simulate {
        referrals: u64::from(referrals),
        seed: u64::from(seed),
    });
}

/// Test hook: at the next frame, simulates `referrals` referrals of each pathway
/// with `seed` in one piece and records the time taken (`measured` in the state).
#[wasm_bindgen]
pub fn measure_simulation(referrals: u32, seed: u32) {
    ask(HookRequest::Measure {
        referrals: u64::from(referrals),
        seed: u64::from(seed),
    });
}

/// Test hook: at the next frame, renames the current process to `name` (an edit,
/// undone and autosaved like any other).
#[wasm_bindgen]
pub fn rename_current(name: String) {
    ask(HookRequest::Rename { name });
}

/// Test hook: at the next frame, finds the widgets whose label or text begins with
/// `label` and publishes their rectangles in egui points (`located` in the state).
#[wasm_bindgen]
pub fn locate(label: String) {
    // Before the frame begins, so that frame builds the accessibility tree.
    CONTEXT.with(|c| {
        if let Some(ctx) = &*c.borrow() {
            ctx.enable_accesskit();
        }
    });
    ask(HookRequest::Locate { label });
}

/// Queues `request` and asks for the frame that serves it.
fn ask(request: HookRequest) {
    REQUESTS.with(|r| r.borrow_mut().push(request));
    CONTEXT.with(|c| {
        if let Some(ctx) = &*c.borrow() {
            ctx.request_repaint();
        }
    });
}

async fn run() -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("the page has no document")?;
    let canvas = document
        .get_element_by_id(CANVAS_ID)
        .ok_or("the page has no canvas for the app")?
        .dyn_into::<web_sys::HtmlCanvasElement>()?;
    let options = eframe::WebOptions {
        wgpu_options: webgl_only(),
        ..Default::default()
    };
    eframe::WebRunner::new()
        .start(
            canvas,
            options,
            Box::new(|cc| {
                CONTEXT.with(|c| *c.borrow_mut() = Some(cc.egui_ctx.clone()));
                let platform = Platform::web();
                if let Some(frames) = &platform.frames {
                    // Work started after the frame's slices ran (autosave's write, at
                    // the end of a frame) asks for the frame that runs it.
                    let ctx = cc.egui_ctx.clone();
                    frames.wake_with(Box::new(move || ctx.request_repaint()));
                }
                let spawn = Rc::clone(&platform.spawn);
                let app = OpmtApp::new(
                    cc,
                    StartOptions {
                        file: None,
                        platform,
                    },
                );
                Ok(Box::new(WebApp {
                    app,
                    spawn,
                    published: String::new(),
                    first_frame_ms: None,
                    frames: 0,
                    ui_ms: 0.0,
                    measured: None,
                    locating: Vec::new(),
                    located: serde_json::Value::Null,
                    pixels_per_point: 1.0,
                }))
            }),
        )
        .await?;
    show_loading("");
    Ok(())
}

/// The renderer: wgpu on WebGL 2 only. WebGL 2 is in every browser an NHS desktop
/// runs and draws in software where the GPU is blocked or absent (SwiftShader in
/// headless Chromium); WebGPU, wgpu's first choice, is often offered where no
/// adapter then comes.
fn webgl_only() -> eframe::WgpuConfiguration {
    let mut config = eframe::WgpuConfiguration::default();
    if let eframe::egui_wgpu::WgpuSetup::CreateNew(create) = &mut config.wgpu_setup {
        create.instance_descriptor.backends = eframe::wgpu::Backends::GL;
    }
    config
}

/// Sets the loading message (empty: hides it).
fn show_loading(text: &str) {
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(LOADING_ID))
    else {
        return;
    };
    element.set_text_content(Some(text));
    let display = if text.is_empty() { "none" } else { "block" };
    if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
        element.style().set_property("display", display).ok();
    }
}

/// The app, with the test hook around it.
struct WebApp {
    app: OpmtApp,
    /// Where the app's background work runs, for simulations the hook starts.
    spawn: Rc<dyn Spawn>,
    /// The hook's JSON text as last written.
    published: String,
    /// Milliseconds from the page's navigation to the first frame.
    first_frame_ms: Option<f64>,
    /// Frames drawn.
    frames: u64,
    /// Milliseconds spent in the app's frames (its layout and the work sliced
    /// into them), not counting the drawing.
    ui_ms: f64,
    /// The last simulation timed in one piece: referrals (both pathways) and
    /// milliseconds, or why it could not run.
    measured: Option<Result<(u64, f64), String>>,
    /// Labels asked for by `locate`, looked up after this frame's widgets.
    locating: Vec<String>,
    /// The widgets last located: the frame that found them, and each label asked
    /// for with the widgets found.
    located: serde_json::Value,
    /// The screen's pixels to egui's point, for turning a located rectangle into
    /// the page's pixels (with the page's `devicePixelRatio`).
    pixels_per_point: f32,
}

impl WebApp {
    /// Starts what the page asked for since the last frame.
    fn serve_requests(&mut self, ctx: &egui::Context) {
        let requests = REQUESTS.with(|r| std::mem::take(&mut *r.borrow_mut()));
        for request in requests {
            match request {
                HookRequest::Simulate { referrals, seed } => {
                    let ctx = ctx.clone();
                    let notify = Box::new(move || ctx.request_repaint());
                    self.app
                        .workspace
                        .simulate(referrals, seed, self.spawn.as_ref(), notify);
                }
                HookRequest::Measure { referrals, seed } => {
                    self.measured = Some(self.measure(referrals, seed));
                }
                HookRequest::Rename { name } => self.app.workspace.rename(0, name),
                HookRequest::Locate { label } => self.locating.push(label),
            }
        }
    }

    /// After the frame's widgets: where the widgets asked for by `locate` are, from
    /// the accessibility tree this frame built, which is then turned off again.
    fn locate_widgets(&mut self, ctx: &egui::Context) {
        if self.locating.is_empty() {
            return;
        }
        let found = ctx.viewport(|v| {
            let nodes = &v.this_pass.accesskit_state.as_ref()?.nodes;
            let located: serde_json::Map<String, serde_json::Value> = self
                .locating
                .iter()
                .map(|label| (label.clone(), widgets_labelled(nodes.values(), label)))
                .collect();
            Some(located)
        });
        let Some(found) = found else {
            // The tree was not built this frame (asked for while it was drawn): the
            // next one builds it.
            ctx.enable_accesskit();
            ctx.request_repaint();
            return;
        };
        self.locating.clear();
        ctx.disable_accesskit();
        self.located = serde_json::json!({ "frame": self.frames, "widgets": found });
    }

    /// Simulates both pathways in view in one piece, single-threaded: referrals
    /// simulated and milliseconds taken.
    fn measure(&self, referrals: u64, seed: u64) -> Result<(u64, f64), String> {
        let options = crate::simulate::SimulationOptions {
            referrals,
            seed,
            threads: 1,
            target_days: crate::simulate::EIGHTEEN_WEEKS_DAYS,
        };
        let progress = std::sync::Arc::new(crate::simulate::Progress::default());
        let started = crate::platform::clock::Instant::now();
        let mut done = 0;
        for which in [super::Which::Current, super::Which::Comparison] {
            let pathway = self.app.workspace.doc(which).pathway();
            let result = crate::simulate::simulate(pathway, &options, &progress)
                .map_err(|e| e.to_string())?;
            done += result.referrals;
        }
        Ok((done, started.elapsed().as_secs_f64() * 1000.0))
    }

    /// The hook's state: first frame, headline and simulation.
    fn state_json(&self) -> serde_json::Value {
        let ws = &self.app.workspace;
        let headline = ws.comparison().map(|c| {
            let h = Headline::of(c);
            serde_json::json!({
                "current": c.current.name,
                "proposed": c.proposed.name,
                "annual_saving": h.annual_saving,
                "cost_per_referral": h.cost_per_referral,
                "annual_cost": h.annual_cost,
            })
        });
        let job = ws.simulation();
        let last = job.last_run().map(|run| {
            let referrals: u64 = run.results.iter().map(|r| r.referrals).sum();
            serde_json::json!({
                "referrals": referrals,
                "elapsed_ms": run.elapsed.as_secs_f64() * 1000.0,
            })
        });
        let measured = match &self.measured {
            None => serde_json::Value::Null,
            Some(Ok((referrals, ms))) => {
                serde_json::json!({ "referrals": referrals, "elapsed_ms": ms })
            }
            Some(Err(e)) => serde_json::json!({ "error": e }),
        };
        serde_json::json!({
            "first_frame_ms": self.first_frame_ms,
            "modal": self.app.modal.as_ref().map(super::dialogs::Modal::title),
            "status": ws.status,
            "located": self.located,
            "pixels_per_point": self.pixels_per_point,
            "frames": self.frames,
            "ui_ms": self.ui_ms,
            "measured": measured,
            "headline": headline,
            "simulation": {
                "running": job.is_running(),
                "cancelling": job.is_cancelling(),
                "progress": job.progress(),
                "ended": job.ended().map(|e| format!("{e:?}")),
                "last": last,
            },
        })
    }

    /// Writes the hook's state to the page's global when it changed.
    fn publish(&mut self) {
        let text = self.state_json().to_string();
        if text == self.published {
            return;
        }
        if let Some(window) = web_sys::window() {
            js_sys::Reflect::set(&window, &STATE_GLOBAL.into(), &text.as_str().into()).ok();
        }
        self.published = text;
    }
}

impl eframe::App for WebApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if self.first_frame_ms.is_none() {
            self.first_frame_ms = web_sys::window()
                .and_then(|w| w.performance())
                .map(|p| p.now());
        }
        self.frames += 1;
        self.pixels_per_point = ui.ctx().pixels_per_point();
        keep_clicks_across_slow_frames(ui.ctx());
        let started = crate::platform::clock::Instant::now();
        self.serve_requests(ui.ctx());
        self.app.frame_ui(ui);
        self.locate_widgets(ui.ctx());
        self.ui_ms += started.elapsed().as_secs_f64() * 1000.0;
        self.publish();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.app.save_prefs(storage);
    }
}

/// The longest a press lasts and is still a click, egui's default.
const CLICK_SECONDS: f64 = 0.8;

/// Lets a click span slow frames. egui times a press by the frames that saw the
/// button go down and up, and a page drawing in software (no GPU) can take a second a
/// frame: a quick click whose release comes a frame later then lasts longer than
/// egui's 0.8 s and is lost. The press may last 0.8 s and two frames as slow as the
/// last one.
fn keep_clicks_across_slow_frames(ctx: &egui::Context) {
    let frame_seconds = f64::from(ctx.input(|i| i.unstable_dt.max(0.0)));
    let longest = CLICK_SECONDS + 2.0 * frame_seconds;
    let now = ctx.options(|o| o.input_options.max_click_duration);
    // Only a change worth a tenth of a second is written.
    if (longest - now).abs() > 0.1 {
        ctx.options_mut(|o| o.input_options.max_click_duration = longest);
    }
}

/// The widgets among `nodes` whose label or text begins with `label`: each one's
/// label, rectangle in egui points (`[left, top, right, bottom]`) and whether it is
/// enabled.
fn widgets_labelled<'a>(
    nodes: impl Iterator<Item = &'a egui::accesskit::Node>,
    label: &str,
) -> serde_json::Value {
    let widgets: Vec<serde_json::Value> = nodes
        .filter_map(|node| {
            let text = [node.label(), node.value()]
                .into_iter()
                .flatten()
                .find(|text| text.starts_with(label))?;
            let r = node.bounds()?;
            Some(serde_json::json!({
                "label": text,
                "rect": [r.x0, r.y0, r.x1, r.y1],
                "enabled": !node.is_disabled(),
            }))
        })
        .collect();
    serde_json::Value::Array(widgets)
}
