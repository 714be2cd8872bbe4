//! Arbitrary bytes as a model file: load (as the app and the command line do),
//! validate and analyse. Checks, besides "no panic, no hang, no memory blow-up":
//! a model that loads is one that validation passes and analysis does not call
//! invalid, and saving it then loading the saved text gives the same model back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opmt::analysis::AnalysisError;
use opmt::{LoadError, analyse, load_str, to_ron_string, validate};

fuzz_target!(|data: &[u8]| {
    // `load_path` refuses text that is not UTF-8 and drops a byte-order mark.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let loaded = match load_str(text) {
        Ok(loaded) => loaded,
        Err(e) => {
            // What the app and the command line show for a bad file.
            let _ = e.to_string();
            let _ = e.diagnostics().iter().map(|d| d.with_file("f.ron")).count();
            if let LoadError::Invalid(ds) = &e {
                assert!(!ds.is_empty(), "an invalid model with no diagnostics");
            }
            return;
        }
    };
    let pathway = &loaded.pathway;
    assert!(
        !opmt::validate::has_errors(&validate(pathway)),
        "load_str accepted a model with errors"
    );
    if let Err(AnalysisError::Invalid(_)) = analyse(pathway) {
        panic!("analysis calls a loaded model invalid");
    }
    let saved = to_ron_string(pathway);
    let reloaded = match load_str(&saved) {
        Ok(l) => l.pathway,
        Err(e) => panic!("a saved model does not load again: {e}\n{saved}"),
    };
    assert_eq!(to_ron_string(&reloaded), saved, "saving and loading changed the model");
});
