//! Reading and checking definitions. Every error names the file, the item
//! (when there is one) and the field; a definition with any error is refused
//! whole.

use super::definition::*;
use std::collections::BTreeSet;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionError {
    pub source: String,
    pub item: Option<String>,
    pub field: String,
    pub message: String,
}

impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.item {
            Some(i) => write!(
                f,
                "{}: item \"{}\", field \"{}\": {}",
                self.source, i, self.field, self.message
            ),
            None => write!(
                f,
                "{}: field \"{}\": {}",
                self.source, self.field, self.message
            ),
        }
    }
}

impl std::error::Error for DefinitionError {}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

struct Checker<'a> {
    source: &'a str,
    langs: Vec<String>,
    errors: Vec<DefinitionError>,
}

impl Checker<'_> {
    fn err(&mut self, item: Option<&str>, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(DefinitionError {
            source: self.source.to_string(),
            item: item.map(String::from),
            field: field.into(),
            message: message.into(),
        });
    }

    /// Citizen-facing text: every declared language.
    fn citizen_text(&mut self, item: Option<&str>, field: &str, t: &Text) {
        let missing: Vec<String> = self.langs.iter().filter(|l| !t.has(l)).cloned().collect();
        if !missing.is_empty() {
            self.err(
                item,
                field,
                format!("text missing in: {}", missing.join(", ")),
            );
        }
    }

    /// Staff-facing text: Danish and English.
    fn staff_text(&mut self, item: Option<&str>, field: &str, t: &Text) {
        for l in ["da", "en"] {
            if !t.has(l) {
                self.err(item, field, format!("text missing in: {l}"));
            }
        }
    }
}

