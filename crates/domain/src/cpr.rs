//! Danish CPR numbers (DDMMYY-SSSS).
//!
//! The century comes from the 7th digit (the first of the serial part):
//! 0–3 → 1900–1999; 4 or 9 → 2000–2036 when YY ≤ 36, else 1937–1999;
//! 5–8 → 2000–2057 when YY ≤ 57, else 1858–1899. The date must exist in that
//! century. Modulus 11 is only a warning: numbers issued since 2007 may fail it.
//!
//! A `Cpr` never prints its full number through `Display` or `Debug`; use
//! [`Cpr::masked`] for display and [`Cpr::full`] only where the whole number is
//! needed (storage, the citizen's own page, an explicit reveal).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CprError {
    #[error("CPR-nummeret skal have 10 cifre (DDMMÅÅSSSS eller DDMMÅÅ-SSSS); der er {0}")]
    WrongLength(usize),
    #[error(
        "CPR-nummeret må kun indeholde cifrene 0-9 og en bindestreg efter de første seks cifre"
    )]
    InvalidCharacters,
    #[error("CPR-nummerets fødselsdato findes ikke")]
    ImpossibleDate,
}

/// Something to tell the user while still accepting the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CprWarning {
    /// Fails the modulus-11 check; normal for numbers issued since 2007.
    Modulus11,
}

impl CprWarning {
    pub fn message(self) -> &'static str {
        match self {
            CprWarning::Modulus11 => {
                "CPR-nummeret består ikke modulus 11-kontrollen. Det er gyldigt for numre udstedt efter 2007, men kontrollér det."
            }
        }
    }
}

#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Cpr {
    digits: [u8; 10],
}

impl Cpr {
    /// Parses `DDMMYYSSSS` or `DDMMYY-SSSS`, ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<(Cpr, Option<CprWarning>), CprError> {
        let s = input.trim();
        if !s.chars().all(|c| c.is_ascii_digit() || c == '-') {
            return Err(CprError::InvalidCharacters);
        }
        let digits_only: String = match s.find('-') {
            None => s.to_string(),
            Some(6) if s.matches('-').count() == 1 => s.replace('-', ""),
            Some(_) => return Err(CprError::InvalidCharacters),
        };
        if digits_only.len() != 10 {
            return Err(CprError::WrongLength(digits_only.len()));
        }
        let mut digits = [0u8; 10];
        for (i, b) in digits_only.bytes().enumerate() {
            digits[i] = b - b'0';
        }
        let cpr = Cpr { digits };
        cpr.birth_date().ok_or(CprError::ImpossibleDate)?;
        let warning = (!cpr.passes_modulus11()).then_some(CprWarning::Modulus11);
        Ok((cpr, warning))
    }

    fn two(&self, i: usize) -> u32 {
        u32::from(self.digits[i]) * 10 + u32::from(self.digits[i + 1])
    }

    /// The full year of birth, from the century table.
    pub fn birth_year(&self) -> i32 {
        let yy = self.two(4) as i32;
        let century = match self.digits[6] {
            0..=3 => 1900,
            4 | 9 => {
                if yy <= 36 {
                    2000
                } else {
                    1900
                }
            }
            _ => {
                if yy <= 57 {
                    2000
                } else {
                    1800
                }
            }
        };
        century + yy
    }

    pub fn birth_date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.birth_year(), self.two(2), self.two(0))
    }

    pub fn passes_modulus11(&self) -> bool {
        const W: [u32; 10] = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
        let sum: u32 = self
            .digits
            .iter()
            .zip(W)
            .map(|(d, w)| u32::from(*d) * w)
            .sum();
        sum.is_multiple_of(11)
    }

    /// `DDMMYY-SSSS`, for storage and the few places that need the whole number.
    pub fn full(&self) -> String {
        let d: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
        format!("{}-{}", &d[..6], &d[6..])
    }

    /// `DDMMYY-xxxx`: safe to show in lists.
    pub fn masked(&self) -> String {
        format!("{}-xxxx", &self.full()[..6])
    }

    pub fn age_on(&self, date: NaiveDate) -> Option<u32> {
        let born = self.birth_date()?;
        date.years_since(born)
    }
}

