//! What each fuzz target checks, on any input: the parser must not panic,
//! and what it accepts must hold its promises (in range, read back the
//! same, accepted again by the check the stored data goes through). The
//! targets in `fuzz_targets/` call these; the tests below replay the seeds
//! in `seeds/` through them on the stable toolchain.

use chrono::{Datelike, NaiveDate};
use jobspor_domain::catalogue::{format_kroner, parse_kroner};
use jobspor_domain::conference::{local_instant, parse_agreed};
use jobspor_domain::cpr::{self, Cpr};
use jobspor_domain::document::{check_content, clean_filename, ALLOWED_TYPES};
use jobspor_domain::evaluation::comparison::parse_comparison;
use jobspor_domain::evaluation::register::{parse_register, parse_week};
use jobspor_domain::icf::{Classification, Component, IcfCode, Qualifier};
use jobspor_domain::progression::{parse_rating, parse_thresholds, QuestionStyle};
use jobspor_domain::questionnaire::shipped::DEFINITIONS;
use jobspor_domain::questionnaire::{Answers, Definition};
use jobspor_domain::text;
use jobspor_domain::time::{format_date, parse_calendar_date, parse_date};
use std::sync::OnceLock;

fn utf8(data: &[u8]) -> &str {
    std::str::from_utf8(data).unwrap_or("")
}

/// CPR numbers as typed in forms, searches and imports, and the masking of
/// them in text stored where no full CPR number may be.
pub fn cpr(data: &[u8]) {
    let s = utf8(data);
    if let Ok((c, _)) = Cpr::parse(s) {
        let full = c.full();
        assert_eq!(full.len(), 11);
        let again = Cpr::parse(&full).expect("a parsed CPR reads back").0;
        assert_eq!(again.full(), full);
        assert_eq!(c.masked(), format!("{}-xxxx", &full[..6]));
        assert!(c.birth_date().is_some());
    }
    if let Some(d) = cpr::typed_digits(s) {
        assert!((6..=10).contains(&d.len()));
        assert!(d.bytes().all(|b| b.is_ascii_digit()));
        if d.len() == 10 {
            // A whole CPR number typed any way is masked to its birth date.
            let shown: String = cpr::redact(s)
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            assert_eq!(shown, d[..6]);
        }
    }
    let once = cpr::redact(s).into_owned();
    assert_eq!(cpr::redact(&once), once, "masking twice changes nothing");
}

/// Dates as typed in forms and the API, and the weeks of the register.
pub fn dates(data: &[u8]) {
    let s = utf8(data);
    if let Some(d) = parse_date(s) {
        assert!((1900..=2099).contains(&d.year()));
        assert_eq!(parse_date(&d.format("%Y-%m-%d").to_string()), Some(d));
        assert_eq!(parse_date(&format_date(d)), Some(d));
        assert_eq!(parse_calendar_date(s), Some(d));
    }
    let _ = parse_calendar_date(s);
    if let Some(monday) = parse_week(s) {
        assert_eq!(monday.weekday(), chrono::Weekday::Mon);
    }
    // A conference time: the date and the clock split at the first space.
    let (date, time) = s.split_once(' ').unwrap_or((s, ""));
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date");
    let _ = local_instant(date, time, today);
}

/// Ratings (0–10, or −2…+2 for goal attainment), progression thresholds,
/// prices in kroner and agreed interventions, as typed in forms.
pub fn ratings(data: &[u8]) {
    let s = utf8(data);
    for style in QuestionStyle::ALL {
        if let Ok(v) = parse_rating(s, style) {
            let (min, max) = style.range();
            assert!((min..=max).contains(&v));
        }
    }
    let mut parts = s.splitn(3, '\n');
    let (a, b, c) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    if let Ok(t) = parse_thresholds(a, b, c) {
        assert!((1..=10).contains(&t.min_change));
        assert!((1..=20).contains(&t.after_measurements));
    }
    if let Ok(ore) = parse_kroner(s) {
        assert!(ore >= 0);
        assert_eq!(parse_kroner(&format_kroner(ore)), Ok(ore));
    }
    if let Ok(agreed) = parse_agreed(s) {
        assert!(agreed.len() <= 20);
        assert!(agreed
            .iter()
            .all(|a| !a.intervention.is_empty() && !a.goal.is_empty()));
    }
}

/// The definitions Jobspor ships, parsed once.
fn shipped() -> &'static [Definition] {
    static DEFS: OnceLock<Vec<Definition>> = OnceLock::new();
    DEFS.get_or_init(|| {
        DEFINITIONS
            .iter()
            .map(|(name, json)| Definition::parse(json, name).expect("a shipped definition"))
            .collect()
    })
}

/// Scores answers every item of which has passed its check; nothing may
/// panic, and the visible answers are a part of the answers.
fn score(def: &Definition, answers: &Answers) {
    let _ = def.score(answers);
    let _ = def.missing(answers);
    let visible = def.visible_answers(answers);
    assert!(visible.keys().all(|k| answers.contains_key(k)));
}

/// A questionnaire definition as an administrator uploads it (JSON). One
/// that passes is checked again, and scored with no answers.
pub fn questionnaire_definition(data: &[u8]) {
    let s = utf8(data);
    if let Ok(def) = Definition::parse(s, "fuzz") {
        assert!(
            def.check("fuzz").is_ok(),
            "a parsed definition passes its check"
        );
        score(&def, &Answers::new());
    }
}

