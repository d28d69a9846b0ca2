//! Reading the file of an import into a table (`domain::import::Table`):
//! CSV in UTF-8 (with or without a byte-order mark) or Latin-1, with `;`
//! or `,` between fields (the `csv` crate reads the quoting), and XLSX (the
//! `calamine` crate), one sheet. Formula cells come through as `=…`, so
//! the plan refuses them; a date cell comes through as Excel's serial
//! number, which the plan reads as a date.

use calamine::{Data, Reader, Xlsx};
use jobspor_domain::import::Table;
use jobspor_domain::message::Message;
use std::io::Cursor;

/// The largest file an import reads: 100,000 lines of a course export are
/// about 20 MB.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// The file's text encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 when the whole file is UTF-8, else Latin-1 (Windows-1252).
    Auto,
    Utf8,
    Latin1,
}

impl Encoding {
    pub fn parse(s: &str) -> Option<Encoding> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "auto" => Some(Encoding::Auto),
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "latin-1" | "latin1" | "iso-8859-1" | "windows-1252" | "cp1252" => {
                Some(Encoding::Latin1)
            }
            _ => None,
        }
    }
}

/// The table of a file, or why it cannot be read (each line's problem where
/// the problem is a line's).
pub fn read(bytes: &[u8], encoding: Encoding, sheet: Option<&str>) -> Result<Table, Vec<Message>> {
    if bytes.len() > MAX_BYTES {
        return Err(vec![Message::new("invalid.import_too_large")
            .with("mb", bytes.len() / (1024 * 1024))
            .with("max", MAX_BYTES / (1024 * 1024))]);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return xlsx(bytes, sheet).map_err(|m| vec![m]);
    }
    let text = decode(bytes, encoding)?;
    csv_table(&text).map_err(|m| vec![m])
}

/// The text of a CSV file. A file declared UTF-8 with bytes that are not
/// is refused line by line (such lines are usually Latin-1 from another
/// program); in `Auto`, a file that is not UTF-8 throughout is Latin-1.
fn decode(bytes: &[u8], encoding: Encoding) -> Result<String, Vec<Message>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match (std::str::from_utf8(bytes), encoding) {
        (Ok(s), Encoding::Auto | Encoding::Utf8) => Ok(s.to_string()),
        (Err(_), Encoding::Utf8) => Err(bytes
            .split(|b| *b == b'\n')
            .enumerate()
            .filter(|(_, l)| std::str::from_utf8(l).is_err())
            .map(|(i, _)| Message::new("invalid.import_not_utf8").with("line", i + 1))
            .collect()),
        (_, Encoding::Latin1) | (Err(_), Encoding::Auto) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(text.into_owned())
        }
    }
}

fn csv_table(text: &str) -> Result<Table, Message> {
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() >= first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Table::default();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|_| Message::new("invalid.import_csv").with("line", i + 1))?;
        let line = record.position().map_or(i + 1, |p| p.line() as usize);
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if i == 0 {
            table.headers = cells;
        } else if cells.iter().any(|c| !c.is_empty()) {
            table.rows.push((line, cells));
        }
    }
    if table.headers.iter().all(|h| h.is_empty()) {
        return Err(Message::new("invalid.import_empty"));
    }
    Ok(table)
}