impl fmt::Display for Cpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for Cpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cpr({})", self.masked())
    }
}

impl TryFrom<String> for Cpr {
    type Error = CprError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Cpr::parse(&value).map(|(c, _)| c)
    }
}

impl From<Cpr> for String {
    fn from(c: Cpr) -> String {
        c.full()
    }
}

/// The separators people type inside a CPR number: `250380-1714`,
/// `250380 1714`, `25.03.80-1714`, `25/03/80 1714`.
fn is_separator(c: char) -> bool {
    matches!(c, '-' | ' ' | '.' | '/' | '\u{a0}')
}

/// The digits of text that looks like an attempt at a CPR number (6 to 10
/// digits, with separators anywhere or none); `None` for anything else.
/// Used to decide whether a search box holds a CPR or a name, and to mask it.
pub fn typed_digits(s: &str) -> Option<String> {
    let t = s.trim();
    if t.is_empty() || t.len() > 16 || !t.chars().all(|c| c.is_ascii_digit() || is_separator(c)) {
        return None;
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    (6..=10).contains(&digits.len()).then_some(digits)
}

/// True when the text looks like an attempt at a CPR number.
pub fn looks_like_cpr(s: &str) -> bool {
    typed_digits(s).is_some()
}

/// The text with every run that could be a whole CPR number (ten digits,
/// with separators inside or none, not part of a longer number) masked to
/// `DDMMYY-xxxx`: for text that is stored where no full CPR number may be,
/// such as the audit log. Masks again until nothing more could be one, so
/// masked text never holds a CPR number (it may mask a little more than one).
pub fn redact(text: &str) -> std::borrow::Cow<'_, str> {
    let Some(mut out) = mask_once(text) else {
        return std::borrow::Cow::Borrowed(text);
    };
    while let Some(again) = mask_once(&out) {
        out = again;
    }
    std::borrow::Cow::Owned(out)
}

