//! The check a zipped workbook (.xlsx, .ods) passes before calamine reads it, so that
//! a small file cannot make the reader allocate or work without bound.
//!
//! calamine trusts what a workbook declares: it reserves room for as many shared
//! strings as `uniqueCount` says, unpacks a part however large it grows, and unfolds an
//! .ods sheet's repeated rows and columns into a dense grid. Here every part of the
//! archive is unpacked once, counting the bytes it really unpacks to against
//! [`MAX_UNPACKED_BYTES`]; an .xlsx's shared-string count and an .ods sheet's
//! unfolded size are checked against [`MAX_WORKBOOK_CELLS`]. The cells of the sheet
//! that is imported are bounded as they are read (see [`super::workbook`]).

use std::io::{Cursor, Read};

use crate::numbers::grouped;
use crate::platform::files::limit_words;

/// Most bytes the parts of a workbook may unpack to, all parts together: 64 MiB, the
/// size a file itself may be.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;

/// Most cells a workbook may hold, all its sheets together, and most shared strings it
/// may declare: ten times a sheet of [`super::MAX_ROWS`] by [`super::MAX_COLUMNS`].
pub const MAX_WORKBOOK_CELLS: u64 = 2_000_000;

/// How many bytes of each part are kept to find its first element (an .xlsx's
/// shared-strings `<sst>`).
const HEAD_BYTES: u64 = 64 * 1024;

/// Which kind of zipped workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Zipped {
    /// Office Open XML: .xlsx, .xlsm.
    Xlsx,
    /// OpenDocument: .ods.
    Ods,
}

/// Checks every part of the archive in `bytes`; the message says which limit a part
/// passed.
pub(crate) fn check(bytes: &[u8], kind: Zipped) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("it is not a workbook (not a zip archive: {e})"))?;
    let mut unpacked: u64 = 0;
    let mut cells: u64 = 0;
    for index in 0..archive.len() {
        let mut part = archive
            .by_index(index)
            .map_err(|e| format!("part {} of the workbook cannot be read: {e}", index + 1))?;
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        let allowance = MAX_UNPACKED_BYTES - unpacked;
        if part.size() > allowance {
            return Err(too_large());
        }
        let mut limited = (&mut part).take(allowance + 1);
        let damaged =
            |e: std::io::Error| format!("the part \"{name}\" of the workbook is damaged: {e}");
        let read = if kind == Zipped::Ods && name == "content.xml" {
            let mut xml = Vec::new();
            limited.read_to_end(&mut xml).map_err(damaged)?;
            if xml.len() as u64 <= allowance {
                cells = ods_cells(&xml, cells)?;
            }
            xml.len() as u64
        } else {
            let mut head = Vec::new();
            (&mut limited)
                .take(HEAD_BYTES)
                .read_to_end(&mut head)
                .map_err(damaged)?;
            let rest = std::io::copy(&mut limited, &mut std::io::sink()).map_err(damaged)?;
            if kind == Zipped::Xlsx {
                check_shared_strings(&head, &name)?;
            }
            head.len() as u64 + rest
        };
        if read > allowance {
            return Err(too_large());
        }
        unpacked += read;
    }
    Ok(())
}

fn too_large() -> String {
    format!(
        "it unpacks to more than {}, more than a workbook may (a zip bomb, or not a sheet of steps)",
        limit_words(MAX_UNPACKED_BYTES)
    )
}

fn too_many_cells(what: &str, cells: u64) -> String {
    format!(
        "{what} {} cells, more than the {} a workbook may hold: is it the right file?",
        grouped(cells as f64, 0),
        grouped(MAX_WORKBOOK_CELLS as f64, 0)
    )
}

fn too_many_strings(strings: u64) -> String {
    format!(
        "its shared strings declare {} strings, more than the {} cells a workbook may hold: is it the right file?",
        grouped(strings as f64, 0),
        grouped(MAX_WORKBOOK_CELLS as f64, 0)
    )
}

