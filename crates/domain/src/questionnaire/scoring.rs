//! Skip logic, risk dimensions, sum scores and result rules.

use super::answer::{AnswerValue, Answers};
use super::definition::{Condition, Definition, Item, ItemKind, Level};
use serde::Serialize;

pub type Colour = Level;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskClass {
    Low,
    Moderate,
    High,
}

impl RiskClass {
    pub const ALL: [RiskClass; 3] = [RiskClass::Low, RiskClass::Moderate, RiskClass::High];

    pub fn parse(s: &str) -> Option<RiskClass> {
        match s {
            "low" => Some(RiskClass::Low),
            "moderate" => Some(RiskClass::Moderate),
            "high" => Some(RiskClass::High),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            RiskClass::Low => "low",
            RiskClass::Moderate => "moderate",
            RiskClass::High => "high",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DimensionResult {
    pub key: String,
    /// None while no answer maps to the dimension.
    pub colour: Option<Colour>,
    /// The items whose answers gave the colour.
    pub because: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SumOutcome {
    pub total: f64,
    pub max: f64,
    pub cutoff: f64,
    /// Total above the cut-off.
    pub raised: bool,
    /// Every item's score, after reversal; None when unanswered.
    pub item_scores: Vec<(String, Option<f64>)>,
    pub complete: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub dimensions: Vec<DimensionResult>,
    pub red: u32,
    pub yellow: u32,
    pub green: u32,
    pub risk_class: Option<RiskClass>,
    pub readiness: Option<String>,
    pub sum: Option<SumOutcome>,
}

impl Condition {
    pub fn holds(&self, answers: &Answers) -> bool {
        match self {
            Condition::Equals { item, value } => answers
                .get(item)
                .is_some_and(|a| a.chosen().contains(&value.as_str())),
            Condition::AnyOf { item, values } => answers
                .get(item)
                .is_some_and(|a| a.chosen().iter().any(|c| values.iter().any(|v| v == c))),
            Condition::AtLeast { item, value } => answers
                .get(item)
                .and_then(AnswerValue::as_number)
                .is_some_and(|n| n >= *value),
            Condition::AtMost { item, value } => answers
                .get(item)
                .and_then(AnswerValue::as_number)
                .is_some_and(|n| n <= *value),
            Condition::Answered { item } => answers.contains_key(item),
            Condition::All(cs) => cs.iter().all(|c| c.holds(answers)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(answers)),
            Condition::Not(c) => !c.holds(answers),
        }
    }
}

impl Definition {
    /// Is the item shown, given the answers so far? An item hidden by skip
    /// logic is neither required nor scored.
    pub fn is_visible(&self, item: &Item, answers: &Answers) -> bool {
        item.show_if.as_ref().is_none_or(|c| c.holds(answers))
    }

    /// Required, visible items without an answer, in the citizen's order.
    pub fn missing(&self, answers: &Answers) -> Vec<&str> {
        self.items_in_order()
            .filter(|i| i.required && self.is_visible(i, answers) && !answers.contains_key(&i.key))
            .map(|i| i.key.as_str())
            .collect()
    }

    /// Answers to hidden items are dropped (e.g. after an earlier answer changed).
    pub fn visible_answers(&self, answers: &Answers) -> Answers {
        answers
            .iter()
            .filter(|(k, _)| self.item(k).is_some_and(|i| self.is_visible(i, answers)))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    fn item_levels(&self, item: &Item, answer: &AnswerValue) -> Vec<(String, Level)> {
        let mut out: Vec<(String, Level)> = Vec::new();
        for chosen in answer.chosen() {
            if let Some(o) = item.options.iter().find(|o| o.value == chosen) {
                out.extend(o.risk.iter().map(|(d, l)| (d.clone(), *l)));
            }
        }
        if let Some(v) = answer.as_number() {
            for t in &item.risk {
                let level = if t.higher_is_worse {
                    if v >= t.red_from {
                        Level::Red
                    } else if v >= t.yellow_from {
                        Level::Yellow
                    } else {
                        Level::Green
                    }
                } else if v <= t.red_from {
                    Level::Red
                } else if v <= t.yellow_from {
                    Level::Yellow
                } else {
                    Level::Green
                };
                out.push((t.dimension.clone(), level));
            }
        }
        out
    }

    /// An item's contribution to the sum score.
    pub fn item_score(&self, item: &Item, answer: &AnswerValue) -> Option<f64> {
        match (item.kind, answer) {
            (ItemKind::Scale, AnswerValue::Scale(v)) => {
                let s = item.scale.as_ref()?;
                Some(if item.reverse {
                    (s.max + s.min - v) as f64
                } else {
                    *v as f64
                })
            }
            (ItemKind::SingleChoice, AnswerValue::Choice(c)) => item
                .options
                .iter()
                .find(|o| &o.value == c)?
                .score
                .map(|s| s as f64),
            _ => None,
        }
    }

    /// The result rules applied to counts of red and yellow dimensions.
    pub fn classify_counts(&self, red: u32, yellow: u32) -> (Option<RiskClass>, Option<String>) {
        let pick = |rules: &[super::definition::CountRule]| {
            rules
                .iter()
                .find(|r| r.matches(red, yellow))
                .map(|r| r.result.clone())
        };
        match &self.result {
            Some(r) => (
                pick(&r.risk_class).and_then(|c| RiskClass::parse(&c)),
                pick(&r.readiness),
            ),
            None => (None, None),
        }
    }

    /// Scores a set of answers. Hidden items count for nothing.
    pub fn score(&self, answers: &Answers) -> Outcome {
        let answers = self.visible_answers(answers);
        let mut dims: Vec<DimensionResult> = self
            .dimensions
            .iter()
            .map(|d| DimensionResult {
                key: d.key.clone(),
                colour: None,
                because: Vec::new(),
            })
            .collect();
        for item in self.items_in_order() {
            let Some(a) = answers.get(&item.key) else {
                continue;
            };
            for (dim, level) in self.item_levels(item, a) {
                if let Some(d) = dims.iter_mut().find(|d| d.key == dim) {
                    // The worst colour wins; the items behind it are kept.
                    match d.colour {
                        Some(c) if c > level => {}
                        Some(c) if c == level => d.because.push(item.key.clone()),
                        _ => {
                            d.colour = Some(level);
                            d.because = vec![item.key.clone()];
                        }
                    }
                }
            }
        }
        let count = |l: Level| dims.iter().filter(|d| d.colour == Some(l)).count() as u32;
        let (red, yellow, green) = (count(Level::Red), count(Level::Yellow), count(Level::Green));
        let (risk_class, readiness) = self.classify_counts(red, yellow);
        let sum = self.sum.as_ref().map(|s| {
            let item_scores: Vec<(String, Option<f64>)> = s
                .items
                .iter()
                .map(|k| {
                    (
                        k.clone(),
                        self.item(k)
                            .and_then(|i| answers.get(k).and_then(|a| self.item_score(i, a))),
                    )
                })
                .collect();
            let total = item_scores.iter().filter_map(|(_, v)| *v).sum::<f64>();
            let max = s
                .items
                .iter()
                .filter_map(|k| self.item(k))
                .map(|i| self.item_max_score(i))
                .sum::<f64>();
            SumOutcome {
                total,
                max,
                cutoff: s.cutoff,
                raised: total > s.cutoff,
                complete: item_scores.iter().all(|(_, v)| v.is_some()),
                item_scores,
            }
        });
        Outcome {
            dimensions: dims,
            red,
            yellow,
            green,
            risk_class,
            readiness,
            sum,
        }
    }
}
