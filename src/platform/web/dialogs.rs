//! The browser's file dialogs, through rfd's asynchronous dialogs: a file to open
//! comes back later (the app polls each frame) as its bytes and name, with no path.

use std::cell::RefCell;
use std::rc::Rc;

use crate::platform::dialogs::{FileDialogs, FileKind, OpenedFile, Picked};

/// Dialogs answered by the browser, later.
#[derive(Debug, Default)]
pub struct WebDialogs {
    answer: Rc<RefCell<Option<Picked>>>,
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

    fn pick_save(&mut self, _kind: FileKind, _file_name: &str) -> Picked {
        Picked::Unavailable("saving to a file is not available in the browser yet".into())
    }

    fn start_dir(&self) -> Option<std::path::PathBuf> {
        None
    }

    fn poll(&mut self) -> Option<Picked> {
        self.answer.borrow_mut().take()
    }
}
