//! UI text: Danish first, English available, and the citizen's own pages
//! in the languages the citizen can choose. Every text comes from one
//! catalogue (`crates/web/i18n/LANG.txt`, see [`catalogue`]); dates and
//! numbers are written the reader's way ([`format`]). The language comes
//! from the `lang` cookie (not personal data) and is available to the whole
//! request through a task-local, so error pages are rendered in it too.

pub mod catalogue;
pub mod format;
pub mod words;

pub use format::{date, datetime, decimal, percent};
pub use words::Word;

use axum::http::HeaderMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Da,
    En,
}

tokio::task_local! {
    pub static CURRENT: Lang;
    /// The path of the page being shown (ids only, never personal data), so
    /// the language switch can return to it.
    pub static PAGE_PATH: String;
}

/// The current request's path for a return link ("/" outside a request).
pub fn current_path() -> String {
    PAGE_PATH
        .try_with(|p| p.clone())
        .unwrap_or_else(|_| crate::home::paths::home())
}

impl Lang {
    pub fn from_headers(h: &HeaderMap) -> Lang {
        match crate::auth::cookie(h, "lang").as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Da,
        }
    }

    /// The language of the request being handled (Danish outside a request).
    pub fn current() -> Lang {
        CURRENT.try_with(|l| *l).unwrap_or_default()
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    pub fn english(self) -> bool {
        self == Lang::En
    }

    /// The text for a key (`??` for a key the catalogue lacks, which the
    /// catalogue's tests rule out for every key the code uses).
    pub fn t(self, key: &str) -> &'static str {
        catalogue::text(self.code(), key)
    }

    /// The text for a key with each `{name}` replaced by its value.
    pub fn fill(self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.t(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

/// Text for the citizen's language (any of [`catalogue::CITIZEN_LANGUAGES`]);
/// Danish where a language lacks it. The citizen's own pages use it.
pub struct Tx {
    pub lang: String,
}

impl Tx {
    /// The citizen's text for `key` (its `citizen.` key in the catalogue).
    pub fn t(&self, key: &str) -> &'static str {
        catalogue::text(&self.lang, &format!("citizen.{key}"))
    }

    pub fn dir(&self) -> &'static str {
        if self.lang == "ar" {
            "rtl"
        } else {
            "ltr"
        }
    }
}