/// One sheet of a workbook: the named one, or the only one.
fn xlsx(bytes: &[u8], sheet: Option<&str>) -> Result<Table, Message> {
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes.to_vec())).map_err(|_| Message::new("invalid.import_xlsx"))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) if names.iter().any(|n| n == s) => s.to_string(),
        Some(s) => {
            return Err(Message::new("invalid.import_no_such_sheet")
                .with("value", s.to_string())
                .with("sheets", names.join(", ")))
        }
        None if names.len() == 1 => names[0].clone(),
        None => {
            return Err(Message::new("invalid.import_which_sheet").with("sheets", names.join(", ")))
        }
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|_| Message::new("invalid.import_xlsx"))?;
    let formulas = book.worksheet_formula(&name).ok();
    let Some((top, left)) = range.start() else {
        return Err(Message::new("invalid.import_empty"));
    };
    let mut table = Table::default();
    for (i, row) in range.rows().enumerate() {
        let r = top + i as u32;
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(j, cell)| {
                let at = (r, left + j as u32);
                match formulas.as_ref().and_then(|f| f.get_value(at)) {
                    Some(f) if !f.is_empty() => format!("={f}"),
                    _ => cell_text(cell),
                }
            })
            .collect();
        if i == 0 {
            table.headers = cells;
        } else if cells.iter().any(|c| !c.is_empty()) {
            table.rows.push((r as usize + 1, cells));
        }
    }
    Ok(table)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(n) => n.to_string(),
        // A CPR number typed as a number loses its leading zero in Excel;
        // whole numbers are written without decimals.
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => format!("{}", d.as_f64().trunc() as i64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_either_encoding_and_delimiter_with_or_without_a_bom() {
        let utf8 = "CPR;Navn\n250380-1714;Søren Ærø\n\n";
        let t = read(utf8.as_bytes(), Encoding::Auto, None).unwrap();
        assert_eq!(t.headers, ["CPR", "Navn"]);
        assert_eq!(
            t.rows,
            vec![(2, vec!["250380-1714".into(), "Søren Ærø".into()])]
        );
        let bom = [b"\xEF\xBB\xBF".as_slice(), utf8.as_bytes()].concat();
        assert_eq!(read(&bom, Encoding::Auto, None).unwrap(), t);
        let latin1 = b"CPR,Navn\n250380-1714,S\xF8ren \xC6r\xF8\n";
        let l = read(latin1, Encoding::Auto, None).unwrap();
        assert_eq!(l.rows[0].1[1], "Søren Ærø");
        assert_eq!(read(latin1, Encoding::Latin1, None).unwrap(), l);
        let quoted = "CPR;Navn;Note\n250380-1714;\"Andersen; Anna\";\"to\nlinjer\"\n";
        let q = read(quoted.as_bytes(), Encoding::Auto, None).unwrap();
        assert_eq!(q.rows[0].1[1], "Andersen; Anna");
        assert_eq!(q.rows[0].1[2], "to\nlinjer");
    }

    #[test]
    fn latin1_lines_in_a_utf8_file_are_named() {
        let mixed = b"CPR;Navn\n250380-1714;S\xC3\xB8ren\n120367-1155;B\xF8rge\n";
        let e = read(mixed, Encoding::Utf8, None).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].key, "invalid.import_not_utf8");
        assert_eq!(
            e[0].args,
            vec![("line", jobspor_domain::message::Arg::Number(3))]
        );
    }

    #[test]
    fn too_large_and_empty_files_are_refused() {
        let big = vec![b'a'; MAX_BYTES + 1];
        assert_eq!(
            read(&big, Encoding::Auto, None).unwrap_err()[0].key,
            "invalid.import_too_large"
        );
        assert_eq!(
            read(b"", Encoding::Auto, None).unwrap_err()[0].key,
            "invalid.import_empty"
        );
        assert_eq!(
            read(b"PK\x03\x04not a workbook", Encoding::Auto, None).unwrap_err()[0].key,
            "invalid.import_xlsx"
        );
        assert_eq!(Encoding::parse("Latin-1"), Some(Encoding::Latin1));
        assert_eq!(Encoding::parse("ebcdic"), None);
    }

    /// A workbook of two sheets: cases (a date cell, a formula, a CPR
    /// number typed as a number) and notes.
    fn workbook() -> Vec<u8> {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name("Sager").unwrap();
        for (c, h) in ["CPR", "Navn", "Start"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_number(1, 0, 2503801714.0).unwrap();
        ws.write_string(1, 1, "Anna Andersen").unwrap();
        let date = ExcelDateTime::from_ymd(2026, 3, 1).unwrap();
        ws.write_datetime_with_format(1, 2, &date, &Format::new().set_num_format("yyyy-mm-dd"))
            .unwrap();
        ws.write_string(2, 0, "120367-1155").unwrap();
        ws.write_formula(2, 1, "=CONCATENATE(\"B\",\"o\")").unwrap();
        book.add_worksheet().set_name("Noter").unwrap();
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn xlsx_one_sheet_named_dates_as_serials_and_formulas_as_formulas() {
        let bytes = workbook();
        let e = read(&bytes, Encoding::Auto, None).unwrap_err();
        assert_eq!(e[0].key, "invalid.import_which_sheet");
        let e = read(&bytes, Encoding::Auto, Some("Ark1")).unwrap_err();
        assert_eq!(e[0].key, "invalid.import_no_such_sheet");
        let t = read(&bytes, Encoding::Auto, Some("Sager")).unwrap();
        assert_eq!(t.headers, ["CPR", "Navn", "Start"]);
        assert_eq!(
            t.rows[0],
            (
                2,
                vec!["2503801714".into(), "Anna Andersen".into(), "46082".into()]
            )
        );
        assert_eq!(t.rows[1].0, 3);
        assert!(t.rows[1].1[1].starts_with('='), "{:?}", t.rows[1]);
    }
}
