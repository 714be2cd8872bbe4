//! The tests of the pure core and the command line, which build without the ui
//! feature: analysis, the business case, exports, imports, the bundled models,
//! properties, hostile files and the architecture. One test binary (see README, "Tests").

mod analysis;
mod animate;
mod appraisal;
mod architecture;
mod cli;
mod export;
mod hostile;
mod import_files;
mod models;
mod options;
mod properties;
