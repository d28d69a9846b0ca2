//! The one catalogue of text: `crates/web/i18n/LANG.txt`, one `key = text`
//! a line (`#` starts a comment), built into the binary. Staff pages are in
//! Danish and English; the citizen's own pages (the `citizen.` keys) also in
//! every other language the citizen can choose. A text missing in a
//! language falls back to Danish; the tests below make sure none is missing
//! where it is needed.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The languages, Danish first, with their files.
const FILES: &[(&str, &str)] = &[
    ("da", include_str!("../../i18n/da.txt")),
    ("en", include_str!("../../i18n/en.txt")),
    ("ar", include_str!("../../i18n/ar.txt")),
];

/// The citizen's languages: every `citizen.` key is in each of them.
pub const CITIZEN_LANGUAGES: &[&str] = &["da", "en", "ar"];

type Texts = HashMap<&'static str, &'static str>;

static CATALOGUE: LazyLock<HashMap<&'static str, Texts>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(lang, file)| (*lang, parse(file).into_iter().collect()))
        .collect()
});

/// The lines of a file as (key, text), in order (duplicates kept, for the
/// tests to find).
fn parse(file: &'static str) -> Vec<(&'static str, &'static str)> {
    file.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = "))
        .map(|(k, v)| (k.trim(), v))
        .collect()
}

/// The text of `key` in `lang`, else in Danish, else `??`.
pub fn text(lang: &str, key: &str) -> &'static str {
    find(lang, key).unwrap_or("??")
}

/// The text of `key` in `lang`, else in Danish, if the catalogue has it.
pub fn find(lang: &str, key: &str) -> Option<&'static str> {
    let look = |lang: &str| CATALOGUE.get(lang).and_then(|t| t.get(key)).copied();
    look(lang).or_else(|| look("da"))
}

