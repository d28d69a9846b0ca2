//! Free text from users: normalised to Unicode NFC, trimmed, bounded in length.
//! HTML in text is kept as typed; the web layer escapes it on output.

use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

/// Upper bound for a journal entry, in bytes of UTF-8 after normalisation.
pub const JOURNAL_MAX_BYTES: usize = 64 * 1024;
/// Upper bound for short fields such as names and titles.
pub const SHORT_MAX_BYTES: usize = 200;
/// Upper bound for medium fields such as goals and referral sections.
pub const MEDIUM_MAX_BYTES: usize = 16 * 1024;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum TextError {
    #[error("{field} skal udfyldes")]
    Empty { field: &'static str },
    #[error("{field} er for lang: højst {max} bytes, fik {actual}")]
    TooLong {
        field: &'static str,
        max: usize,
        actual: usize,
    },
    #[error("{field} indeholder ugyldige kontroltegn")]
    ControlCharacters { field: &'static str },
}

/// Normalises to NFC and trims. Empty input is allowed (an optional field).
pub fn normalize(input: &str, field: &'static str, max: usize) -> Result<String, TextError> {
    let s: String = input.nfc().collect::<String>().trim().to_string();
    if s.len() > max {
        return Err(TextError::TooLong {
            field,
            max,
            actual: s.len(),
        });
    }
    if s.chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\r' && c != '\t') || is_bidi_control(c))
    {
        return Err(TextError::ControlCharacters { field });
    }
    Ok(s)
}

/// The characters that override or isolate the direction of the text after
/// them (U+202A–U+202E, U+2066–U+2069). Nobody types them; in a name they
/// make one citizen look like another ("Trojan source"). Right-to-left
/// text needs none of them, so they are refused everywhere.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// As [`normalize`], but the result must not be empty.
pub fn required(input: &str, field: &'static str, max: usize) -> Result<String, TextError> {
    let s = normalize(input, field, max)?;
    if s.is_empty() {
        return Err(TextError::Empty { field });
    }
    Ok(s)
}

/// Optional text: `None` for empty.
pub fn optional(
    input: Option<&str>,
    field: &'static str,
    max: usize,
) -> Result<Option<String>, TextError> {
    match input {
        None => Ok(None),
        Some(s) => {
            let s = normalize(s, field, max)?;
            Ok((!s.is_empty()).then_some(s))
        }
    }
}

/// A key for case-insensitive search: NFC, lower case.
pub fn search_key(s: &str) -> String {
    s.nfc().collect::<String>().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_overrides_are_refused_and_arabic_is_kept() {
        for spoof in ["Karen\u{202E}nesneraK", "\u{2067}Bo\u{2069}", "A\u{202A}B"] {
            assert_eq!(
                required(spoof, "name", SHORT_MAX_BYTES),
                Err(TextError::ControlCharacters { field: "name" }),
                "{spoof:?}"
            );
        }
        let arabic = "سارة أحمد";
        assert_eq!(
            required(arabic, "name", SHORT_MAX_BYTES).as_deref(),
            Ok(arabic)
        );
    }

    #[test]
    fn nfc_and_trim() {
        // "Søren" with a combining ring: a + U+030A → å
        let s = required("  Ha\u{30A}kon ", "name", 50).unwrap();
        assert_eq!(s, "H\u{e5}kon");
    }

    #[test]
    fn limits() {
        assert!(matches!(
            required("", "name", 5),
            Err(TextError::Empty { .. })
        ));
        assert!(matches!(
            required("abcdef", "name", 5),
            Err(TextError::TooLong { actual: 6, .. })
        ));
        let big = "x".repeat(JOURNAL_MAX_BYTES);
        assert!(required(&big, "text", JOURNAL_MAX_BYTES).is_ok());
        let big = "x".repeat(JOURNAL_MAX_BYTES + 1);
        assert!(required(&big, "text", JOURNAL_MAX_BYTES).is_err());
        assert!(required("a\u{0}b", "text", 10).is_err());
        assert_eq!(required("<b>x</b>", "text", 20).unwrap(), "<b>x</b>");
    }

    #[test]
    fn search_key_lowercases() {
        assert_eq!(search_key("ÆbLe"), "æble");
    }
}
