//! The check an Excel 97-2003 workbook (.xls) passes before calamine reads it.
//!
//! An .xls is a compound file (sectors chained through a table) holding the
//! `Workbook` stream of BIFF records. calamine reads every sheet when it opens the
//! file, trusts the chains to end and each sheet's `DIMENSIONS` record, and lays each
//! sheet out as a dense grid to its farthest cell. So the chains calamine walks are
//! walked here first with a bound (a chain longer than the file has sectors loops),
//! and each sheet's declared dimensions, cells and the grid they span are counted
//! against [`MAX_WORKBOOK_CELLS`].

use super::archive::MAX_WORKBOOK_CELLS;
use crate::numbers::grouped;

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FIRST_SPECIAL: u32 = 0xFFFF_FFFA;
/// DIFAT entries at or above this are not FAT sectors.
const DIF_SECTOR: u32 = 0xFFFF_FFFC;
/// Streams shorter than this live in the mini stream (calamine's rule).
const MINI_CUTOFF: u64 = 4096;
const MINI_SECTOR: usize = 64;

/// Checks the compound file in `bytes`; the message says what is wrong.
pub(crate) fn check(bytes: &[u8]) -> Result<(), String> {
    let file = Compound::open(bytes)?;
    let mut cells: u64 = 0;
    for stream in file.workbook_streams()? {
        cells = check_records(&stream, cells)?;
    }
    Ok(())
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

fn damaged(what: &str) -> String {
    format!("it is not a workbook Excel can open ({what})")
}

/// A compound file's sectors and allocation table.
struct Compound<'a> {
    bytes: &'a [u8],
    sector: usize,
    /// Sectors the file holds, as calamine counts them (its highest sector id).
    max_id: usize,
    fat: Vec<u32>,
    directory: Vec<u8>,
    large: bool,
    mini_fat_start: u32,
    mini_fat_sectors: u64,
}

impl<'a> Compound<'a> {
    fn open(bytes: &'a [u8]) -> Result<Self, String> {
        if bytes.len() < 512 || bytes[..8] != *b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" {
            return Err(damaged("no compound-file header"));
        }
        let header = |at| u32_at(bytes, at).unwrap_or(0);
        let (sector, large) = match u16_at(bytes, 30) {
            Some(9) => (512, false),
            Some(12) => (4096, true),
            _ => return Err(damaged("its sector size is not 512 or 4,096 bytes")),
        };
        let max_id = bytes.len() / sector;
        let mut file = Compound {
            bytes,
            sector,
            max_id,
            fat: Vec::new(),
            directory: Vec::new(),
            large,
            mini_fat_start: header(60),
            mini_fat_sectors: u64::from(header(64)),
        };
        // The sectors of the allocation table: 109 in the header, then a chain.
        let mut fat_sectors: Vec<u32> = (0..109).map(|i| header(76 + 4 * i)).collect();
        let mut difat = header(68);
        let mut steps = 0;
        while difat < FIRST_SPECIAL {
            steps += 1;
            if steps > max_id + 1 {
                return Err(damaged("its sector list loops"));
            }
            let sector = file.sector(difat)?;
            let ids: Vec<u32> = sector
                .chunks_exact(4)
                .filter_map(|c| u32_at(c, 0))
                .collect();
            let Some((&next, entries)) = ids.split_last() else {
                break;
            };
            fat_sectors.extend_from_slice(entries);
            difat = next;
        }
        let fat_sectors: Vec<u32> = fat_sectors
            .into_iter()
            .filter(|id| *id < DIF_SECTOR)
            .collect();
        if fat_sectors.len() > max_id + 1 {
            return Err(damaged("its allocation table is larger than the file"));
        }
        for id in fat_sectors {
            let sector = file.sector(id)?;
            let ids: Vec<u32> = sector
                .chunks_exact(4)
                .filter_map(|c| u32_at(c, 0))
                .collect();
            file.fat.extend(ids);
        }
        file.directory = file.chain(header(48), u64::MAX)?;
        Ok(file)
    }

    fn sector(&self, id: u32) -> Result<&'a [u8], String> {
        let id = id as usize;
        if id > self.max_id {
            return Err(damaged("a sector lies beyond the end of the file"));
        }
        let start = (id + 1) * self.sector;
        let end = (start + self.sector).min(self.bytes.len());
        Ok(self.bytes.get(start..end).unwrap_or_default())
    }

    /// The bytes of the chain from `start`, at most `len` of them; a chain that would
    /// visit more sectors than the file holds loops, and is refused.
    fn chain(&self, start: u32, len: u64) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        let mut id = start;
        let mut steps = 0;
        while id != END_OF_CHAIN && (bytes.len() as u64) < len {
            steps += 1;
            if steps > self.max_id + 1 {
                return Err(damaged("a chain of sectors loops"));
            }
            let sector = self.sector(id)?;
            let room = usize::try_from(len - bytes.len() as u64).unwrap_or(usize::MAX);
            bytes.extend_from_slice(&sector[..sector.len().min(room)]);
            id = *self
                .fat
                .get(id as usize)
                .ok_or_else(|| damaged("a chain of sectors leaves the allocation table"))?;
        }
        Ok(bytes)
    }

    /// Every stream called `Workbook` or `Book` (calamine reads the first it finds).
    fn workbook_streams(&self) -> Result<Vec<Vec<u8>>, String> {
        let entries: Vec<&[u8]> = self.directory.chunks_exact(128).collect();
        let Some(root) = entries.first() else {
            return Err(damaged("no directory"));
        };
        let length = |entry: &[u8]| {
            if self.large {
                u64_at(entry, 120).unwrap_or(0)
            } else {
                u64::from(u32_at(entry, 120).unwrap_or(0))
            }
        };
        let (mini_stream, mini_fat) = if self.mini_fat_sectors > 0 {
            let stream = self.chain(u32_at(root, 116).unwrap_or(0), length(root))?;
            let table = self.chain(
                self.mini_fat_start,
                self.mini_fat_sectors.saturating_mul(self.sector as u64),
            )?;
            let table: Vec<u32> = table.chunks_exact(4).filter_map(|c| u32_at(c, 0)).collect();
            (stream, table)
        } else {
            (Vec::new(), Vec::new())
        };
        let mut streams = Vec::new();
        for entry in &entries {
            let units: Vec<u16> = entry[..64]
                .chunks_exact(2)
                .filter_map(|c| u16_at(c, 0))
                .take_while(|u| *u != 0)
                .collect();
            let name = String::from_utf16_lossy(&units);
            if !name.eq_ignore_ascii_case("workbook") && !name.eq_ignore_ascii_case("book") {
                continue;
            }
            let start = u32_at(entry, 116).unwrap_or(0);
            let len = length(entry);
            let stream = if len < MINI_CUTOFF {
                mini_chain(&mini_stream, &mini_fat, start, len, self.max_id * 8)?
            } else {
                self.chain(start, len)?
            };
            streams.push(stream);
        }
        Ok(streams)
    }
}