/// One pass of [`redact`]; `None` when it masks nothing.
fn mask_once(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        // A run starts at a digit not preceded by a digit, and takes up to
        // ten digits with separators between them.
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let mut j = i;
            let mut digits = String::new();
            while j < chars.len()
                && digits.len() < 10
                && (chars[j].is_ascii_digit() || (is_separator(chars[j]) && !digits.is_empty()))
            {
                if chars[j].is_ascii_digit() {
                    digits.push(chars[j]);
                }
                j += 1;
            }
            // Trailing separators are not part of the number.
            while j > i && !chars[j - 1].is_ascii_digit() {
                j -= 1;
            }
            // Ten digits not running on into an eleventh: a number of its own.
            if digits.len() == 10 && chars.get(j).is_none_or(|c| !c.is_ascii_digit()) {
                out.push_str(&digits[..6]);
                out.push_str("-xxxx");
                changed = true;
                i = j;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpr_numbers_typed_with_separators_are_recognised_and_masked() {
        for typed in [
            "250380-1714",
            "2503801714",
            "250380 1714",
            "25.03.80-1714",
            "25/03/80 1714",
            " 250380\u{a0}1714 ",
        ] {
            assert_eq!(
                typed_digits(typed).as_deref(),
                Some("2503801714"),
                "{typed:?}"
            );
            assert_eq!(
                redact(&format!("CPR: {}", typed.trim())),
                "CPR: 250380-xxxx",
                "{typed:?}"
            );
        }
        assert_eq!(typed_digits("250380").as_deref(), Some("250380"));
        assert_eq!(typed_digits("Karen 1714"), None);
        assert_eq!(typed_digits("12345"), None);
        // Not a whole CPR number: left as it is.
        for keep in [
            "ordre 12345",
            "tlf 12 34 56 78",
            "2026-12-07",
            "12345678901",
        ] {
            assert_eq!(redact(keep), keep, "{keep}");
        }
        assert!(matches!(
            redact("navn: Karen"),
            std::borrow::Cow::Borrowed(_)
        ));
        // Found by fuzzing: two numbers typed with spaces between them ran
        // together into one run of 11 digits and the first stayed whole.
        assert_eq!(
            redact(" 25.03.80 1714  25.03.80 1714 "),
            " 250380-xxxx  250380-xxxx "
        );
        assert_eq!(redact("2503801714 2503801714"), "250380-xxxx 250380-xxxx");
        assert_eq!(redact("CPR 2503801714 1 gang"), "CPR 250380-xxxx 1 gang");
        // Masking again changes nothing.
        for t in ["1234 2503801714", "12 2503801714 34", "250380-xxxx"] {
            let once = redact(t).into_owned();
            assert_eq!(redact(&once), once, "{t}");
        }
    }

    fn ok(s: &str) -> Cpr {
        Cpr::parse(s).expect(s).0
    }

    #[test]
    fn century_table() {
        assert_eq!(ok("010136-4000").birth_year(), 2036);
        assert_eq!(ok("010137-4000").birth_year(), 1937);
        assert_eq!(ok("010180-9000").birth_year(), 1980);
        assert_eq!(ok("010110-9000").birth_year(), 2010);
        assert_eq!(ok("010157-5000").birth_year(), 2057);
        assert_eq!(ok("010158-5000").birth_year(), 1858);
        assert_eq!(ok("010199-3000").birth_year(), 1999);
        assert_eq!(ok("010100-0000").birth_year(), 1900);
    }

    #[test]
    fn impossible_dates() {
        assert_eq!(
            Cpr::parse("310299-1234").unwrap_err(),
            CprError::ImpossibleDate
        );
        assert_eq!(
            Cpr::parse("320180-1234").unwrap_err(),
            CprError::ImpossibleDate
        );
        // 1900 is not a leap year; 2000 is.
        assert_eq!(
            Cpr::parse("290200-1234").unwrap_err(),
            CprError::ImpossibleDate
        );
        assert!(Cpr::parse("290200-4234").is_ok());
        // 1858..1899 via 5-8: 1897 not leap.
        assert_eq!(
            Cpr::parse("290297-5234").unwrap_err(),
            CprError::ImpossibleDate
        );
        assert_eq!(Cpr::parse("290296-5234").unwrap().0.birth_year(), 1896);
    }

    #[test]
    fn modulus11_is_a_warning() {
        // 070761-4285 passes mod 11 (4*0+3*7+2*0+7*7+6*6+5*1+4*4+3*2+2*8+5 = 154 = 14*11).
        let (c, w) = Cpr::parse("070761-4285").unwrap();
        assert!(c.passes_modulus11());
        assert_eq!(w, None);
        let (_, w) = Cpr::parse("070761-4286").unwrap();
        assert_eq!(w, Some(CprWarning::Modulus11));
    }

    #[test]
    fn formats() {
        assert_eq!(ok("2503801714").full(), "250380-1714");
        assert_eq!(ok("250380-1714").masked(), "250380-xxxx");
        assert_eq!(format!("{}", ok("250380-1714")), "250380-xxxx");
        assert_eq!(format!("{:?}", ok("250380-1714")), "Cpr(250380-xxxx)");
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        assert_eq!(
            Cpr::parse("250380171").unwrap_err(),
            CprError::WrongLength(9)
        );
        assert_eq!(
            Cpr::parse("25038017145").unwrap_err(),
            CprError::WrongLength(11)
        );
        assert_eq!(
            Cpr::parse("25038O-1714").unwrap_err(),
            CprError::InvalidCharacters
        );
        assert_eq!(
            Cpr::parse("２５０３８０-１７１４").unwrap_err(),
            CprError::InvalidCharacters
        );
        assert_eq!(
            Cpr::parse("2503-801714").unwrap_err(),
            CprError::InvalidCharacters
        );
        assert_eq!(
            Cpr::parse("250380--1714").unwrap_err(),
            CprError::InvalidCharacters
        );
        assert!(Cpr::parse("").is_err());
    }

    #[test]
    fn detects_cpr_like_search() {
        assert!(looks_like_cpr("250380-1714"));
        assert!(looks_like_cpr("250380"));
        assert!(!looks_like_cpr("Karen"));
    }
}
