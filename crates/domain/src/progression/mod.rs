//! Progression measurement: a question bank in the styles the method draws
//! on (PSFS, COPM, GAS), goals per intervention with a baseline, separate
//! 0–10 ratings by citizen and provider, the caseworker's rating toward the
//! employment goal, the schedule of measurements, and the flags that ask
//! for a decision.

use crate::message::{Explain, Message};
use crate::text::{self, MEDIUM_MAX_BYTES, SHORT_MAX_BYTES};
use crate::{
    CourseId, DecisionId, GoalId, MeasurementId, MunicipalityId, PlacementId, QuestionId, UserId,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

/// The style of a question, which decides its scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStyle {
    /// "Hvor godt kan du … i dag?" 0 = slet ikke, 10 = som før / fuldt ud.
    Psfs,
    /// COPM performance: how well the activity is done, 0–10.
    CopmPerformance,
    /// COPM satisfaction: how satisfied with how it is done, 0–10.
    CopmSatisfaction,
    /// Goal Attainment Scaling: five levels −2…+2 described for each goal.
    Gas,
    /// Worded by provider and citizen for this goal, 0–10.
    Own,
}

impl QuestionStyle {
    pub const ALL: [QuestionStyle; 5] = [
        QuestionStyle::Psfs,
        QuestionStyle::CopmPerformance,
        QuestionStyle::CopmSatisfaction,
        QuestionStyle::Gas,
        QuestionStyle::Own,
    ];

    pub fn code(self) -> &'static str {
        match self {
            QuestionStyle::Psfs => "psfs",
            QuestionStyle::CopmPerformance => "copm_performance",
            QuestionStyle::CopmSatisfaction => "copm_satisfaction",
            QuestionStyle::Gas => "gas",
            QuestionStyle::Own => "own",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    /// The words at the ends of the scale, as the shipped bank has them.
    pub fn anchors(self) -> (&'static str, &'static str) {
        SHIPPED
            .iter()
            .find(|q| q.style == self)
            .map_or(("0", "10"), |q| (q.low, q.high))
    }

    /// The lowest and highest value on the scale.
    pub fn range(self) -> (i8, i8) {
        match self {
            QuestionStyle::Gas => (-2, 2),
            _ => (0, 10),
        }
    }
}

/// A question of the shipped bank: style, Danish and English wording (with
/// `…` where the activity goes), and the anchors of the scale.
pub struct ShippedQuestion {
    pub style: QuestionStyle,
    pub da: &'static str,
    pub en: &'static str,
    pub low: &'static str,
    pub high: &'static str,
}

pub const SHIPPED: &[ShippedQuestion] = &[
    ShippedQuestion {
        style: QuestionStyle::Psfs,
        da: "Hvor godt kan du … i dag?",
        en: "How well can you … today?",
        low: "0 = slet ikke",
        high: "10 = som før / fuldt ud",
    },
    ShippedQuestion {
        style: QuestionStyle::Psfs,
        da: "Hvor godt kan du arbejde … timer om dagen i dag?",
        en: "How well can you work … hours a day today?",
        low: "0 = slet ikke",
        high: "10 = som før / fuldt ud",
    },
    ShippedQuestion {
        style: QuestionStyle::CopmPerformance,
        da: "Hvor godt udfører du …?",
        en: "How well do you perform …?",
        low: "0 = kan slet ikke",
        high: "10 = udfører det rigtig godt",
    },
    ShippedQuestion {
        style: QuestionStyle::CopmSatisfaction,
        da: "Hvor tilfreds er du med, hvordan du udfører …?",
        en: "How satisfied are you with how you perform …?",
        low: "0 = slet ikke tilfreds",
        high: "10 = meget tilfreds",
    },
    ShippedQuestion {
        style: QuestionStyle::Gas,
        da: "I hvilken grad er målet … nået?",
        en: "To what degree is the goal … reached?",
        low: "−2 = meget mindre end forventet",
        high: "+2 = meget mere end forventet",
    },
];

fn rating_error(range: (i8, i8)) -> Message {
    Message::new("invalid.rating_whole_number")
        .with("min", range.0)
        .with("max", range.1)
}

/// A rating as typed: a whole number inside the scale, nothing else (not
/// "2.5", "7/10", "NaN" or blank).
pub fn parse_rating(s: &str, style: QuestionStyle) -> Result<i8, Message> {
    let range = style.range();
    let t = s.trim().replace('−', "-");
    let ok = !t.is_empty()
        && t.strip_prefix(['-', '+'])
            .unwrap_or(&t)
            .bytes()
            .all(|b| b.is_ascii_digit())
        && t.len() <= 3;
    let v: i8 = if ok {
        t.parse().map_err(|_| rating_error(range))?
    } else {
        return Err(rating_error(range));
    };
    if v < range.0 || v > range.1 {
        return Err(rating_error(range));
    }
    Ok(v)
}

/// A rating from JSON: an integer (not 7.0 written as a fraction, nor a
/// string) inside the scale.
pub fn rating_from_json(v: &serde_json::Value, style: QuestionStyle) -> Result<i8, Message> {
    let range = style.range();
    v.as_i64()
        .filter(|n| (i64::from(range.0)..=i64::from(range.1)).contains(n))
        .and_then(|n| i8::try_from(n).ok())
        .ok_or_else(|| rating_error(range))
}

/// The GAS T-score across goals: T = 50 + 10·Σwᵢxᵢ / √((1−ρ)Σwᵢ² + ρ(Σwᵢ)²).
/// `goals` holds (weight, level −2…+2). None without goals or weights.
pub fn gas_t_score(goals: &[(f64, i8)], rho: f64) -> Option<f64> {
    let sum_w: f64 = goals.iter().map(|(w, _)| w).sum();
    let sum_w2: f64 = goals.iter().map(|(w, _)| w * w).sum();
    let sum_wx: f64 = goals.iter().map(|(w, x)| w * f64::from(*x)).sum();
    let denominator = ((1.0 - rho) * sum_w2 + rho * sum_w * sum_w).sqrt();
    (denominator > 0.0).then(|| 50.0 + 10.0 * sum_wx / denominator)
}

/// The correlation ρ of the GAS T-score (`docs/domain.md`, Scales).
pub const GAS_RHO: f64 = 0.3;

/// Who gave a rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rater {
    Citizen,
    Provider,
    /// Progress toward the overall employment goal.
    Caseworker,
}