/// Answers as the API takes them (JSON, item → typed value), checked item
/// by item against each shipped definition and then scored.
pub fn questionnaire_answers(data: &[u8]) {
    let Ok(answers) = serde_json::from_slice::<Answers>(data) else {
        return;
    };
    for def in shipped() {
        let ok = answers
            .iter()
            .all(|(k, v)| def.item(k).is_some_and(|i| i.check(v).is_ok()));
        if ok {
            score(def, &answers);
        }
    }
}

/// A questionnaire page's form as posted (`application/x-www-form-
/// urlencoded`), read the way the page reads it, for every page of every
/// shipped definition. What the form accepts must pass the item's check,
/// and free text is normalised as everywhere else.
pub fn form_bodies(data: &[u8]) {
    let Ok(form) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(data) else {
        return;
    };
    for def in shipped() {
        let mut answers = Answers::new();
        for page in 0..def.pages.len() {
            let read = def.read_page(page, &form).expect("the page exists");
            for (k, v) in &read.given {
                let item = def.item(k).expect("read only the page's items");
                assert!(item.check(v).is_ok(), "an answer read is an answer checked");
            }
            answers.extend(read.given);
        }
        assert!(def.read_page(def.pages.len(), &form).is_none());
        score(def, &answers);
    }
    for (_, v) in &form {
        if let Ok(t) = text::normalize(v, "field", text::MEDIUM_MAX_BYTES) {
            assert!(t.len() <= text::MEDIUM_MAX_BYTES);
            assert!(!t.chars().any(text::is_bidi_control));
            assert_eq!(text::normalize(&t, "field", text::MEDIUM_MAX_BYTES), Ok(t));
        }
    }
}

/// The benefit register import (CSV).
pub fn register_csv(data: &[u8]) {
    let latest = NaiveDate::from_ymd_opt(2026, 12, 7).expect("a Monday");
    if let Ok(lines) = parse_register(data, latest) {
        for l in lines {
            assert!(l.from <= l.to && l.to <= latest);
            assert!(!l.benefit.is_empty());
        }
    }
}

/// A comparison group's curve for the economics baseline (CSV).
pub fn comparison_csv(data: &[u8]) {
    if let Ok(points) = parse_comparison(data) {
        assert!(!points.is_empty());
        for w in points.windows(2) {
            assert!(w[0].0 < w[1].0, "weeks rise");
            assert!(w[1].1 <= w[0].1 + 1e-12, "shares never rise");
        }
        assert!(points.iter().all(|p| (0.0..=1.0).contains(&p.1)));
    }
}

/// The ICF classification import (CSV), codes and qualifiers as typed.
pub fn icf_csv(data: &[u8]) {
    let s = utf8(data);
    if let Ok(c) = Classification::from_csv(s, "fuzz") {
        for cat in c.categories() {
            assert_eq!(IcfCode::parse(cat.code.as_str()).as_ref(), Ok(&cat.code));
        }
        let _ = c.search(s, 10);
    }
    for line in s.lines().take(64) {
        let (code, qualifier) = line.split_once('.').unwrap_or((line, ""));
        if let Ok(c) = IcfCode::parse(code) {
            assert_eq!(IcfCode::parse(c.as_str()).as_ref(), Ok(&c));
            let mut up = c.parent();
            let mut steps = 0;
            while let Some(p) = up {
                steps += 1;
                assert!(steps < 8 && p.level() < c.level());
                up = p.parent();
            }
        }
        for component in Component::ALL {
            if let Ok(q) = Qualifier::parse(component, qualifier) {
                assert_eq!(Qualifier::parse(component, &q.notation()), Ok(q));
            }
        }
    }
}

/// An uploaded document: its declared type, its name and its bytes. The
/// first line is the type, the second the file name, the rest the content.
pub fn uploads(data: &[u8]) {
    let mut parts = data.splitn(3, |b| *b == b'\n');
    let ct = utf8(parts.next().unwrap_or(b""));
    let name = utf8(parts.next().unwrap_or(b""));
    let bytes = parts.next().unwrap_or(b"");
    if let Ok(t) = check_content(ct, bytes) {
        assert!(ALLOWED_TYPES.contains(&t));
    }
    if let Ok(n) = clean_filename(name) {
        assert!(!n.is_empty() && n.len() <= 200);
        assert!(!n.contains(['/', '\\', '"', ';']) && !n.chars().any(char::is_control));
    }
}

#[cfg(test)]
mod seeds {
    type Target = fn(&[u8]);

    const TARGETS: [(&str, Target); 10] = [
        ("cpr", super::cpr),
        ("dates", super::dates),
        ("ratings", super::ratings),
        ("questionnaire_definition", super::questionnaire_definition),
        ("questionnaire_answers", super::questionnaire_answers),
        ("form_bodies", super::form_bodies),
        ("register_csv", super::register_csv),
        ("comparison_csv", super::comparison_csv),
        ("icf_csv", super::icf_csv),
        ("uploads", super::uploads),
    ];

    /// Every committed seed of every target goes through its checks; each
    /// target has seeds.
    #[test]
    fn every_seed_passes_its_target() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for (name, target) in TARGETS {
            let dir = root.join(name);
            let mut n = 0;
            for entry in std::fs::read_dir(&dir).expect("a seed folder per target") {
                let path = entry.expect("a seed").path();
                target(&std::fs::read(&path).expect("a readable seed"));
                n += 1;
            }
            assert!(n > 0, "{name} has no seeds");
        }
    }
}
