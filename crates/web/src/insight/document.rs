//! The export as files: JSON for another system (GDPR art. 20) and a PDF a
//! person can read (art. 15). The JSON keeps every stored value, codes as
//! codes and files in base64; the PDF gives each section and field its
//! words, codes their words, staff their names, and leaves out the ids that
//! only tie rows together.

use crate::error::WebError;
use crate::i18n::{catalogue, format, Lang};
use crate::pdf::Block;
use base64::Engine;
use jobspor_domain::insight::{field, Insight, Value};
use serde_json::{json, Map};

/// The JSON export's format name; a reader checks it before reading on.
pub const FORMAT: &str = "jobspor.insight.v1";

/// The whole export as JSON: `{format, municipality, produced_at,
/// sections: {KEY: [ {COLUMN: value, …}, … ]}}`.
pub fn json(i: &Insight) -> serde_json::Value {
    let sections: Map<String, serde_json::Value> = i
        .sections
        .iter()
        .map(|s| {
            let rows = s
                .rows
                .iter()
                .map(|r| {
                    let fields: Map<String, serde_json::Value> = r
                        .iter()
                        .map(|f| (f.name.to_string(), json_value(&f.value)))
                        .collect();
                    serde_json::Value::Object(fields)
                })
                .collect();
            (s.key.to_string(), serde_json::Value::Array(rows))
        })
        .collect();
    json!({
        "format": FORMAT,
        "municipality": i.municipality,
        "produced_at": i.produced_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "sections": sections,
    })
}

fn json_value(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Text(s) | Value::Long(s) | Value::Id(s) => json!(s),
        Value::Code { code, .. } => json!(code),
        Value::Int(n) => json!(n),
        Value::Flag(b) => json!(b),
        Value::Date(d) => json!(d.format("%Y-%m-%d").to_string()),
        Value::Instant(t) => json!(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        // Stored JSON stays structured; text that is not JSON stays text.
        Value::Json(s) => serde_json::from_str(s).unwrap_or_else(|_| json!(s)),
        Value::Bytes(b) => json!(base64::engine::general_purpose::STANDARD.encode(b)),
    }
}

/// The citizen's name, for titles.
pub fn citizen_name(i: &Insight) -> String {
    i.section("citizen")
        .and_then(|s| s.rows.first())
        .and_then(|r| match field(r, "name") {
            Some(Value::Text(n)) => Some(n.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// A section's title in words.
pub fn section_title(lang: Lang, key: &str) -> &'static str {
    lang.t(&format!("insight.section.{key}"))
}

fn field_label(lang: Lang, name: &str) -> &'static str {
    lang.t(&format!("insight.field.{name}"))
}

/// A value as a person reads it; `None` for what is not shown (nothing
/// stored, ids, a file's bytes). The referral's sections get their words.
fn shown(lang: Lang, name: &str, v: &Value) -> Option<String> {
    Some(match v {
        Value::Null | Value::Id(_) | Value::Bytes(_) => return None,
        Value::Text(s) | Value::Long(s) => {
            if s.trim().is_empty() {
                return None;
            }
            s.clone()
        }
        Value::Int(n) => n.to_string(),
        Value::Flag(b) => lang.t(if *b { "yes" } else { "no" }).to_string(),
        Value::Date(d) => format::date_in(lang, *d),
        Value::Instant(t) => format::datetime_in(lang, *t),
        // A code no catalogue knows any more is shown as it was recorded.
        Value::Code { kind, code } => catalogue::find(lang.code(), &format!("{kind}.{code}"))
            .map(str::to_string)
            .unwrap_or_else(|| code.clone()),
        Value::Json(s) => {
            let words = |key: &str| match name {
                "referral" => catalogue::find(lang.code(), &format!("referral_section.{key}")),
                _ => None,
            };
            let text = readable_json(s, &words);
            if text.trim().is_empty() {
                return None;
            }
            text
        }
    })
}

/// Stored JSON as lines of text: an object's entries as "key: value" (the
/// key in `words` where it has them), a list's items one a line.
fn readable_json(s: &str, words: &dyn Fn(&str) -> Option<&'static str>) -> String {
    let key = |k: &String| words(k).map(str::to_string).unwrap_or_else(|| k.clone());
    fn flat(v: &serde_json::Value) -> String {
        match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            serde_json::Value::Array(a) => a.iter().map(flat).collect::<Vec<_>>().join("; "),
            serde_json::Value::Object(o) => o
                .iter()
                .map(|(k, v)| format!("{k}: {}", flat(v)))
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        }
    }
    match serde_json::from_str::<serde_json::Value>(s) {
        Ok(serde_json::Value::Object(o)) => o
            .iter()
            .map(|(k, v)| format!("{}: {}", key(k), flat(v)))
            .collect::<Vec<_>>()
            .join("\n"),
        Ok(serde_json::Value::Array(a)) => a.iter().map(flat).collect::<Vec<_>>().join("\n"),
        Ok(v) => flat(&v),
        Err(_) => s.to_string(),
    }
}

/// The readable document: what it is, then each section that holds
/// something, row by row, and last the kinds of data held about no one
/// of them.
pub fn blocks(lang: Lang, i: &Insight) -> Vec<Block> {
    let name = citizen_name(i);
    let mut out = vec![
        Block::Heading(1, format!("{}: {name}", lang.t("insight.title"))),
        Block::Paragraph(lang.fill(
            "insight.made",
            &[
                ("municipality", &i.municipality),
                ("at", &format::datetime_in(lang, i.produced_at)),
            ],
        )),
        Block::Paragraph(lang.t("insight.pdf_intro").to_string()),
    ];
    let mut empty = Vec::new();
    for s in &i.sections {
        if s.rows.is_empty() {
            empty.push(section_title(lang, s.key));
            continue;
        }
        out.push(Block::Heading(
            2,
            format!("{} ({})", section_title(lang, s.key), s.rows.len()),
        ));
        for (n, row) in s.rows.iter().enumerate() {
            if s.rows.len() > 1 {
                out.push(Block::Paragraph(format!(
                    "{} {}",
                    lang.t("insight.entry"),
                    n + 1
                )));
            }
            for f in row {
                if let Some(text) = shown(lang, f.name, &f.value) {
                    out.push(Block::Field(field_label(lang, f.name).to_string(), text));
                }
            }
            if s.key == "documents" {
                out.push(Block::Paragraph(
                    lang.t("insight.document_in_json").to_string(),
                ));
            }
        }
    }
    if !empty.is_empty() {
        out.push(Block::Heading(
            2,
            lang.t("insight.nothing_held").to_string(),
        ));
        out.push(Block::Paragraph(empty.join(", ")));
    }
    out
}

/// The readable document as a PDF.
pub fn pdf(lang: Lang, i: &Insight) -> Result<Vec<u8>, WebError> {
    let title = format!("{}: {}", lang.t("insight.title"), citizen_name(i));
    crate::pdf::render(&title, &blocks(lang, i))
        .map_err(|e| WebError::internal(format!("insight pdf: {e}")))
}

/// The files' names.
pub fn pdf_name(lang: Lang) -> &'static str {
    lang.t("insight.pdf_file")
}

