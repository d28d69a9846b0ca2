//! Tables exported for spreadsheets. Text cells that a spreadsheet would run
//! as a formula (beginning with `=`, `+`, `-` or `@`) are neutralised with a
//! leading apostrophe; numbers are written as numbers.

use axum::http::header;
use axum::response::{IntoResponse, Response};

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

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
                })
                .collect();
            out.push_str(&fields.join(";"));
            out.push_str("\r\n");
        }
        out
    }
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
    }
}
