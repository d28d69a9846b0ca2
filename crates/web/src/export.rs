//! Tables exported for spreadsheets, as CSV or XLSX. Text cells that a
//! spreadsheet would run as a formula (beginning with `=`, `+`, `-` or `@`)
//! are neutralised with a leading apostrophe; numbers are written as numbers.

use crate::error::WebError;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::Workbook;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
    /// A figure about fewer than five citizens: written as "< 5".
    Suppressed,
}

impl From<jobspor_domain::evaluation::Cell<usize>> for Cell {
    fn from(c: jobspor_domain::evaluation::Cell<usize>) -> Cell {
        match c {
            jobspor_domain::evaluation::Cell::Shown(n) => Cell::Number(n as f64),
            jobspor_domain::evaluation::Cell::Suppressed => Cell::Suppressed,
        }
    }
}

impl From<jobspor_domain::evaluation::Cell<Option<f64>>> for Cell {
    fn from(c: jobspor_domain::evaluation::Cell<Option<f64>>) -> Cell {
        match c {
            jobspor_domain::evaluation::Cell::Shown(Some(v)) => Cell::Number(v),
            jobspor_domain::evaluation::Cell::Shown(None) => Cell::Empty,
            jobspor_domain::evaluation::Cell::Suppressed => Cell::Suppressed,
        }
    }
}

use jobspor_domain::evaluation::SUPPRESSED;

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A text value made safe for a spreadsheet.
pub fn neutralise(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// One CSV field: quoted, with formulas neutralised.
pub fn csv_field(s: &str) -> String {
    format!("\"{}\"", neutralise(s).replace('"', "\"\""))
}

impl Table {
    /// `;`-separated (as Danish spreadsheets expect), decimal comma, CRLF.
    pub fn to_csv(&self) -> String {
        let mut out = self
            .headers
            .iter()
            .map(|h| csv_field(h))
            .collect::<Vec<_>>()
            .join(";");
        out.push_str("\r\n");
        for row in &self.rows {
            let fields: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Text(s) => csv_field(s),
                    Cell::Number(v) => format!("{v}").replace('.', ","),
                    Cell::Empty => String::new(),
                    Cell::Suppressed => SUPPRESSED.to_string(),
                })
                .collect();
            out.push_str(&fields.join(";"));
            out.push_str("\r\n");
        }
        out
    }
}

impl Table {
    /// One worksheet named `sheet`, headers in bold. Text is written as
    /// text (never as a formula), and neutralised as in the CSV.
    pub fn to_xlsx(&self, sheet: &str) -> Result<Vec<u8>, WebError> {
        let fail = |e: rust_xlsxwriter::XlsxError| WebError::internal(format!("xlsx: {e}"));
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name(sheet).map_err(fail)?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (c, h) in self.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, neutralise(h), &bold)
                .map_err(fail)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => ws.write_string(r, c, neutralise(s)).map(|_| ()),
                    Cell::Number(v) if v.is_finite() => ws.write_number(r, c, *v).map(|_| ()),
                    Cell::Number(_) | Cell::Empty => Ok(()),
                    Cell::Suppressed => ws.write_string(r, c, SUPPRESSED).map(|_| ()),
                }
                .map_err(fail)?;
            }
        }
        book.save_to_buffer().map_err(fail)
    }
}

/// The formats a table downloads in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    /// From the `format` query parameter; CSV unless `xlsx` is asked for.
    pub fn parse(s: &str) -> Self {
        if s.eq_ignore_ascii_case("xlsx") {
            FileFormat::Xlsx
        } else {
            FileFormat::Csv
        }
    }
}

/// `table` as a download named `base` + the format's extension.
pub fn table_download(table: &Table, format: FileFormat, base: &str) -> Result<Response, WebError> {
    Ok(match format {
        FileFormat::Csv => download(
            "text/csv; charset=utf-8",
            &format!("{base}.csv"),
            table.to_csv().into_bytes(),
        ),
        FileFormat::Xlsx => download(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("{base}.xlsx"),
            table.to_xlsx(base)?,
        ),
    })
}

/// A download response, never cached; `name` is a fixed ASCII file name
/// chosen by the code.
pub fn download(content_type: &'static str, name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// A stored document as a download under its own name: RFC 5987, so
/// Danish letters survive; the plain fallback is ASCII.
pub fn document(content_type: &str, filename: &str, bytes: Vec<u8>) -> Response {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    if let (Ok(ct), Ok(cd)) = (content_type.parse(), disposition.parse()) {
        h.insert(header::CONTENT_TYPE, ct);
        h.insert(header::CONTENT_DISPOSITION, cd);
    }
    h.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    res
}

/// A column's heading: the catalogue's text for `key`, in the reader's
/// language (an export is read by a person, so it says words, not codes).
pub fn header(key: &str) -> String {
    crate::i18n::Lang::current().t(key).to_string()
}

/// The headings of a table's columns, one catalogue key each.
pub fn headers(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| header(k)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        let t = Table {
            headers: vec!["gruppe".into(), "andel".into()],
            rows: vec![
                vec![Cell::Text("=HYPERLINK(\"x\")".into()), Cell::Number(-15.5)],
                vec![Cell::Text("@SUM(A1)".into()), Cell::Empty],
                vec![Cell::Text("+45".into()), Cell::Text("-1".into())],
            ],
        };
        let csv = t.to_csv();
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\";-15,5\r\n"));
        assert!(csv.contains("\"'@SUM(A1)\";\r\n"));
        assert!(csv.contains("\"'+45\";\"'-1\""));
        let xlsx = t.to_xlsx("resultater").expect("xlsx");
        assert!(xlsx.starts_with(b"PK"), "an XLSX is a zip file");
    }
}
