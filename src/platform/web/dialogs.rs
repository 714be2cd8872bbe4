//! The browser's file dialogs, through rfd's asynchronous dialogs: a file to open
//! comes back later (the app polls each frame) as its bytes and name, with no path.
//! A file saved is a download: its bytes in a `Blob`, given to the browser by a
//! click on a hidden `<a download>` link, so it lands in the user's downloads (or
//! where the browser asks) and never leaves the machine.

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use wasm_bindgen::JsCast;

use crate::platform::dialogs::{FileDialogs, FileKind, OpenedFile, PendingBytes, Picked};

/// Dialogs answered by the browser, later.
#[derive(Debug, Default)]
pub struct WebDialogs {
    answer: Rc<RefCell<Option<Picked>>>,
    /// The object URL of the last download, let go at the next one (letting it go at
    /// once may cancel the download in some browsers).
    last_url: Option<String>,
}

impl FileDialogs for WebDialogs {
    fn pick_open(&mut self, kind: FileKind) -> Picked {
        let answer = Rc::clone(&self.answer);
        let dialog = rfd::AsyncFileDialog::new()
            .set_title(kind.open_title())
            .add_filter(kind.filter_name(), kind.extensions());
        wasm_bindgen_futures::spawn_local(async move {
            let picked = match dialog.pick_file().await {
                Some(file) => Picked::Opened(OpenedFile {
                    name: file.file_name(),
                    path: None,
                    bytes: file.read().await,
                }),
                None => Picked::Cancelled,
            };
            *answer.borrow_mut() = Some(picked);
        });
        Picked::Waiting
    }

    fn pick_save(&mut self, kind: FileKind, file_name: &str) -> Picked {
        let name = kind.with_extension(PathBuf::from(file_name));
        Picked::Download(name.to_string_lossy().into_owned())
    }

    fn start_dir(&self) -> Option<std::path::PathBuf> {
        None
    }

    fn poll(&mut self) -> Option<Picked> {
        self.answer.borrow_mut().take()
    }

    fn open_later(&mut self, name: String, contents: PendingBytes) -> Picked {
        let answer = Rc::clone(&self.answer);
        wasm_bindgen_futures::spawn_local(async move {
            let picked = match contents.await {
                Ok(bytes) => Picked::Opened(OpenedFile {
                    name,
                    path: None,
                    bytes,
                }),
                Err(e) => Picked::Unavailable(format!("the browser could not read {name}: {e}")),
            };
            *answer.borrow_mut() = Some(picked);
        });
        Picked::Waiting
    }

    fn download(&mut self, kind: FileKind, file_name: &str, bytes: &[u8]) -> Result<(), String> {
        let url = download(kind, file_name, bytes)
            .map_err(|e| format!("the browser would not download it ({e:?})"))?;
        if let Some(old) = self.last_url.replace(url) {
            web_sys::Url::revoke_object_url(&old).ok();
        }
        Ok(())
    }
}

/// Starts the download of `bytes` as `file_name`; the object URL made for it.
fn download(
    kind: FileKind,
    file_name: &str,
    bytes: &[u8],
) -> Result<String, wasm_bindgen::JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("the page has no document")?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(kind.mime_type());
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link = document
        .create_element("a")?
        .dyn_into::<web_sys::HtmlAnchorElement>()?;
    link.set_href(&url);
    link.set_download(file_name);
    link.style().set_property("display", "none")?;
    let body = document.body().ok_or("the page has no body")?;
    body.append_child(&link)?;
    link.click();
    body.remove_child(&link)?;
    Ok(url)
}
