//! Hostile spreadsheets for `opmt import`, made on demand (never checked in; one of
//! them unpacks to 1 GiB). Include it from a test with
//! `#[path = "hostile/sheets.rs"] mod sheets;` and call [`write_all`] with a folder:
//! each file it writes must make `opmt import FILE -o OUT.ron` end within seconds and a
//! few hundred MB with exit status 0, 1 or 2 and a message.
//!
//! Besides the files, it offers the builders the import tests use: [`xlsx`], [`ods`],
//! [`xls`] and [`zipped`].
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Seek, Write};
use std::path::{Path, PathBuf};

/// What a hostile file should make the import do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Refused with a message (exit status 1).
    Refused,
    /// Imported (exit status 0), perhaps with warnings.
    Imported,
}

/// One hostile file: its name in the folder, what it tries, what should happen, and a
/// word the message should hold.
pub struct Hostile {
    /// File name, with the extension that says its kind.
    pub name: &'static str,
    /// What it tries.
    pub tries: &'static str,
    /// What the import should do with it.
    pub expect: Expect,
    /// Text the import's messages (stderr) must contain.
    pub message: &'static str,
}

/// Every hostile spreadsheet, as [`write_all`] writes them.
pub const ALL: &[Hostile] = &[
    Hostile {
        name: "unique-count.xlsx",
        tries: "shared strings declaring 100,000,000,000 strings (calamine reserves 2.4 TB)",
        expect: Expect::Refused,
        message: "shared strings declare",
    },
    Hostile {
        name: "dimension-xfd.xlsx",
        tries: "a sheet declared A1:XFD1048576 with cells at both corners (a 550 GB dense range)",
        expect: Expect::Refused,
        message: "XFD1048576",
    },
    Hostile {
        name: "impossible-ref.xlsx",
        tries: "a cell at ZZZZZZ4000000000 (capacity overflow in calamine's dense range)",
        expect: Expect::Refused,
        message: "beyond the 10,000 rows",
    },
    Hostile {
        name: "zip-bomb.xlsx",
        tries: "a sheet of 1 GiB of XML in about 1 MB of zip",
        expect: Expect::Refused,
        message: "64 MiB",
    },
    Hostile {
        name: "repeated-rows.ods",
        tries: "a 2 KB .ods row of 95 values repeated 1,048,575 times (100 million cells)",
        expect: Expect::Refused,
        message: "unfolds",
    },
    Hostile {
        name: "dimension.xls",
        tries: "an .xls sheet declaring 1,000,000 rows by 256 columns (calamine reserves 256 million cells)",
        expect: Expect::Refused,
        message: "declares",
    },
    Hostile {
        name: "corners.xls",
        tries: "an .xls sheet with cells at A1 and at row 65,536, column 65,536 (a 4-billion-cell grid)",
        expect: Expect::Refused,
        message: "span",
    },
    Hostile {
        name: "looping-chain.xls",
        tries: "an .xls whose directory's sector chain points back at itself (calamine reads it for ever)",
        expect: Expect::Refused,
        message: "loops",
    },
    Hostile {
        name: "one-name.csv",
        tries: "9,999 steps all called the same (ids found by rescanning: quadratic)",
        expect: Expect::Imported,
        message: "",
    },
    Hostile {
        name: "too-many-rows.csv",
        tries: "20,000 rows of steps",
        expect: Expect::Refused,
        message: "beyond the 10,000 rows",
    },
    Hostile {
        name: "separators.csv",
        tries: "one line of 8 million commas (the CSV reader keeps a place for each)",
        expect: Expect::Refused,
        message: "separators",
    },
    Hostile {
        name: "date-in-wait-days.xlsx",
        tries: "a date (2024-01-05, stored as 45,296) in Wait days",
        expect: Expect::Refused,
        message: ":2:D: \"2024-01-05\" is a date or time",
    },
    Hostile {
        name: "formula-no-value.xlsx",
        tries: "a formula with no saved value in Minutes (read as 0 before)",
        expect: Expect::Refused,
        message: ":2:C: the formula =B2*2 has no saved value",
    },
    Hostile {
        name: "hidden-first-sheet.xlsx",
        tries: "a hidden first sheet with other steps than the visible second sheet",
        expect: Expect::Imported,
        message: "the hidden sheet \"Old\" was not read",
    },
];