impl Rater {
    pub const ALL: [Rater; 3] = [Rater::Citizen, Rater::Provider, Rater::Caseworker];

    pub fn code(self) -> &'static str {
        match self {
            Rater::Citizen => "citizen",
            Rater::Provider => "provider",
            Rater::Caseworker => "caseworker",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }
}

/// The date of a measurement: not in the future, not before `earliest`
/// (the intervention's or the course's start).
pub fn check_measured_on(
    day: NaiveDate,
    earliest: NaiveDate,
    today: NaiveDate,
) -> Result<(), Message> {
    if day > today {
        return Err(Message::new("invalid.a_measurement_cannot_be_dated_in"));
    }
    if day < earliest {
        return Err(Message::new("invalid.the_measurement_is_dated_before_the"));
    }
    Ok(())
}

/// One point of a series: when, and the value in force (corrections applied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Point {
    pub on: NaiveDate,
    pub value: i8,
}

/// The thresholds that raise flags; configurable per municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Thresholds {
    /// Less change than this since baseline is "no meaningful change"…
    pub min_change: i8,
    /// …once there are at least this many measurements after the baseline.
    pub after_measurements: usize,
    /// Citizen and provider this far apart or more.
    pub apart: i8,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            min_change: 2,
            after_measurements: 3,
            apart: 3,
        }
    }
}

/// Why a goal asks for a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Flag {
    NoChange { rater: Rater, change: i8 },
    Apart { citizen: i8, provider: i8 },
    Overdue { due: NaiveDate },
}

impl Flag {}

/// When the next measurement is due: the first date from the plan until
/// something is measured after the baseline, then the interval after the
/// latest measurement.
pub fn next_due(first: NaiveDate, interval_days: u32, series: &[Point]) -> NaiveDate {
    match series.iter().skip(1).map(|p| p.on).max() {
        None => first,
        Some(last) => (last + Duration::days(i64::from(interval_days))).max(first),
    }
}

/// The flags of one goal from the citizen's and the provider's series
/// (oldest first, the baseline first) and the due date.
pub fn flags(
    citizen: &[Point],
    provider: &[Point],
    due: NaiveDate,
    today: NaiveDate,
    th: Thresholds,
) -> Vec<Flag> {
    let mut out = Vec::new();
    for (rater, series) in [(Rater::Citizen, citizen), (Rater::Provider, provider)] {
        if let (Some(first), Some(last)) = (series.first(), series.last()) {
            let change = last.value - first.value;
            if series.len() > th.after_measurements && change.abs() < th.min_change {
                out.push(Flag::NoChange { rater, change });
            }
        }
    }
    if let (Some(c), Some(p)) = (citizen.last(), provider.last()) {
        if (c.value - p.value).abs() >= th.apart {
            out.push(Flag::Apart {
                citizen: c.value,
                provider: p.value,
            });
        }
    }
    if due < today {
        out.push(Flag::Overdue { due });
    }
    out
}