/// Whether `lang` itself has a text for `key` (no fallback).
pub fn has(lang: &str, key: &str) -> bool {
    CATALOGUE.get(lang).is_some_and(|t| t.contains_key(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(lang: &str) -> Vec<&'static str> {
        let file = FILES.iter().find(|(l, _)| *l == lang).unwrap().1;
        parse(file).into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn every_line_is_a_key_and_a_text_and_no_key_is_there_twice() {
        for (lang, file) in FILES {
            for l in file.lines() {
                if l.trim().is_empty() || l.starts_with('#') {
                    continue;
                }
                let (k, v) = l.split_once(" = ").unwrap_or_else(|| panic!("{lang}: {l}"));
                assert!(
                    !k.is_empty()
                        && k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)),
                    "{lang}: key {k:?}"
                );
                assert!(!v.trim().is_empty(), "{lang}: {k} has no text");
            }
            let mut all = keys(lang);
            let n = all.len();
            all.sort_unstable();
            all.dedup();
            assert_eq!(n, all.len(), "{lang}: a key is listed twice");
        }
    }

    #[test]
    fn every_key_exists_in_every_language_of_its_readers() {
        let da = keys("da");
        let en = keys("en");
        let only = |a: &[&str], b: &[&str]| -> Vec<String> {
            a.iter()
                .filter(|k| !b.contains(k))
                .map(|k| k.to_string())
                .collect()
        };
        assert!(
            only(&da, &en).is_empty(),
            "not in English: {:?}",
            only(&da, &en)
        );
        assert!(
            only(&en, &da).is_empty(),
            "not in Danish: {:?}",
            only(&en, &da)
        );
        let citizen: Vec<&str> = da
            .iter()
            .copied()
            .filter(|k| k.starts_with("citizen."))
            .collect();
        assert!(citizen.len() > 20, "the citizen's pages have their texts");
        for lang in CITIZEN_LANGUAGES {
            let theirs = keys(lang);
            assert!(
                only(&citizen, &theirs).is_empty(),
                "{lang} lacks {:?}",
                only(&citizen, &theirs)
            );
            let staff: Vec<&&str> = theirs.iter().filter(|k| !da.contains(k)).collect();
            assert!(staff.is_empty(), "{lang} has keys Danish lacks: {staff:?}");
        }
    }

    /// Every `t("key")`, `say("key")`, `say_with("key", …)` and
    /// `lang.fill("key", …)` in the
    /// templates and the code has a text. The
    /// citizen's pages ask for their keys without the `citizen.` prefix.
    #[test]
    fn every_used_key_has_a_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("templates"), root.join("src")];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    dirs.push(p);
                } else {
                    files.push(p);
                }
            }
        }
        // The citizen's own pages ask with `tx.t("…")` for `citizen.…` keys.
        let citizen_pages = [
            root.join("src").join("selfservice"),
            root.join("src").join("my_plan"),
        ];
        let da = keys("da");
        let mut missing = Vec::new();
        let mut used = 0;
        // This file names the calls it looks for; it asks for no text.
        files.retain(|f| !f.ends_with("i18n/catalogue.rs"));
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap();
            let prefix = if citizen_pages.iter().any(|p| f.starts_with(p)) {
                "citizen."
            } else {
                ""
            };
            let asked = text
                .split(".t(\"")
                .skip(1)
                .map(|part| format!("{prefix}{}", part.split('"').next().unwrap_or_default()))
                .chain(
                    // The headings of exports: `export::headers(&["key", …])`.
                    text.split("export::headers(&[").skip(1).flat_map(|part| {
                        let list = part.split(']').next().unwrap_or_default();
                        list.split('"')
                            .skip(1)
                            .step_by(2)
                            .map(String::from)
                            .collect::<Vec<_>>()
                    }),
                )
                .chain(
                    ["say(\"", "say_with(\"", "export::header(\"", ".fill(\""]
                        .iter()
                        .flat_map(|call| text.split(call).skip(1))
                        .map(|part| part.split('"').next().unwrap_or_default().to_string()),
                );
            for key in asked {
                used += 1;
                if !da.contains(&key.as_str()) {
                    missing.push(format!("{}: {key}", f.display()));
                }
            }
        }
        assert!(used > 500, "the scan found the templates ({used} uses)");
        assert!(missing.is_empty(), "keys without text: {missing:#?}");
    }

    /// The domain and the web name their messages by key: every string
    /// literal that looks like a message key (`invalid.…`, `error.…`,
    /// `field.…`, …) has a text, and so has every text field the code
    /// validates (`text::required(x, "name", …)` is said as `field.name`).
    #[test]
    fn every_message_key_and_field_has_a_text() {
        const PREFIXES: &[&str] = &[
            "invalid.",
            "error.",
            "field.",
            "conflict.",
            "refusal.",
            "baseline.",
            "agenda.",
            "note_template.",
        ];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("src"), root.join("../domain/src")];
        let mut files = Vec::new();
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    files.push(p);
                }
            }
        }
        files.retain(|f| !f.ends_with("i18n/catalogue.rs"));
        let (da, en) = (keys("da"), keys("en"));
        let mut missing = Vec::new();
        let (mut messages, mut fields) = (0, 0);
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap();
            for literal in text.split('"').skip(1).step_by(2) {
                if PREFIXES.iter().any(|p| literal.starts_with(p))
                    && literal.len() > 8
                    && !literal.ends_with(".html")
                    && literal
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
                {
                    messages += 1;
                    if !da.contains(&literal) || !en.contains(&literal) {
                        missing.push(format!("{}: {literal}", f.display()));
                    }
                }
            }
            // Tests call these with made-up values.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for call in ["required(", "normalize(", "long("] {
                for part in code.split(call).skip(1) {
                    let args: String = part.chars().take_while(|c| *c != ')').collect();
                    let Some(field) = args.split('"').nth(1) else {
                        continue;
                    };
                    if field.is_empty()
                        || !field.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    {
                        continue;
                    }
                    fields += 1;
                    let key = format!("field.{field}");
                    if !da.contains(&key.as_str()) || !en.contains(&key.as_str()) {
                        missing.push(format!("{}: {key}", f.display()));
                    }
                }
            }
        }
        assert!(messages > 150, "the scan found the messages ({messages})");
        assert!(fields > 40, "the scan found the text fields ({fields})");
        assert!(missing.is_empty(), "without text: {missing:#?}");
    }

    #[test]
    fn a_missing_text_falls_back_to_danish() {
        assert_eq!(text("ar", "login"), text("da", "login"));
        assert_eq!(text("en", "login"), "Log in");
        assert_eq!(text("en", "no such key"), "??");
    }
}
