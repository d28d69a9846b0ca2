//! The words for the domain's codes. The domain names things by code
//! (`caseworker`, `kontanthjaelp`, `kategori_2`); a person reads the word the
//! catalogue gives under `KIND.CODE` (`role.caseworker = Sagsbehandler`).
//! Every code enum implements [`Word`], and the tests below check that each
//! of its values has its word in Danish and English.

use super::{catalogue, format, Lang};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::benefit::Rate;
use jobspor_domain::catalogue::Track;
use jobspor_domain::consent::ConsentMethod;
use jobspor_domain::control::{DeadlineKind, FollowUpTrack, Outcome};
use jobspor_domain::course::{CourseStatus, ReferralSection};
use jobspor_domain::description::{ConsultationStatus, Recommendation};
use jobspor_domain::evaluation::economics::Category as Investment;
use jobspor_domain::focus::Polarity;
use jobspor_domain::icf::{Component, Qualifier};
use jobspor_domain::log_review::{AnomalyKind, Verdict};
use jobspor_domain::message::{Arg, Message};
use jobspor_domain::need_to_know::Reason as AccessReason;
use jobspor_domain::plan::{NoticeKind, PlacementStatus};
use jobspor_domain::progression::{Decision, Flag, QuestionStyle, Rater};
use jobspor_domain::questionnaire::{Level, ResponseStatus, RiskClass};
use jobspor_domain::retention::DataKind as RetentionKind;
use jobspor_domain::rules::{RuleStatus, TargetGroup};
use jobspor_domain::triage::Decision as TriageDecision;
use jobspor_domain::user::{Profession, Role};

/// A code with a word for people.
pub trait Word: Copy + 'static {
    /// The catalogue's prefix: `role` in `role.caseworker`.
    const KIND: &'static str;
    /// Every value, for the completeness test.
    const ALL: &'static [Self];
    /// The value's code, as the domain writes it.
    fn word_code(self) -> &'static str;

    /// The word in a given language (PDFs and journal text are Danish).
    fn word_in(self, lang: Lang) -> &'static str {
        lang.t(&format!("{}.{}", Self::KIND, self.word_code()))
    }

    /// The word in the request's language.
    fn word(self) -> &'static str {
        self.word_in(Lang::current())
    }
}

macro_rules! words {
    ($($t:ty => $kind:literal),* $(,)?) => {
        $(impl Word for $t {
            const KIND: &'static str = $kind;
            const ALL: &'static [Self] = &<$t>::ALL;
            fn word_code(self) -> &'static str {
                <$t>::code(self)
            }
        })*

        /// Every key the code enums need, for the tests.
        #[cfg(test)]
        fn enum_keys() -> Vec<String> {
            let mut keys = Vec::new();
            $(keys.extend(<$t as Word>::ALL.iter().map(|v| format!("{}.{}", $kind, v.word_code())));)*
            keys
        }
    };
}

words! {
    Role => "role",
    Profession => "profession",
    Polarity => "polarity",
    Component => "component",
    QuestionStyle => "question_style",
    Rater => "rater",
    Decision => "decision",
    Track => "track",
    DeadlineKind => "deadline",
    Outcome => "outcome",
    AuditAction => "audit_action",
    ConsentMethod => "consent_method",
    PlacementStatus => "placement_status",
    NoticeKind => "notice",
    CourseStatus => "course_status",
    ReferralSection => "referral_section",
    TargetGroup => "target_group",
    Investment => "investment",
    RiskClass => "risk",
    Level => "level",
    ResponseStatus => "response_status",
    TriageDecision => "triage_decision",
    FollowUpTrack => "follow_up_track",
    RuleStatus => "rule_status",
    Recommendation => "recommendation",
    ConsultationStatus => "consultation_status",
    Rate => "rate",
    AccessReason => "access_reason",
    Verdict => "verdict",
    AnomalyKind => "anomaly",
    RetentionKind => "retention_kind",
}

/// A code that lives as text in the records (a category, a rule set):
/// its word, or the code itself for one no rule set knows any more.
fn recorded(lang: Lang, kind: &str, code: &str) -> String {
    catalogue::find(lang.code(), &format!("{kind}.{code}"))
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
}

/// The word for a category code (`kategori_2`).
pub fn category(lang: Lang, code: &str) -> String {
    recorded(lang, "category", code)
}

/// The name of a rule set by its id (`lab-2019`).
pub fn rule_set(lang: Lang, id: &str) -> String {
    recorded(lang, "rule_set", id)
}