/// The decision on a flagged goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Continue,
    /// A new goal or question replaces this one.
    Adjust,
    /// The intervention stops, with a reason.
    Stop,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::Continue, Decision::Adjust, Decision::Stop];

    pub fn code(self) -> &'static str {
        match self {
            Decision::Continue => "continue",
            Decision::Adjust => "adjust",
            Decision::Stop => "stop",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.code() == s)
    }
}

/// A municipality's own question in the bank.
#[derive(Debug, Clone, Serialize)]
pub struct BankQuestion {
    pub id: QuestionId,
    pub municipality_id: MunicipalityId,
    pub style: QuestionStyle,
    pub text_da: String,
    pub text_en: String,
    pub low: String,
    pub high: String,
    pub active: bool,
}

/// A progression goal of one placement: the question agreed by provider and
/// citizen, measured from a baseline at an interval.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressGoal {
    pub id: GoalId,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub placement_id: PlacementId,
    pub style: QuestionStyle,
    pub question: String,
    /// GAS: the five levels −2…+2 described for this goal; empty otherwise.
    pub gas_levels: Vec<String>,
    /// GAS weight (1–3).
    pub weight: u8,
    pub interval_days: u32,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
    /// Set when a decision replaced or stopped it.
    pub ended_at: Option<DateTime<Utc>>,
}

impl ProgressGoal {
    /// A GAS goal's levels as shown, "−2: …" to "+2: …"; empty otherwise.
    pub fn level_lines(&self) -> Vec<String> {
        self.gas_levels
            .iter()
            .zip(-2i8..)
            .map(|(l, level)| format!("{level:+}: {l}"))
            .collect()
    }
}

/// How a rating was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// By the provider or caseworker in their own login.
    Staff,
    /// The citizen's own rating, keyed in at a meeting.
    Meeting,
    /// The citizen through a self-service link.
    Link,
    /// The citizen logged in to "Min plan".
    MinPlan,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Channel::Staff => "staff",
            Channel::Meeting => "meeting",
            Channel::Link => "link",
            Channel::MinPlan => "min_plan",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Channel::Staff,
            Channel::Meeting,
            Channel::Link,
            Channel::MinPlan,
        ]
        .into_iter()
        .find(|c| c.code() == s)
    }
}

/// A rating. Never edited: a correction is a new entry naming the one it corrects.
#[derive(Debug, Clone, Serialize)]
pub struct Measurement {
    pub id: MeasurementId,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    /// None for the caseworker's rating toward the employment goal.
    pub placement_id: Option<PlacementId>,
    pub goal_id: Option<GoalId>,
    pub rater: Rater,
    pub value: i8,
    pub comment: String,
    pub measured_on: NaiveDate,
    pub channel: Channel,
    pub baseline: bool,
    pub recorded_at: DateTime<Utc>,
    /// None when the citizen gave it through a link.
    pub recorded_by: Option<UserId>,
    pub corrects: Option<MeasurementId>,
}

/// The series of one rater in force: corrected entries replaced by their
/// corrections, oldest first (baseline first).
pub fn effective(all: &[Measurement], goal: Option<GoalId>, rater: Rater) -> Vec<Point> {
    let corrected: std::collections::HashSet<MeasurementId> =
        all.iter().filter_map(|m| m.corrects).collect();
    let mut points: Vec<(bool, NaiveDate, DateTime<Utc>, i8)> = all
        .iter()
        .filter(|m| m.goal_id == goal && m.rater == rater && !corrected.contains(&m.id))
        .map(|m| (!m.baseline, m.measured_on, m.recorded_at, m.value))
        .collect();
    points.sort();
    points
        .into_iter()
        .map(|(_, on, _, value)| Point { on, value })
        .collect()
}

/// A decision taken on a goal's flags.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionRecord {
    pub id: DecisionId,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub placement_id: PlacementId,
    pub goal_id: Option<GoalId>,
    pub decision: Decision,
    pub reason: String,
    /// The flags shown when deciding, as text.
    pub flags: Vec<String>,
    pub decided_by: UserId,
    pub decided_at: DateTime<Utc>,
}