/// Writes every file of [`ALL`] into `dir` and returns their paths.
pub fn write_all(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for hostile in ALL {
        let path = dir.join(hostile.name);
        let file = std::fs::File::create(&path)?;
        write_one(hostile.name, file)?;
        paths.push(path);
    }
    Ok(paths)
}

fn write_one(name: &str, mut file: std::fs::File) -> std::io::Result<()> {
    let steps_header = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c><c r="B1" t="inlineStr"><is><t>Stage</t></is></c><c r="C1" t="inlineStr"><is><t>Minutes</t></is></c><c r="D1" t="inlineStr"><is><t>Wait days</t></is></c></row>"#;
    let step = |row: u32, name: &str, minutes: &str, days: &str| {
        format!(
            r#"<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>{name}</t></is></c><c r="B{row}" t="inlineStr"><is><t>Other</t></is></c>{minutes}{days}</row>"#
        )
    };
    let bytes = match name {
        "unique-count.xlsx" => xlsx(
            &[("Steps", "visible", sheet_xml(None, steps_header))],
            Some(
                r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="100000000000" uniqueCount="100000000000"><si><t>Name</t></si></sst>"#,
            ),
        ),
        "dimension-xfd.xlsx" => xlsx(
            &[(
                "Steps",
                "visible",
                sheet_xml(
                    Some("A1:XFD1048576"),
                    r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
                ),
            )],
            None,
        ),
        "impossible-ref.xlsx" => xlsx(
            &[(
                "Steps",
                "visible",
                sheet_xml(
                    None,
                    r#"<row r="1"><c r="A1"><v>1</v></c></row><row><c r="ZZZZZZ4000000000"><v>1</v></c></row>"#,
                ),
            )],
            None,
        ),
        "zip-bomb.xlsx" => {
            zip_bomb(&mut file)?;
            return Ok(());
        }
        "repeated-rows.ods" => ods(
            r#"<table:table table:name="Steps"><table:table-row><table:table-cell office:value-type="string"><text:p>Name</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Stage</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="95" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table>"#,
        ),
        "dimension.xls" => xls(&[dimensions(1_000_000, 256), xls_number(0, 0)]),
        "corners.xls" => xls(&[xls_number(0, 0), xls_number(65_535, 65_535)]),
        "looping-chain.xls" => {
            let mut bytes = xls(&[xls_number(0, 0)]);
            // The FAT (sector 0) entry of the directory (sector 1) points at itself.
            bytes[512 + 4..512 + 8].copy_from_slice(&1u32.to_le_bytes());
            bytes
        }
        "one-name.csv" => {
            let mut csv = String::from("Name,Stage,Unit cost\n");
            for _ in 0..9_998 {
                csv.push_str("Book appointment,Booking,0.5\n");
            }
            csv.push_str("Seen,Attendance,0\n");
            csv.into_bytes()
        }
        "too-many-rows.csv" => {
            let mut csv = String::from("Name,Stage\n");
            for i in 0..20_000 {
                csv.push_str(&format!("Step {i},Other\n"));
            }
            csv.into_bytes()
        }
        "separators.csv" => {
            let mut csv = b"Name,Stage\n".to_vec();
            csv.extend(std::iter::repeat_n(b',', 8_000_000));
            csv.push(b'\n');
            csv
        }
        "date-in-wait-days.xlsx" => xlsx(
            &[(
                "Steps",
                "visible",
                sheet_xml(
                    None,
                    &format!(
                        "{steps_header}{}",
                        step(
                            2,
                            "Wait for clinic",
                            r#"<c r="C2"><v>5</v></c>"#,
                            r#"<c r="D2" s="1"><v>45296</v></c>"#
                        )
                    ),
                ),
            )],
            None,
        ),
        "formula-no-value.xlsx" => xlsx(
            &[(
                "Steps",
                "visible",
                sheet_xml(
                    None,
                    &format!(
                        "{steps_header}{}",
                        step(2, "Triage", r#"<c r="C2"><f>B2*2</f></c>"#, "")
                    ),
                ),
            )],
            None,
        ),
        "hidden-first-sheet.xlsx" => xlsx(
            &[
                (
                    "Old",
                    "hidden",
                    sheet_xml(
                        None,
                        &format!("{steps_header}{}", step(2, "Old step", "", "")),
                    ),
                ),
                (
                    "New",
                    "visible",
                    sheet_xml(
                        None,
                        &format!("{steps_header}{}", step(2, "New step", "", "")),
                    ),
                ),
            ],
            None,
        ),
        other => panic!("no hostile file called {other}"),
    };
    file.write_all(&bytes)
}

/// A worksheet's XML with the rows given (and a declared dimension).
pub fn sheet_xml(dimension: Option<&str>, rows: &str) -> String {
    let dimension = dimension.map_or(String::new(), |d| format!(r#"<dimension ref="{d}"/>"#));
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// An archive of the named parts.
pub fn zipped(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        let method = if name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// The parts of an .xlsx around its sheets (name, `visible` or `hidden`, XML), with
/// shared strings if given; style 1 is a date (number format 14).
fn xlsx_parts(
    sheets: &[(&str, &str, String)],
    shared_strings: Option<&str>,
) -> Vec<(String, Vec<u8>)> {
    let mut content_types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
    );
    let mut workbook = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    );
    let mut parts = Vec::new();
    for (i, (name, state, xml)) in sheets.iter().enumerate() {
        let n = i + 1;
        content_types.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        workbook.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" state="{state}" r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#));
        parts.push((
            format!("xl/worksheets/sheet{n}.xml"),
            xml.clone().into_bytes(),
        ));
    }
    if let Some(strings) = shared_strings {
        content_types.push_str(r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#);
        rels.push_str(r#"<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#);
        parts.push(("xl/sharedStrings.xml".into(), strings.as_bytes().to_vec()));
    }
    content_types.push_str("</Types>");
    workbook.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    let styles = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#;
    let mut all = vec![
        ("[Content_Types].xml".to_owned(), content_types.into_bytes()),
        (
            "_rels/.rels".to_owned(),
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec(),
        ),
        ("xl/workbook.xml".to_owned(), workbook.into_bytes()),
        ("xl/_rels/workbook.xml.rels".to_owned(), rels.into_bytes()),
        ("xl/styles.xml".to_owned(), styles.as_bytes().to_vec()),
    ];
    all.extend(parts);
    all
}

/// An .xlsx of the sheets (name, `visible` or `hidden`, sheet XML), with shared
/// strings if given. Cell style 1 is a date.
pub fn xlsx(sheets: &[(&str, &str, String)], shared_strings: Option<&str>) -> Vec<u8> {
    zipped(&xlsx_parts(sheets, shared_strings))
}

/// An .ods whose spreadsheet body is `tables` (`<table:table>` elements).
pub fn ods(tables: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zipped(&[
        (
            "mimetype".into(),
            b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
        ),
        ("META-INF/manifest.xml".into(), manifest.as_bytes().to_vec()),
        ("content.xml".into(), content.into_bytes()),
    ])
}

/// An .xlsx whose one sheet unpacks to 1 GiB of XML, written as it is compressed.
fn zip_bomb<W: Write + Seek>(out: W) -> std::io::Result<()> {
    let mut writer = zip::ZipWriter::new(out);
    for (name, bytes) in xlsx_parts(&[("Steps", "visible", String::new())], None) {
        if name.starts_with("xl/worksheets/") {
            continue;
        }
        writer.start_file(name, zip::write::SimpleFileOptions::default())?;
        writer.write_all(&bytes)?;
    }
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    writer.start_file("xl/worksheets/sheet1.xml", options)?;
    writer.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c>"#,
    )?;
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..1024 {
        writer.write_all(&chunk)?;
    }
    writer.write_all(b"</row></sheetData></worksheet>")?;
    writer.finish()?;
    Ok(())
}

/// One BIFF record.
pub fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut r = kind.to_le_bytes().to_vec();
    r.extend((data.len() as u16).to_le_bytes());
    r.extend_from_slice(data);
    r
}

/// A BIFF8 `NUMBER` record: 1 at the cell.
pub fn xls_number(row: u16, column: u16) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(column.to_le_bytes());
    d.extend([0, 0]);
    d.extend(1.0f64.to_le_bytes());
    record(0x0203, &d)
}

/// A BIFF8 `DIMENSIONS` record from A1.
pub fn dimensions(last_row: u32, last_column: u16) -> Vec<u8> {
    let mut d = 0u32.to_le_bytes().to_vec();
    d.extend(last_row.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(last_column.to_le_bytes());
    d.extend([0, 0]);
    record(0x0200, &d)
}

/// An .xls: a compound file of 512-byte sectors (header, one allocation-table sector,
/// one directory sector, the stream) holding a `Workbook` stream with one sheet,
/// "Steps", of the records given.
pub fn xls(sheet: &[Vec<u8>]) -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    let bof = record(
        0x0809,
        &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    let sheet_bof = record(
        0x0809,
        &[0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    let eof = record(0x000A, &[]);
    let name = [&[5u8, 0][..], b"Steps"].concat();
    let sheet_at = bof.len() + 4 + 4 + 2 + name.len() + eof.len();
    let mut bound = (sheet_at as u32).to_le_bytes().to_vec();
    bound.extend([0, 0]);
    bound.extend(&name);
    let mut stream = [bof, record(0x0085, &bound), eof.clone(), sheet_bof].concat();
    for r in sheet {
        stream.extend(r);
    }
    stream.extend(eof);
    stream.resize(stream.len().max(4096).next_multiple_of(512), 0);
    let sectors = stream.len() / 512;
    assert!(
        sectors + 2 <= 128,
        "one allocation-table sector holds 128 sectors"
    );
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    header[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
    header[26..28].copy_from_slice(&3u16.to_le_bytes());
    header[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    header[30..32].copy_from_slice(&9u16.to_le_bytes());
    header[32..34].copy_from_slice(&6u16.to_le_bytes());
    header[44..48].copy_from_slice(&1u32.to_le_bytes());
    header[48..52].copy_from_slice(&1u32.to_le_bytes());
    header[56..60].copy_from_slice(&4096u32.to_le_bytes());
    header[60..64].copy_from_slice(&END.to_le_bytes());
    header[68..72].copy_from_slice(&END.to_le_bytes());
    for i in 0..109 {
        let id: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
        header[76 + 4 * i..80 + 4 * i].copy_from_slice(&id.to_le_bytes());
    }
    let mut fat = vec![0xFFFF_FFFFu32; 128];
    fat[0] = 0xFFFF_FFFD;
    fat[1] = END;
    for i in 0..sectors {
        fat[2 + i] = if i + 1 == sectors {
            END
        } else {
            (3 + i) as u32
        };
    }
    let mut directory = vec![0u8; 512];
    let entry = |d: &mut [u8], name: &str, kind: u8, start: u32, len: u32| {
        for (i, u) in name.encode_utf16().enumerate() {
            d[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        d[64..66].copy_from_slice(&((name.len() as u16 + 1) * 2).to_le_bytes());
        d[66] = kind;
        d[68..80].copy_from_slice(&[0xFF; 12]);
        d[116..120].copy_from_slice(&start.to_le_bytes());
        d[120..124].copy_from_slice(&len.to_le_bytes());
    };
    entry(&mut directory[..128], "Root Entry", 5, END, 0);
    entry(
        &mut directory[128..256],
        "Workbook",
        2,
        2,
        stream.len() as u32,
    );
    directory[76..80].copy_from_slice(&1u32.to_le_bytes());
    let mut file = header;
    file.extend(fat.iter().flat_map(|id| id.to_le_bytes()));
    file.extend(directory);
    file.extend(stream);
    file
}