/// A stream's bytes from the mini stream, in 64-byte sectors.
fn mini_chain(
    mini_stream: &[u8],
    mini_fat: &[u32],
    start: u32,
    len: u64,
    max_id: usize,
) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let mut id = start;
    let mut steps = 0;
    while id != END_OF_CHAIN && (bytes.len() as u64) < len {
        steps += 1;
        if steps > max_id + 1 || id as usize > max_id {
            return Err(damaged("a chain of mini sectors loops"));
        }
        let at = id as usize * MINI_SECTOR;
        let sector = mini_stream
            .get(at..(at + MINI_SECTOR).min(mini_stream.len()))
            .unwrap_or_default();
        let room = (len - bytes.len() as u64) as usize;
        bytes.extend_from_slice(&sector[..sector.len().min(room)]);
        id = *mini_fat
            .get(id as usize)
            .ok_or_else(|| damaged("a chain of mini sectors leaves its table"))?;
    }
    Ok(bytes)
}

/// One BIFF record: its type and data (continuations aside).
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let kind = u16_at(rest, 0)?;
        let len = u16_at(rest, 2)? as usize;
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((kind, data))
    })
}

/// The smallest rectangle holding the cells placed so far.
#[derive(Default)]
struct Extent {
    cells: u64,
    bounds: Option<(u64, u64, u64, u64)>,
}

impl Extent {
    fn add(&mut self, row: u64, column: u64) {
        self.cells += 1;
        let b = self.bounds.get_or_insert((row, row, column, column));
        *b = (b.0.min(row), b.1.max(row), b.2.min(column), b.3.max(column));
    }

    fn grid(&self) -> u64 {
        self.bounds.map_or(0, |(top, bottom, left, right)| {
            (bottom - top + 1).saturating_mul(right - left + 1)
        })
    }
}

