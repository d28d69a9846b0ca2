//! A set of ICF categories with their titles: lookup, search, and import.

use super::{CodeError, IcfCode};
use crate::text::search_key;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    pub code: IcfCode,
    pub title_da: String,
    pub title_en: String,
}

impl Category {
    pub fn title(&self, english: bool) -> &str {
        if english {
            &self.title_en
        } else {
            &self.title_da
        }
    }
}

/// Categories by code, with lower-cased titles kept for search.
#[derive(Debug, Clone, Default)]
pub struct Classification {
    by_code: BTreeMap<IcfCode, (Category, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub source: String,
    pub line: usize,
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: line {}, field \"{}\": {}",
            self.source, self.line, self.field, self.message
        )
    }
}

/// The header an import file starts with.
pub const CSV_HEADER: &str = "code;title_da;title_en";

impl Classification {
    pub fn new(categories: impl IntoIterator<Item = Category>) -> Classification {
        let mut c = Classification::default();
        c.extend(categories);
        c
    }

    /// Adds categories; a later title for the same code replaces the earlier.
    pub fn extend(&mut self, categories: impl IntoIterator<Item = Category>) {
        for cat in categories {
            let key = search_key(&format!("{} {}", cat.title_da, cat.title_en));
            self.by_code.insert(cat.code.clone(), (cat, key));
        }
    }

    pub fn len(&self) -> usize {
        self.by_code.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }

    pub fn get(&self, code: &IcfCode) -> Option<&Category> {
        self.by_code.get(code).map(|(c, _)| c)
    }

    pub fn categories(&self) -> impl Iterator<Item = &Category> {
        self.by_code.values().map(|(c, _)| c)
    }

    /// A code that is well-formed and in the classification.
    pub fn check(&self, s: &str) -> Result<IcfCode, CodeError> {
        let code = IcfCode::parse(s)?;
        if self.by_code.contains_key(&code) {
            Ok(code)
        } else {
            Err(CodeError::Unknown)
        }
    }

    /// By code prefix (`b28`) or by title words (all must occur, Danish or
    /// English, any case). Codes come in code order; a title that starts with
    /// the first word ranks before one that only contains it.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Category> {
        let q = search_key(query.trim());
        if q.is_empty() {
            return Vec::new();
        }
        let looks_like_code =
            q.len() <= 6 && "bsde".contains(&q[..1]) && q[1..].bytes().all(|b| b.is_ascii_digit());
        if looks_like_code {
            return self
                .by_code
                .range(IcfCode(q.clone())..)
                .take_while(|(k, _)| k.as_str().starts_with(&q))
                .map(|(_, (c, _))| c)
                .take(limit)
                .collect();
        }
        let words: Vec<&str> = q.split_whitespace().collect();
        let mut hits: Vec<(bool, &Category)> = self
            .by_code
            .values()
            .filter(|(_, key)| words.iter().all(|w| key.contains(w)))
            .map(|(c, _)| {
                let starts = search_key(&c.title_da).starts_with(words[0])
                    || search_key(&c.title_en).starts_with(words[0]);
                (!starts, c)
            })
            .collect();
        hits.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.code.cmp(&b.1.code)));
        hits.into_iter().map(|(_, c)| c).take(limit).collect()
    }

    /// Reads the documented CSV (`code;title_da;title_en`, UTF-8, one
    /// category per line). Every problem is reported, each naming the line
    /// and field; a file with any problem gives no classification at all.
    pub fn from_csv(text: &str, source: &str) -> Result<Classification, Vec<ImportError>> {
        let mut errors = Vec::new();
        let err = |line: usize, field: &'static str, message: &str| ImportError {
            source: source.to_string(),
            line,
            field,
            message: message.to_string(),
        };
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, h)) if h.trim_start_matches('\u{feff}').trim() == CSV_HEADER => {}
            _ => {
                return Err(vec![err(
                    1,
                    "header",
                    &format!("the first line must be \"{CSV_HEADER}\""),
                )])
            }
        }
        let mut out: BTreeMap<IcfCode, Category> = BTreeMap::new();
        for (i, line) in lines {
            let n = i + 1;
            if line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split(';').collect();
            if fields.len() != 3 {
                errors.push(err(
                    n,
                    "line",
                    &format!("expected 3 fields separated by ';', found {}", fields.len()),
                ));
                continue;
            }
            let code = match IcfCode::parse(fields[0]) {
                Ok(c) => c,
                Err(e) => {
                    errors.push(err(n, "code", &format!("{e} (\"{}\")", fields[0].trim())));
                    continue;
                }
            };
            let (da, en) = (fields[1].trim(), fields[2].trim());
            if da.is_empty() {
                errors.push(err(n, "title_da", "empty"));
            }
            if en.is_empty() {
                errors.push(err(n, "title_en", "empty"));
            }
            if out.contains_key(&code) {
                errors.push(err(n, "code", &format!("{code} appears more than once")));
                continue;
            }
            out.insert(
                code.clone(),
                Category {
                    code,
                    title_da: da.to_string(),
                    title_en: en.to_string(),
                },
            );
        }
        if out.is_empty() && errors.is_empty() {
            errors.push(err(2, "line", "the file has no categories"));
        }
        if errors.is_empty() {
            Ok(Classification::new(out.into_values()))
        } else {
            Err(errors)
        }
    }
}