impl Definition {
    /// Parses and checks a definition; `source` names it in errors (a file name).
    pub fn parse(json: &str, source: &str) -> Result<Definition, Vec<DefinitionError>> {
        let de = &mut serde_json::Deserializer::from_str(json);
        let def: Definition = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            // Name the item when the path runs through items[N].
            let item = path
                .strip_prefix("items[")
                .and_then(|r| r.split(']').next())
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| item_key_at(json, n));
            vec![DefinitionError {
                source: source.to_string(),
                item,
                field: path,
                message: e.inner().to_string(),
            }]
        })?;
        def.check(source)?;
        Ok(def)
    }

    /// The rules a definition must keep beyond its shape.
    pub fn check(&self, source: &str) -> Result<(), Vec<DefinitionError>> {
        let mut c = Checker {
            source,
            langs: self.languages.clone(),
            errors: Vec::new(),
        };
        if self.format != FORMAT {
            c.err(None, "format", format!("must be \"{FORMAT}\""));
        }
        if !is_slug(&self.key) {
            c.err(None, "key", "must be lower-case letters, digits, - or _");
        }
        if self.version == 0 {
            c.err(None, "version", "must be 1 or more");
        }
        for l in ["da", "en"] {
            if !self.languages.iter().any(|x| x == l) {
                c.err(None, "languages", format!("must include {l}"));
            }
        }
        c.citizen_text(None, "title", &self.title);
        for g in &self.target_groups {
            if crate::rules::TargetGroup::parse(g).is_none() {
                c.err(
                    None,
                    "target_groups",
                    format!("unknown target group \"{g}\""),
                );
            }
        }
        let mut dim_keys = BTreeSet::new();
        for (n, d) in self.dimensions.iter().enumerate() {
            if !is_slug(&d.key) || !dim_keys.insert(d.key.as_str()) {
                c.err(None, format!("dimensions[{n}].key"), "must be a unique key");
            }
            c.staff_text(None, &format!("dimensions[{n}].label"), &d.label);
            c.staff_text(None, &format!("dimensions[{n}].thresholds"), &d.thresholds);
            for (q, t) in d.dialogue.iter().enumerate() {
                c.staff_text(None, &format!("dimensions[{n}].dialogue[{q}]"), t);
            }
        }
        let mut item_keys = BTreeSet::new();
        for i in &self.items {
            if !is_slug(&i.key) || !item_keys.insert(i.key.as_str()) {
                c.err(Some(&i.key), "key", "must be a unique key");
            }
        }
        // Pages: every item exactly once; the order defines "earlier".
        let mut placed: Vec<&str> = Vec::new();
        for (n, p) in self.pages.iter().enumerate() {
            c.citizen_text(None, &format!("pages[{n}].title"), &p.title);
            if p.items.is_empty() {
                c.err(
                    None,
                    format!("pages[{n}].items"),
                    "a page needs at least one item",
                );
            }
            for k in &p.items {
                if !item_keys.contains(k.as_str()) {
                    c.err(Some(k), format!("pages[{n}].items"), "no such item");
                } else if placed.contains(&k.as_str()) {
                    c.err(
                        Some(k),
                        format!("pages[{n}].items"),
                        "item placed on more than one page",
                    );
                } else {
                    placed.push(k);
                }
            }
        }
        for i in &self.items {
            if !placed.contains(&i.key.as_str()) {
                c.err(Some(&i.key), "key", "item is on no page");
            }
        }
        if self.pages.is_empty() {
            c.err(None, "pages", "at least one page is needed");
        }
        for i in &self.items {
            self.check_item(&mut c, i, &dim_keys, &placed);
        }
        if let Some(s) = &self.sum {
            c.staff_text(None, "sum.raised_label", &s.raised_label);
            if s.items.is_empty() {
                c.err(None, "sum.items", "at least one item is needed");
            }
            for k in &s.items {
                match self.item(k) {
                    None => c.err(Some(k), "sum.items", "no such item"),
                    Some(i) if i.kind == ItemKind::Scale => {}
                    Some(i) if i.kind == ItemKind::SingleChoice && i.options.iter().all(|o| o.score.is_some()) => {}
                    Some(_) => c.err(Some(k), "sum.items", "only scale items, or single-choice items whose every option has a score, can be summed"),
                }
            }
        }
        for i in &self.items {
            if i.reverse && !self.sum.as_ref().is_some_and(|s| s.items.contains(&i.key)) {
                c.err(
                    Some(&i.key),
                    "reverse",
                    "only items in the sum score can be reverse-scored",
                );
            }
        }
        if let Some(r) = &self.result {
            for (field, rules, allowed) in [
                (
                    "result.risk_class",
                    &r.risk_class,
                    &["low", "moderate", "high"][..],
                ),
                (
                    "result.readiness",
                    &r.readiness,
                    &["jobparat", "aktivitetsparat"][..],
                ),
            ] {
                for (n, rule) in rules.iter().enumerate() {
                    if !allowed.contains(&rule.result.as_str()) {
                        c.err(
                            None,
                            format!("{field}[{n}].result"),
                            format!("must be one of {}", allowed.join(", ")),
                        );
                    }
                }
                if !rules.is_empty() && !rules.last().is_some_and(CountRule::is_catch_all) {
                    c.err(
                        None,
                        field,
                        "the last rule must have no conditions, so every answer set gets a result",
                    );
                }
            }
            if r.risk_class.is_empty() {
                c.err(None, "result.risk_class", "at least one rule is needed");
            }
            if self.dimensions.is_empty() {
                c.err(
                    None,
                    "dimensions",
                    "result rules count dimensions; define some",
                );
            }
        }
        for d in &self.dimensions {
            let used = self.items.iter().any(|i| {
                i.options.iter().any(|o| o.risk.contains_key(&d.key))
                    || i.risk.iter().any(|t| t.dimension == d.key)
            });
            if !used {
                c.err(
                    None,
                    "dimensions",
                    format!("dimension \"{}\" is coloured by no item", d.key),
                );
            }
        }
        if c.errors.is_empty() {
            Ok(())
        } else {
            Err(c.errors)
        }
    }

    fn check_item(&self, c: &mut Checker<'_>, i: &Item, dims: &BTreeSet<&str>, order: &[&str]) {
        let k = Some(i.key.as_str());
        c.citizen_text(k, "text", &i.text);
        c.staff_text(k, "purpose", &i.purpose);
        if let Some(h) = &i.help {
            c.citizen_text(k, "help", h);
        }
        let choice = matches!(i.kind, ItemKind::SingleChoice | ItemKind::MultipleChoice);
        if choice {
            let min = if i.kind == ItemKind::SingleChoice {
                2
            } else {
                1
            };
            if i.options.len() < min {
                c.err(k, "options", format!("at least {min} options are needed"));
            }
            let mut seen = BTreeSet::new();
            for (n, o) in i.options.iter().enumerate() {
                if o.value.trim().is_empty() || !seen.insert(o.value.as_str()) {
                    c.err(
                        k,
                        format!("options[{n}].value"),
                        "must be a unique, non-empty value",
                    );
                }
                c.citizen_text(k, &format!("options[{n}].label"), &o.label);
                for d in o.risk.keys() {
                    if !dims.contains(d.as_str()) {
                        c.err(
                            k,
                            format!("options[{n}].risk"),
                            format!("no dimension \"{d}\""),
                        );
                    }
                }
            }
        } else if !i.options.is_empty() {
            c.err(k, "options", "only choice items have options");
        }
        match (i.kind, &i.scale) {
            (ItemKind::Scale, None) => {
                c.err(k, "scale", "a scale item needs min, max and their labels")
            }
            (ItemKind::Scale, Some(s)) => {
                if s.min >= s.max {
                    c.err(k, "scale", "min must be below max");
                }
                c.citizen_text(k, "scale.min_label", &s.min_label);
                c.citizen_text(k, "scale.max_label", &s.max_label);
            }
            (_, Some(_)) => c.err(k, "scale", "only scale items have a scale"),
            _ => {}
        }
        match (i.kind, &i.number) {
            (ItemKind::Number, Some(r))
                if !(r.min <= r.max && r.min.is_finite() && r.max.is_finite()) =>
            {
                c.err(k, "number", "min must be at most max")
            }
            (ItemKind::Number, _) => {}
            (_, Some(_)) => c.err(k, "number", "only number items have a number range"),
            _ => {}
        }
        if !i.risk.is_empty() && !matches!(i.kind, ItemKind::Scale | ItemKind::Number) {
            c.err(
                k,
                "risk",
                "thresholds are for scale and number items; choice options carry their own colours",
            );
        }
        for (n, t) in i.risk.iter().enumerate() {
            if !dims.contains(t.dimension.as_str()) {
                c.err(
                    k,
                    format!("risk[{n}].dimension"),
                    format!("no dimension \"{}\"", t.dimension),
                );
            }
            let ordered = if t.higher_is_worse {
                t.yellow_from <= t.red_from
            } else {
                t.yellow_from >= t.red_from
            };
            if !ordered {
                c.err(k, format!("risk[{n}]"), "yellow must come before red");
            }
        }
        if let Some(cond) = &i.show_if {
            let pos = order.iter().position(|x| *x == i.key).unwrap_or(usize::MAX);
            for dep in cond.items() {
                match order.iter().position(|x| *x == dep) {
                    Some(p) if p < pos => {}
                    Some(_) => c.err(
                        k,
                        "show_if",
                        format!("\"{dep}\" must come before this item"),
                    ),
                    None => c.err(k, "show_if", format!("no item \"{dep}\"")),
                }
            }
        }
    }
}

/// The key of the n-th item in the raw JSON, to name it in a parse error.
fn item_key_at(json: &str, n: usize) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    v.get("items")?
        .get(n)?
        .get("key")?
        .as_str()
        .map(String::from)
}