/// An .xlsx part whose first element is `<sst>` (the shared strings) may declare at
/// most [`MAX_WORKBOOK_CELLS`] strings in `uniqueCount`: calamine reserves that many.
fn check_shared_strings(head: &[u8], name: &str) -> Result<(), String> {
    let looks_like_strings = name.to_lowercase().ends_with("sharedstrings.xml");
    let mut at = 0;
    let first = next_tag(head, &mut at);
    let Some(tag) = first.filter(|t| !t.end) else {
        if looks_like_strings && !head.is_empty() {
            return Err(format!(
                "the shared strings (\"{name}\") do not start as a workbook's do"
            ));
        }
        return Ok(());
    };
    if local_name(tag.name) != b"sst" {
        return Ok(());
    }
    let Some(count) = attribute(tag.attributes, b"uniqueCount") else {
        return Ok(());
    };
    match number(count) {
        Some(n) if n <= MAX_WORKBOOK_CELLS => Ok(()),
        Some(n) => Err(too_many_strings(n)),
        // Digits too many for a number: far over the limit. Anything else calamine
        // ignores.
        None if count.iter().all(u8::is_ascii_digit) && !count.is_empty() => {
            Err(too_many_strings(u64::MAX))
        }
        None => Ok(()),
    }
}

/// The most columns and rows calamine unfolds an .ods sheet to.
const ODS_MAX_COLUMNS: u64 = 16_384;

/// Adds the cells calamine would make of the .ods `content.xml` in `xml` to `cells`:
/// for each sheet, every cell of every row element as written (with repeated columns
/// unfolded) and the dense grid from the first to the last row with a value, repeated
/// rows unfolded. Refuses more than [`MAX_WORKBOOK_CELLS`].
fn ods_cells(xml: &[u8], mut cells: u64) -> Result<u64, String> {
    #[derive(Default)]
    struct Table {
        name: String,
        rows: u64,
        first_row: Option<u64>,
        end_row: u64,
        width: u64,
    }
    let mut table = Table::default();
    let mut row: Option<(u64, u64, u64)> = None; // (repeats, column, width)
    let mut at = 0;
    let finish_row = |table: &mut Table, (repeats, _, width): (u64, u64, u64), cells: &mut u64| {
        *cells = cells.saturating_add(width);
        if width > 0 {
            table.first_row.get_or_insert(table.rows);
            table.end_row = table.rows.saturating_add(repeats);
            table.width = table.width.max(width);
        }
        table.rows = table.rows.saturating_add(repeats);
    };
    while let Some(tag) = next_tag(xml, &mut at) {
        match tag.name {
            b"table:table" if tag.end => {
                if let Some(r) = row.take() {
                    finish_row(&mut table, r, &mut cells);
                }
                let grid = table
                    .end_row
                    .saturating_sub(table.first_row.unwrap_or(table.end_row))
                    .saturating_mul(table.width);
                cells = cells.saturating_add(grid);
                if cells > MAX_WORKBOOK_CELLS {
                    return Err(too_many_cells(
                        &format!(
                            "its sheet \"{}\" unfolds (repeated rows and columns) to at least",
                            table.name
                        ),
                        cells,
                    ));
                }
                table = Table::default();
            }
            b"table:table" => {
                table = Table {
                    name: attribute(tag.attributes, b"table:name")
                        .map(|n| String::from_utf8_lossy(n).into_owned())
                        .unwrap_or_default(),
                    ..Table::default()
                };
            }
            b"table:table-row" if tag.end => {
                if let Some(r) = row.take() {
                    finish_row(&mut table, r, &mut cells);
                }
            }
            b"table:table-row" => {
                if let Some(r) = row.take() {
                    finish_row(&mut table, r, &mut cells);
                }
                let repeats = attribute(tag.attributes, b"table:number-rows-repeated")
                    .and_then(number)
                    .unwrap_or(1);
                if tag.empty {
                    finish_row(&mut table, (repeats, 0, 0), &mut cells);
                } else {
                    row = Some((repeats, 0, 0));
                }
            }
            b"table:table-cell" | b"table:covered-table-cell" if !tag.end => {
                if let Some((_, column, width)) = &mut row {
                    let repeats = attribute(tag.attributes, b"table:number-columns-repeated")
                        .and_then(number)
                        .unwrap_or(1);
                    *column = column.saturating_add(repeats).min(ODS_MAX_COLUMNS);
                    let valued = !tag.empty
                        || [
                            &b"office:value-type"[..],
                            b"office:value",
                            b"table:formula",
                            b"calcext:value-type",
                        ]
                        .iter()
                        .any(|a| attribute(tag.attributes, a).is_some());
                    if valued {
                        *width = *column;
                    }
                }
            }
            _ => {}
        }
        if cells > MAX_WORKBOOK_CELLS {
            return Err(too_many_cells(
                &format!("its sheet \"{}\" holds at least", table.name),
                cells,
            ));
        }
    }
    Ok(cells)
}