/// A message in words: its key's text with each value filled in.
pub fn message(lang: Lang, m: &Message) -> String {
    let values: Vec<(&str, String)> = m
        .args
        .iter()
        .map(|(name, arg)| {
            let value = match arg {
                Arg::Text(t) => t.clone(),
                Arg::Number(n) => n.to_string(),
                Arg::Date(d) => format::date_in(lang, *d),
                Arg::Word(key) => lang.t(key).to_string(),
                Arg::Message(m) => message(lang, m),
                Arg::List(list) => list
                    .iter()
                    .map(|m| message(lang, m))
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            (*name, value)
        })
        .collect();
    let values: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
    lang.fill(m.key, &values)
}

/// A qualifier in words: "barriere: moderat (25–49 %)".
pub fn qualifier(lang: Lang, q: Qualifier) -> String {
    let extent = |v: u8| lang.t(&format!("qualifier.extent_{}", v.min(4)));
    match q {
        Qualifier::Extent(v) => extent(v).to_string(),
        Qualifier::Barrier(v) => lang.fill("qualifier.barrier", &[("extent", extent(v))]),
        Qualifier::Facilitator(v) => lang.fill("qualifier.facilitator", &[("extent", extent(v))]),
        Qualifier::BarrierNotSpecified => lang.t("qualifier.barrier_not_specified").into(),
        Qualifier::FacilitatorNotSpecified => lang.t("qualifier.facilitator_not_specified").into(),
        Qualifier::NotSpecified => lang.t("qualifier.not_specified").into(),
        Qualifier::NotApplicable => lang.t("qualifier.not_applicable").into(),
    }
}

/// Why a goal asks for a decision, in a sentence.
pub fn flag(lang: Lang, f: &Flag) -> String {
    match f {
        Flag::NoChange { rater, change } => lang.fill(
            "flag.no_change",
            &[
                ("rater", &rater.word_in(lang).to_lowercase()),
                ("change", &format!("{change:+}")),
            ],
        ),
        Flag::Apart { citizen, provider } => lang.fill(
            "flag.apart",
            &[
                ("citizen", &citizen.to_string()),
                ("provider", &provider.to_string()),
            ],
        ),
        Flag::Overdue { due } => {
            lang.fill("flag.overdue", &[("due", &format::date_in(lang, *due))])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobspor_domain::rules;

    /// Every value of every code enum, every category and rule set and
    /// every qualifier has its word in both staff languages.
    #[test]
    fn every_code_has_its_word_in_danish_and_english() {
        let mut keys = enum_keys();
        assert!(keys.len() > 90, "the enums are listed ({})", keys.len());
        for r in rules::rule_sets() {
            keys.push(format!("rule_set.{}", r.id));
            keys.push(format!("rule_set_changes.{}", r.id));
            keys.extend(
                r.expected_groups
                    .iter()
                    .map(|g| format!("expected_group.{g}")),
            );
        }
        for c in rules::all_categories() {
            keys.push(format!("category.{}", c.code));
        }
        keys.extend((0..=4).map(|v| format!("qualifier.extent_{v}")));
        for k in [
            "barrier",
            "facilitator",
            "barrier_not_specified",
            "facilitator_not_specified",
            "not_specified",
            "not_applicable",
        ] {
            keys.push(format!("qualifier.{k}"));
        }
        keys.extend(["flag.no_change", "flag.apart", "flag.overdue"].map(String::from));
        let missing: Vec<String> = keys
            .iter()
            .flat_map(|k| ["da", "en"].map(|l| (l, k)))
            .filter(|(l, k)| !catalogue::has(l, k))
            .map(|(l, k)| format!("{l}: {k}"))
            .collect();
        assert!(missing.is_empty(), "no word for {missing:?}");
    }

    #[test]
    fn words_follow_the_language_and_old_codes_stay_readable() {
        assert_eq!(Role::Caseworker.word_in(Lang::Da), "Sagsbehandler");
        assert_eq!(Role::Caseworker.word_in(Lang::En), "Caseworker");
        assert_eq!(
            TargetGroup::Kontanthjaelp.word_in(Lang::En),
            "Social assistance"
        );
        assert_eq!(category(Lang::Da, "jobparat"), "Jobparat");
        assert_eq!(category(Lang::Da, "no_longer_known"), "no_longer_known");
        assert_eq!(
            qualifier(Lang::Da, Qualifier::Barrier(2)),
            "barriere: moderat (25–49 %)"
        );
        assert_eq!(
            qualifier(Lang::En, Qualifier::Facilitator(0)),
            "facilitator: none (0–4%)"
        );
        let overdue = Flag::Overdue {
            due: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default(),
        };
        assert_eq!(
            flag(Lang::Da, &overdue),
            "Måling forfalden siden 02-03-2026"
        );
        assert_eq!(
            flag(
                Lang::En,
                &Flag::NoChange {
                    rater: Rater::Provider,
                    change: 1
                }
            ),
            "No meaningful change according to the provider (+1 since baseline)"
        );
    }
}
