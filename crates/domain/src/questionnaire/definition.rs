//! The definition format. Field names are the JSON keys.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const FORMAT: &str = "jobspor-questionnaire/1";

/// A text in several languages, keyed by language code (`da`, `en`, `ar` …).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(pub BTreeMap<String, String>);

impl Text {
    /// The text in `lang`, falling back to Danish, then English.
    pub fn get(&self, lang: &str) -> &str {
        self.0
            .get(lang)
            .or_else(|| self.0.get("da"))
            .or_else(|| self.0.get("en"))
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn has(&self, lang: &str) -> bool {
        self.0.get(lang).is_some_and(|t| !t.trim().is_empty())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    pub format: String,
    /// Stable identity across versions, e.g. `oempsq-10`.
    pub key: String,
    pub version: u32,
    pub title: Text,
    #[serde(default)]
    pub description: Option<Text>,
    /// Where the instrument comes from, or that it is a replaceable template.
    #[serde(default)]
    pub notice: Option<Text>,
    /// Languages every citizen-facing text is given in; must include da and en.
    pub languages: Vec<String>,
    /// Target groups the questionnaire is meant for (codes of `rules::TargetGroup`).
    #[serde(default)]
    pub target_groups: Vec<String>,
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    pub pages: Vec<Page>,
    pub items: Vec<Item>,
    #[serde(default)]
    pub sum: Option<SumScoring>,
    #[serde(default)]
    pub result: Option<ResultRules>,
}

/// A risk dimension, coloured green, yellow or red by the answers that map to it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub key: String,
    pub label: Text,
    /// Staff-facing: what makes the dimension yellow or red, and why.
    pub thresholds: Text,
    /// Suggested conversation questions when the dimension is yellow or red.
    #[serde(default)]
    pub dialogue: Vec<Text>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub key: String,
    pub title: Text,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    SingleChoice,
    MultipleChoice,
    Scale,
    Number,
    Date,
    Text,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub key: String,
    pub kind: ItemKind,
    /// The question, as the citizen reads it.
    pub text: Text,
    #[serde(default)]
    pub help: Option<Text>,
    /// Staff-facing: why the item is asked (e.g. the predictor it measures).
    pub purpose: Text,
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default)]
    pub options: Vec<Choice>,
    #[serde(default)]
    pub scale: Option<Scale>,
    #[serde(default)]
    pub number: Option<NumberRange>,
    /// For free text: the most characters accepted.
    #[serde(default)]
    pub max_length: Option<usize>,
    /// Shown only when the condition holds (skip logic).
    #[serde(default)]
    pub show_if: Option<Condition>,
    /// For scale and number items: thresholds that colour dimensions.
    #[serde(default)]
    pub risk: Vec<Threshold>,
    /// In a sum score, the item's score is `max - value` (scale items).
    #[serde(default)]
    pub reverse: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Green,
    Yellow,
    Red,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Green, Level::Yellow, Level::Red];

    pub fn code(self) -> &'static str {
        match self {
            Level::Green => "green",
            Level::Yellow => "yellow",
            Level::Red => "red",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: Text,
    /// The option's score in a sum score.
    #[serde(default)]
    pub score: Option<i64>,
    /// The colour this answer gives each dimension it maps to.
    #[serde(default)]
    pub risk: BTreeMap<String, Level>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub min: i64,
    pub max: i64,
    pub min_label: Text,
    pub max_label: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberRange {
    pub min: f64,
    pub max: f64,
    #[serde(default)]
    pub integer: bool,
    #[serde(default)]
    pub unit: Option<Text>,
}

/// Colours a dimension from a numeric answer. With `higher_is_worse` (the
/// default) a value at or above `red_from` is red, at or above `yellow_from`
/// yellow, else green; otherwise the comparisons are at or below.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    pub dimension: String,
    pub yellow_from: f64,
    pub red_from: f64,
    #[serde(default = "yes")]
    pub higher_is_worse: bool,
}

/// Skip logic, e.g. `{"equals": {"item": "employed", "value": "yes"}}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    Equals { item: String, value: String },
    AnyOf { item: String, values: Vec<String> },
    AtLeast { item: String, value: f64 },
    AtMost { item: String, value: f64 },
    Answered { item: String },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

impl Condition {
    /// The items the condition reads.
    pub fn items(&self) -> Vec<&str> {
        match self {
            Condition::Equals { item, .. }
            | Condition::AnyOf { item, .. }
            | Condition::AtLeast { item, .. }
            | Condition::AtMost { item, .. }
            | Condition::Answered { item } => vec![item.as_str()],
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().flat_map(Condition::items).collect()
            }
            Condition::Not(c) => c.items(),
        }
    }
}

/// A published instrument's total: the items' scores added up; a total above
/// `cutoff` means raised risk.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SumScoring {
    pub items: Vec<String>,
    pub cutoff: f64,
    /// What a total above the cut-off means, for staff.
    pub raised_label: Text,
}

/// Counts of red and yellow dimensions decide the result; the first rule
/// that matches wins, and the last rule must match always.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultRules {
    pub risk_class: Vec<CountRule>,
    /// For kontanthjælp: the readiness the answers suggest.
    #[serde(default)]
    pub readiness: Vec<CountRule>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountRule {
    /// `low`/`moderate`/`high` for risk class; `jobparat`/`aktivitetsparat` for readiness.
    pub result: String,
    #[serde(default)]
    pub min_red: u32,
    #[serde(default)]
    pub min_yellow: u32,
    /// Red and yellow together.
    #[serde(default)]
    pub min_flagged: u32,
}

impl CountRule {
    pub fn matches(&self, red: u32, yellow: u32) -> bool {
        red >= self.min_red && yellow >= self.min_yellow && red + yellow >= self.min_flagged
    }

    pub fn is_catch_all(&self) -> bool {
        self.min_red == 0 && self.min_yellow == 0 && self.min_flagged == 0
    }
}

impl Definition {
    pub fn item(&self, key: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.key == key)
    }

    pub fn dimension(&self, key: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.key == key)
    }

    /// Items in the order the citizen meets them.
    pub fn items_in_order(&self) -> impl Iterator<Item = &Item> {
        self.pages
            .iter()
            .flat_map(|p| p.items.iter())
            .filter_map(|k| self.item(k))
    }

    /// The highest score an item can give in a sum score.
    pub fn item_max_score(&self, item: &Item) -> f64 {
        match (item.kind, &item.scale) {
            (ItemKind::Scale, Some(s)) => (s.max - if item.reverse { s.min } else { 0 }) as f64,
            _ => item
                .options
                .iter()
                .filter_map(|o| o.score)
                .max()
                .unwrap_or(0) as f64,
        }
    }
}