/// A question for the bank as typed; the English text and the anchors
/// default to the Danish text and the style's usual anchors.
pub struct QuestionInput<'a> {
    pub style: &'a str,
    pub text_da: &'a str,
    pub text_en: &'a str,
    pub low: &'a str,
    pub high: &'a str,
}

pub struct ValidQuestion {
    pub style: QuestionStyle,
    pub text_da: String,
    pub text_en: String,
    pub low: String,
    pub high: String,
}

impl QuestionInput<'_> {
    pub fn validate(&self) -> Result<ValidQuestion, Message> {
        let style = QuestionStyle::parse(self.style)
            .ok_or_else(|| Message::new("invalid.choose_the_questions_type"))?;
        let text_da = text::required(self.text_da, "question", SHORT_MAX_BYTES * 2)
            .map_err(|e| e.explain())?;
        let en = text::normalize(self.text_en, "question_en", SHORT_MAX_BYTES * 2)
            .map_err(|e| e.explain())?;
        let usual = SHIPPED.iter().find(|q| q.style == style);
        let anchor = |typed: &str, default: Option<&str>| -> Result<String, Message> {
            let t = text::normalize(typed, "anchor", SHORT_MAX_BYTES).map_err(|e| e.explain())?;
            Ok(if t.is_empty() {
                default.unwrap_or_default().to_string()
            } else {
                t
            })
        };
        Ok(ValidQuestion {
            style,
            text_en: if en.is_empty() { text_da.clone() } else { en },
            low: anchor(self.low, usual.map(|q| q.low))?,
            high: anchor(self.high, usual.map(|q| q.high))?,
            text_da,
        })
    }
}

/// Thresholds as typed.
pub fn parse_thresholds(min_change: &str, after: &str, apart: &str) -> Result<Thresholds, Message> {
    let n = |s: &str, max: u8, key: &'static str| {
        s.trim()
            .parse::<u8>()
            .ok()
            .filter(|v| (1..=max).contains(v))
            .ok_or_else(|| Message::new(key))
    };
    Ok(Thresholds {
        min_change: n(min_change, 10, "invalid.the_least_change_must_be_1")? as i8,
        after_measurements: usize::from(n(
            after,
            20,
            "invalid.the_number_of_measurements_must_be",
        )?),
        apart: n(apart, 10, "invalid.the_distance_must_be_1_10")? as i8,
    })
}

/// A goal as typed.
pub struct GoalInput<'a> {
    pub style: &'a str,
    pub question: &'a str,
    /// GAS: five lines, −2 to +2.
    pub gas_levels: &'a str,
    pub weight: &'a str,
    pub interval_days: &'a str,
}

pub struct ValidGoal {
    pub style: QuestionStyle,
    pub question: String,
    pub gas_levels: Vec<String>,
    pub weight: u8,
    pub interval_days: u32,
}

impl GoalInput<'_> {
    pub fn validate(&self) -> Result<ValidGoal, Message> {
        let style = QuestionStyle::parse(self.style)
            .ok_or_else(|| Message::new("invalid.choose_the_questions_type"))?;
        let question = text::required(self.question, "question", SHORT_MAX_BYTES * 2)
            .map_err(|e| e.explain())?;
        let gas_levels: Vec<String> = self
            .gas_levels
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        if style == QuestionStyle::Gas && gas_levels.len() != 5 {
            return Err(Message::new("invalid.describe_the_five_gas_levels_2"));
        }
        if gas_levels.iter().any(|l| l.len() > MEDIUM_MAX_BYTES) {
            return Err(Message::new("invalid.a_gas_level_is_too_long"));
        }
        let weight = match self.weight.trim() {
            "" => 1,
            w => w
                .parse::<u8>()
                .ok()
                .filter(|w| (1..=3).contains(w))
                .ok_or_else(|| Message::new("invalid.the_weight_must_be_1_2"))?,
        };
        let interval_days = self
            .interval_days
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|d| (7..=182).contains(d))
            .ok_or_else(|| Message::new("invalid.the_interval_must_be_7_182"))?;
        Ok(ValidGoal {
            style,
            question,
            gas_levels: if style == QuestionStyle::Gas {
                gas_levels
            } else {
                Vec::new()
            },
            weight,
            interval_days,
        })
    }
}

#[cfg(test)]
mod tests;
