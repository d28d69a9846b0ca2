//! Where the export of a citizen's data (`domain::insight`) reads from:
//! every table that holds something about a citizen, and for each of its
//! columns either how it is exported or why it is not, one file per part
//! of a case. A test on both engines
//! (`conformance::insight::the_export_covers_every_table_about_citizens`)
//! compares this list with the schema, so a new table or column about
//! citizens cannot be left out of the export by forgetting it.

/// How a row is tied to the citizen.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Link {
    /// The citizen's own row (`citizens.id`).
    Itself,
    /// `citizen_id`.
    Citizen,
    /// `course_id`: one of the citizen's courses.
    Course,
    /// `placement_id`: one of the citizen's placements.
    Placement,
    /// `conference_id`: the conference of one of the citizen's courses.
    Conference,
}

impl Link {
    /// The condition on `t` (the source table); `$1` is the municipality,
    /// `$2` the citizen.
    pub(crate) fn condition(self) -> &'static str {
        match self {
            Link::Itself => "t.municipality_id = $1 AND t.id = $2",
            Link::Citizen => "t.municipality_id = $1 AND t.citizen_id = $2",
            Link::Course => {
                "t.course_id IN (SELECT k.id FROM courses k WHERE k.municipality_id = $1 AND k.citizen_id = $2)"
            }
            Link::Placement => {
                "t.placement_id IN (SELECT p.id FROM placements p WHERE p.municipality_id = $1 AND p.citizen_id = $2)"
            }
            Link::Conference => {
                "t.conference_id IN (SELECT f.id FROM conferences f JOIN courses k ON k.id = f.course_id WHERE k.municipality_id = $1 AND k.citizen_id = $2)"
            }
        }
    }
}

/// How a column is exported.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    /// The row's identity or a link to another row of the export.
    Id,
    Text,
    /// Free text written about or by the citizen.
    Long,
    Int,
    /// 0 or 1.
    Flag,
    /// `YYYY-MM-DD`.
    Date,
    /// Microseconds since the epoch.
    Instant,
    Json,
    Bytes,
    /// A code with words under this catalogue kind.
    Code(&'static str),
    /// An id shown by a name: an SQL expression with `{}` for the column.
    Name(&'static str),
}

/// Why a column is not exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Withheld {
    /// The municipality: the same on every row, named once at the top.
    Municipality,
    /// The citizen: every row is theirs.
    Citizen,
    /// A credential (a token's hash, a session's CSRF token): it would let
    /// whoever holds the export act as the citizen or read a link.
    Secret,
    /// Derived from exported data for searching (the name's search key).
    Derived,
    /// A counter for detecting edit conflicts; it says nothing about anyone.
    Version,
}

pub(crate) struct Source {
    /// The export's section (`insight.section.KEY` in the catalogue).
    pub section: &'static str,
    pub table: &'static str,
    pub link: Link,
    pub columns: &'static [(&'static str, Kind)],
    pub withheld: &'static [(&'static str, Withheld)],
    /// Oldest first.
    pub order: &'static str,
}

pub(crate) const STAFF: Kind = Kind::Name("(SELECT x.display_name FROM users x WHERE x.id = {})");
pub(crate) const UNIT: Kind = Kind::Name("(SELECT x.name FROM units x WHERE x.id = {})");
pub(crate) const INTERVENTION: Kind =
    Kind::Name("(SELECT x.name FROM interventions x WHERE x.id = {})");
pub(crate) const PLACEMENT: Kind = Kind::Name(
    "(SELECT x.name FROM placements p JOIN interventions x ON x.id = p.intervention_id WHERE p.id = {})",
);
pub(crate) const GOAL: Kind =
    Kind::Name("(SELECT x.question FROM progress_goals x WHERE x.id = {})");
pub(crate) const QUESTIONNAIRE: Kind =
    Kind::Name("(SELECT x.title FROM questionnaire_definitions x WHERE x.id = {})");
pub(crate) const FRAMEWORK: Kind =
    Kind::Name("(SELECT x.name FROM course_frameworks x WHERE x.id = {})");
pub(crate) const DOCUMENT: Kind =
    Kind::Name("(SELECT x.filename FROM documents x WHERE x.id = {})");
pub(crate) const REGISTER_FILE: Kind =
    Kind::Name("(SELECT x.file_name FROM register_imports x WHERE x.id = {})");

pub(crate) const M: (&str, Withheld) = ("municipality_id", Withheld::Municipality);
pub(crate) const C: (&str, Withheld) = ("citizen_id", Withheld::Citizen);
pub(crate) const V: (&str, Withheld) = ("version", Withheld::Version);

mod analysis;
mod case;
mod follow_up;
mod plan;

/// Every source, in the order of the export.
pub(crate) fn sources() -> impl Iterator<Item = &'static Source> {
    case::SOURCES
        .iter()
        .chain(analysis::SOURCES)
        .chain(plan::SOURCES)
        .chain(follow_up::SOURCES)
}

/// The access log's section: read through the audit log's own index
/// (`AuditStore::access_log`), not by a scan. Its chain columns (`seq`,
/// `prev_hash`, `hash`) prove the log whole; they say nothing about the
/// citizen.
pub(crate) const ACCESS_LOG: &str = "access_log";

/// Tables tied to a citizen's rows that are deliberately not exported,
/// and why. The schema test fails on a table in neither list.
pub(crate) const NOT_EXPORTED: &[(&str, &str)] = &[
    (
        "audit_log",
        "exported as the access log section, through its index",
    ),
    (
        "mail_outbox",
        "the delivery of a notification to a unit's mailbox; the notification is exported",
    ),
];
