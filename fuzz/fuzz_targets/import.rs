//! Arbitrary bytes as a spreadsheet of steps, through the entry point the app and
//! `opmt import` use after reading the file (`import_bytes`), once as each kind of
//! file: CSV, .xlsx, .ods and .xls. Checks, besides "no panic, no hang, no memory
//! blow-up": a failure has at least one message, and a pathway that imports has no
//! validation errors and saves to a model that loads again.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use opmt::import::{ImportError, import_bytes};
use opmt::{load_str, to_ron_string, validate};

fuzz_target!(|data: &[u8]| {
    for name in ["f.csv", "f.xlsx", "f.ods", "f.xls"] {
        let imported = match import_bytes(data, Path::new(name), None) {
            Ok(imported) => imported,
            Err(e) => {
                // What the app and the command line show.
                let lines = e.lines();
                assert!(!lines.is_empty(), "an import error with no message");
                if let ImportError::Cells { problems, .. } = &e {
                    assert!(!problems.is_empty(), "bad cells, none named");
                }
                continue;
            }
        };
        let _ = imported
            .warnings
            .iter()
            .map(|w| w.warning_with_file(name))
            .count();
        let pathway = &imported.pathway;
        assert!(
            !opmt::validate::has_errors(&validate(pathway)),
            "the import accepted a pathway with errors"
        );
        let saved = to_ron_string(pathway);
        if let Err(e) = load_str(&saved) {
            panic!("an imported pathway does not load once saved: {e}\n{saved}");
        }
    }
});