/// One start or end tag of an XML text.
#[derive(Debug, PartialEq)]
struct Tag<'a> {
    /// The qualified name (`table:table-row`).
    name: &'a [u8],
    /// Everything after the name, up to `>` (or `/>`).
    attributes: &'a [u8],
    /// `</name>`.
    end: bool,
    /// `<name/>`.
    empty: bool,
}

/// The next start or end tag from `*at`, skipping comments, CDATA, processing
/// instructions and declarations; `None` at the end (or in an unfinished tag).
fn next_tag<'a>(xml: &'a [u8], at: &mut usize) -> Option<Tag<'a>> {
    loop {
        let start = *at + xml.get(*at..)?.iter().position(|b| *b == b'<')?;
        let rest = &xml[start..];
        let skip_to = |close: &[u8]| find(xml, close, start + 2).map(|end| end + close.len());
        let skipped = if rest.starts_with(b"<!--") {
            Some(skip_to(b"-->")?)
        } else if rest.starts_with(b"<![CDATA[") {
            Some(skip_to(b"]]>")?)
        } else if rest.starts_with(b"<?") {
            Some(skip_to(b"?>")?)
        } else if rest.starts_with(b"<!") {
            Some(skip_to(b">")?)
        } else {
            None
        };
        if let Some(next) = skipped {
            *at = next;
            continue;
        }
        let mut quote = None;
        let mut close = None;
        for (i, &b) in rest.iter().enumerate().skip(1) {
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'>' => {
                    close = Some(i);
                    break;
                }
                None => {}
            }
        }
        let close = close?;
        *at = start + close + 1;
        let mut inner = &rest[1..close];
        let end = inner.first() == Some(&b'/');
        if end {
            inner = &inner[1..];
        }
        let empty = inner.last() == Some(&b'/');
        if empty {
            inner = &inner[..inner.len() - 1];
        }
        let name_end = inner
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(inner.len());
        return Some(Tag {
            name: &inner[..name_end],
            attributes: &inner[name_end..],
            end,
            empty,
        });
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// The part of a qualified name after its prefix: `sst` of `x:sst`.
fn local_name(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|b| *b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// The raw value of the attribute `key` (its qualified name, exactly) in a tag's
/// attribute text.
fn attribute<'a>(attributes: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut rest = attributes;
    loop {
        rest = trim_start(rest);
        let name_end = rest
            .iter()
            .position(|b| *b == b'=' || b.is_ascii_whitespace())?;
        let name = &rest[..name_end];
        rest = trim_start(&rest[name_end..]);
        rest = trim_start(rest.strip_prefix(b"=")?);
        let quote = *rest.first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_end = rest[1..].iter().position(|b| *b == quote)? + 1;
        if name == key {
            return Some(&rest[1..value_end]);
        }
        rest = &rest[value_end + 1..];
    }
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// A whole number written in decimal digits, with character references (`&#49;`,
/// `&#x31;`) for digits decoded as an XML reader would; `None` if it is not one or
/// does not fit.
fn number(value: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(value).ok()?.trim();
    let mut digits = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(reference) = rest.strip_prefix("&#") {
            let end = reference.find(';')?;
            let code = &reference[..end];
            let c = match code.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => code.parse().ok(),
            }
            .and_then(char::from_u32)?;
            digits.push(c);
            rest = &reference[end + 1..];
        } else {
            let c = rest.chars().next()?;
            digits.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zipped(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let parts: Vec<(String, Vec<u8>)> = parts
            .iter()
            .map(|(n, b)| ((*n).to_owned(), b.to_vec()))
            .collect();
        crate::import::tests::sheets::zipped(&parts)
    }

    #[test]
    fn tags_skip_comments_and_keep_quoted_brackets() {
        let xml = b"<?xml version=\"1.0\"?><!-- <sst uniqueCount=\"9\"> --><a k=\"x>y\"/><b></b>";
        let mut at = 0;
        let a = next_tag(xml, &mut at).unwrap();
        assert_eq!((a.name, a.empty, a.end), (&b"a"[..], true, false));
        assert_eq!(attribute(a.attributes, b"k"), Some(&b"x>y"[..]));
        let b = next_tag(xml, &mut at).unwrap();
        assert_eq!((b.name, b.end), (&b"b"[..], false));
        let b_end = next_tag(xml, &mut at).unwrap();
        assert!(b_end.end);
        assert_eq!(next_tag(xml, &mut at), None);
    }

    #[test]
    fn numbers_decode_character_references() {
        assert_eq!(number(b"12"), Some(12));
        assert_eq!(number(b"&#49;&#x30;0"), Some(100));
        assert_eq!(number(b"1e3"), None);
        assert_eq!(number(b"99999999999999999999999"), None);
    }

    #[test]
    fn a_shared_string_count_beyond_the_limit_is_refused() {
        let sst = |n: &str| {
            format!(
                "<?xml version=\"1.0\"?>\n<x:sst xmlns:x=\"a\" count=\"1\" uniqueCount=\"{n}\"><x:si><x:t>a</x:t></x:si></x:sst>"
            )
        };
        let ok = zipped(&[("xl/sharedStrings.xml", sst("1").as_bytes())]);
        assert_eq!(check(&ok, Zipped::Xlsx), Ok(()));
        let bomb = zipped(&[("xl/sharedStrings.xml", sst("100000000000").as_bytes())]);
        let message = check(&bomb, Zipped::Xlsx).unwrap_err();
        assert!(message.contains("100,000,000,000 strings"), "{message}");
        let huge = zipped(&[(
            "xl/sharedStrings.xml",
            sst("1".repeat(30).as_str()).as_bytes(),
        )]);
        assert!(check(&huge, Zipped::Xlsx).is_err());
    }

    #[test]
    fn a_part_that_unpacks_beyond_the_limit_is_refused() {
        let zeros = vec![b'0'; (MAX_UNPACKED_BYTES / 2 + 1) as usize];
        let bomb = zipped(&[("xl/a.xml", &zeros), ("xl/b.xml", &zeros)]);
        assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
        let message = check(&bomb, Zipped::Xlsx).unwrap_err();
        assert!(message.contains("64 MiB"), "{message}");
        let one = zipped(&[("xl/a.xml", &zeros)]);
        assert_eq!(check(&one, Zipped::Xlsx), Ok(()));
    }

    fn content(rows: &str) -> Vec<u8> {
        format!(
            "<?xml version=\"1.0\"?><office:document-content><office:body><office:spreadsheet>\
             <table:table table:name=\"Steps\">{rows}</table:table>\
             </office:spreadsheet></office:body></office:document-content>"
        )
        .into_bytes()
    }

    /// Cells by hand: a row of 3 cells (the empty repeated cells after the last value
    /// are not unfolded) repeated 4 times: 3 written + 4 x 3 in the grid = 15.
    #[test]
    fn ods_cells_unfold_repeated_rows_and_columns() {
        let xml = content(
            "<table:table-row table:number-rows-repeated=\"4\">\
             <table:table-cell table:number-columns-repeated=\"2\" office:value-type=\"float\" office:value=\"1\"/>\
             <table:table-cell><text:p>a</text:p></table:table-cell>\
             <table:table-cell table:number-columns-repeated=\"1000\"/>\
             </table:table-row>\
             <table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell/></table:table-row>",
        );
        assert_eq!(ods_cells(&xml, 0), Ok(15));
        let bomb = content(
            "<table:table-row table:number-rows-repeated=\"1048576\">\
             <table:table-cell table:number-columns-repeated=\"100\" office:value-type=\"float\" office:value=\"1\"/>\
             </table:table-row>",
        );
        let message = ods_cells(&bomb, 0).unwrap_err();
        assert!(message.contains("\"Steps\""), "{message}");
        let archive = zipped(&[("content.xml", &bomb)]);
        assert!(check(&archive, Zipped::Ods).is_err());
    }
}