pub fn json_name(lang: Lang) -> &'static str {
    lang.t("insight.json_file")
}

/// The JSON export as the bytes of a file.
pub fn json_bytes(i: &Insight) -> Result<Vec<u8>, WebError> {
    serde_json::to_vec_pretty(&json(i))
        .map_err(|e| WebError::internal(format!("insight json: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};
    use jobspor_domain::insight::{Field, Section};

    fn sample() -> Insight {
        let f = |name, value| Field { name, value };
        Insight {
            municipality: "Hjørring".into(),
            produced_at: Utc.with_ymd_and_hms(2026, 12, 7, 12, 0, 0).unwrap(),
            sections: vec![
                Section {
                    key: "citizen",
                    rows: vec![vec![
                        f("id", Value::Id("c-1".into())),
                        f("name", Value::Text("Ida Ibsen".into())),
                        f("phone", Value::Null),
                    ]],
                },
                Section {
                    key: "courses",
                    rows: vec![vec![
                        f(
                            "status",
                            Value::Code {
                                kind: "course_status",
                                code: "active".into(),
                            },
                        ),
                        f(
                            "start_date",
                            Value::Date(NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()),
                        ),
                        f(
                            "referral",
                            Value::Json(r#"{"education":"9. klasse"}"#.into()),
                        ),
                    ]],
                },
                Section {
                    key: "documents",
                    rows: vec![vec![
                        f("filename", Value::Text("erklæring.pdf".into())),
                        f("content", Value::Bytes(b"%PDF".to_vec())),
                        f("baseline", Value::Flag(true)),
                    ]],
                },
                Section {
                    key: "conferences",
                    rows: vec![],
                },
            ],
        }
    }

    #[test]
    fn json_keeps_every_value_and_files_in_base64() {
        let j = json(&sample());
        assert_eq!(j["format"], FORMAT);
        assert_eq!(j["produced_at"], "2026-12-07T12:00:00Z");
        let c = &j["sections"]["citizen"][0];
        assert_eq!(c["id"], "c-1");
        assert_eq!(c["name"], "Ida Ibsen");
        assert!(c["phone"].is_null());
        let k = &j["sections"]["courses"][0];
        assert_eq!(k["status"], "active");
        assert_eq!(k["start_date"], "2026-02-01");
        assert_eq!(k["referral"]["education"], "9. klasse");
        assert_eq!(j["sections"]["documents"][0]["content"], "JVBERg==");
        assert_eq!(j["sections"]["documents"][0]["baseline"], true);
        assert_eq!(j["sections"]["conferences"], json!([]));
    }

    #[test]
    fn the_document_shows_words_not_codes_or_ids() {
        let text: Vec<String> = blocks(Lang::Da, &sample())
            .into_iter()
            .map(|b| match b {
                Block::Heading(_, t) | Block::Paragraph(t) => t,
                Block::Field(l, t) => format!("{l}: {t}"),
            })
            .collect();
        let all = text.join("\n");
        assert!(all.contains("Ida Ibsen"), "{all}");
        assert!(all.contains("Status: Aktivt"), "{all}");
        assert!(all.contains("Startdato: 01-02-2026"), "{all}");
        assert!(all.contains("Uddannelse: 9. klasse"), "{all}");
        assert!(all.contains("Udgangspunkt: Ja"), "{all}");
        assert!(
            !all.contains("c-1") && !all.contains("active") && !all.contains("%PDF"),
            "{all}"
        );
        // What is held about the citizen in no row is said too.
        assert!(all.contains("Konference"), "{all}");
        assert!(!all.contains("??"), "a label is missing: {all}");
    }

    #[test]
    fn every_section_and_field_has_its_words_in_danish_and_english() {
        let mut missing = Vec::new();
        for (section, fields) in jobspor_store::insight_shape() {
            let keys = std::iter::once(format!("insight.section.{section}"))
                .chain(fields.iter().map(|f| format!("insight.field.{f}")));
            for key in keys {
                for lang in ["da", "en"] {
                    if !catalogue::has(lang, &key) {
                        missing.push(format!("{lang}: {key}"));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "{missing:?}");
    }
}
