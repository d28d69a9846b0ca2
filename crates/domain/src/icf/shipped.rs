//! The categories Jobspor ships: the ICF Core Set for Vocational
//! Rehabilitation (brief), the ICF generic set, and the codes in the source
//! documents. English titles are WHO's; the Danish titles are Jobspor's
//! rendering, replaced when a municipality imports its licensed Danish ICF.

use super::{Category, Classification, IcfCode};

/// The brief Core Set for Vocational Rehabilitation (13 categories).
pub const VOCATIONAL_REHABILITATION_BRIEF: [&str; 13] = [
    "b130", "b164", "b455", "d155", "d240", "d720", "d845", "d850", "d855", "e310", "e330", "e580",
    "e590",
];

/// The ICF generic set (7 categories).
pub const GENERIC_SET: [&str; 7] = ["b130", "b152", "b280", "d230", "d450", "d455", "d850"];

/// Codes named in the source documents.
pub const FROM_SEEDS: [&str; 3] = ["b525", "b28013", "b160"];

/// (code, Danish, English)
const TITLES: &[(&str, &str, &str)] = &[
    ("b130", "Energi og drivkraft", "Energy and drive functions"),
    ("b152", "Følelsesmæssige funktioner", "Emotional functions"),
    ("b160", "Tankefunktioner", "Thought functions"),
    (
        "b164",
        "Højere kognitive funktioner",
        "Higher-level cognitive functions",
    ),
    ("b280", "Smerteopfattelse", "Sensation of pain"),
    ("b28013", "Smerter i ryggen", "Pain in back"),
    ("b455", "Fysisk udholdenhed", "Exercise tolerance functions"),
    ("b525", "Afføringsfunktioner", "Defecation functions"),
    ("d155", "At tilegne sig færdigheder", "Acquiring skills"),
    (
        "d230",
        "At udføre daglige rutiner",
        "Carrying out daily routine",
    ),
    (
        "d240",
        "At håndtere stress og andre psykiske krav",
        "Handling stress and other psychological demands",
    ),
    ("d450", "At gå", "Walking"),
    ("d455", "At bevæge sig omkring", "Moving around"),
    (
        "d720",
        "Komplekse mellemmenneskelige forhold",
        "Complex interpersonal interactions",
    ),
    (
        "d845",
        "At opnå, fastholde og afslutte et job",
        "Acquiring, keeping and terminating a job",
    ),
    ("d850", "Lønnet beskæftigelse", "Remunerative employment"),
    (
        "d855",
        "Ulønnet beskæftigelse",
        "Non-remunerative employment",
    ),
    ("e310", "Nærmeste familie", "Immediate family"),
    (
        "e330",
        "Personer i autoritetsposition",
        "People in positions of authority",
    ),
    (
        "e580",
        "Sundhedsvæsen, -systemer og -politikker",
        "Health services, systems and policies",
    ),
    (
        "e590",
        "Arbejds- og beskæftigelsesservice, -systemer og -politikker",
        "Labour and employment services, systems and policies",
    ),
];

/// Every shipped category.
pub fn classification() -> Classification {
    Classification::new(TITLES.iter().filter_map(|(code, da, en)| {
        IcfCode::parse(code).ok().map(|code| Category {
            code,
            title_da: (*da).into(),
            title_en: (*en).into(),
        })
    }))
}
