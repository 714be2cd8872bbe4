//! Results that leave the app: every results table as header and rows of cells
//! ([`table`]), written as tab-separated text for the clipboard or as CSV, and the
//! benefits workbook for Excel ([`workbook`]). Nothing here knows about a window.

pub mod appraisal_sheet;
pub mod table;
pub mod workbook;

pub use table::{Cell, Table, Unit};
pub use workbook::{WorkbookError, WorkbookInfo, workbook_bytes, write_workbook};