/// Adds what calamine makes of each sheet of the `Workbook` stream to `cells`: the
/// cells and the dense grids of values and formulas; refuses a sheet whose declared
/// dimensions alone pass the limit.
fn check_records(stream: &[u8], mut cells: u64) -> Result<u64, String> {
    let mut sheets = Vec::new();
    for (kind, data) in records(stream) {
        match kind {
            0x0085 => sheets.push(u32_at(data, 0).unwrap_or(0) as usize),
            0x000A => break,
            _ => {}
        }
    }
    let over = |what: &str, n: u64| {
        format!(
            "{what} {} cells, more than the {} a workbook may hold: is it the right file?",
            grouped(n as f64, 0),
            grouped(MAX_WORKBOOK_CELLS as f64, 0)
        )
    };
    for start in sheets {
        let Some(sheet) = stream.get(start..) else {
            continue;
        };
        let mut values = Extent::default();
        let mut formulas = Extent::default();
        let mut depth = 0usize;
        let mut seen_bof = false;
        for (kind, data) in records(sheet) {
            if depth > 0 {
                match kind {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let at = |i| u64::from(u16_at(data, i).unwrap_or(0));
            match kind {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                0x0200 => {
                    let (first, last, left, right) = match data.len() {
                        10 => (at(0), at(2), at(4), at(6)),
                        14 | 16 => (
                            u64::from(u32_at(data, 0).unwrap_or(0)),
                            u64::from(u32_at(data, 4).unwrap_or(0)),
                            at(8),
                            at(10),
                        ),
                        _ => (0, 0, 0, 0),
                    };
                    // As calamine reads it: rows `first..last` and columns
                    // `left..right` (the last ones past the end), reserved as one
                    // block; a last row at or before the first wraps to a huge count.
                    let left = if left > 0xFF || right < left { 0 } else { left };
                    let declared = if last >= 1 && right >= 1 {
                        let rows = if last > first { last - first } else { u64::MAX };
                        rows.saturating_mul(right.saturating_sub(left).max(1))
                    } else {
                        1
                    };
                    if declared > MAX_WORKBOOK_CELLS {
                        return Err(over("a sheet declares", declared));
                    }
                }
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => values.add(at(0), at(2)),
                0x0006 => {
                    values.add(at(0), at(2));
                    formulas.add(at(0), at(2));
                }
                0x00BD => {
                    let last = data.len().saturating_sub(2);
                    for column in at(2)..=u64::from(u16_at(data, last).unwrap_or(0)) {
                        values.add(at(0), column);
                        if values.cells > MAX_WORKBOOK_CELLS {
                            break;
                        }
                    }
                }
                _ => {}
            }
            if values.cells + formulas.cells > MAX_WORKBOOK_CELLS {
                return Err(over(
                    "a sheet holds more than",
                    values.cells + formulas.cells,
                ));
            }
        }
        cells = cells
            .saturating_add(values.cells)
            .saturating_add(values.grid())
            .saturating_add(formulas.grid());
        if cells > MAX_WORKBOOK_CELLS {
            return Err(over("its sheets span at least", cells));
        }
    }
    Ok(cells)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::tests::sheets::{dimensions, xls, xls_number};

    #[test]
    fn a_small_sheet_passes_and_calamine_reads_it() {
        use calamine::Reader;
        let file = xls(&[dimensions(2, 2), xls_number(0, 0), xls_number(1, 1)]);
        assert_eq!(check(&file), Ok(()));
        let mut book = calamine::Xls::new(std::io::Cursor::new(&file)).unwrap();
        let range = book.worksheet_range("Steps").unwrap();
        assert_eq!(range.get_value((1, 1)), Some(&calamine::Data::Float(1.0)));
    }

    /// 1,000,000 rows by 256 columns declared: calamine would reserve 256 million
    /// cells; two cells at opposite corners of the sheet span 65,536 x 65,536.
    #[test]
    fn declared_and_spanned_grids_beyond_the_limit_are_refused() {
        let declared = xls(&[dimensions(1_000_000, 256), xls_number(0, 0)]);
        let message = check(&declared).unwrap_err();
        assert!(message.contains("256,000,000 cells"), "{message}");
        let spanned = xls(&[xls_number(0, 0), xls_number(65_535, 65_535)]);
        assert!(check(&spanned).unwrap_err().contains("span"));
    }

    #[test]
    fn a_looping_chain_is_refused() {
        let mut file = xls(&[xls_number(0, 0)]);
        // The directory's chain points back at itself.
        file[512 + 4..512 + 8].copy_from_slice(&1u32.to_le_bytes());
        assert!(check(&file).unwrap_err().contains("loops"));
    }
}
