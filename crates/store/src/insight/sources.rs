//! Where the export of a citizen's data (`domain::insight`) reads from:
//! every table that holds something about a citizen, and for each of its
//! columns either how it is exported or why it is not. A test
//! (`sources_cover_every_table_and_column`, on both engines) compares this
//! list with the schema, so a new table or column about citizens cannot be
//! left out of the export by forgetting it.

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

const STAFF: Kind = Kind::Name("(SELECT x.display_name FROM users x WHERE x.id = {})");
const UNIT: Kind = Kind::Name("(SELECT x.name FROM units x WHERE x.id = {})");
const INTERVENTION: Kind = Kind::Name("(SELECT x.name FROM interventions x WHERE x.id = {})");
const PLACEMENT: Kind = Kind::Name(
    "(SELECT x.name FROM placements p JOIN interventions x ON x.id = p.intervention_id WHERE p.id = {})",
);
const GOAL: Kind = Kind::Name("(SELECT x.question FROM progress_goals x WHERE x.id = {})");
const QUESTIONNAIRE: Kind =
    Kind::Name("(SELECT x.title FROM questionnaire_definitions x WHERE x.id = {})");
const FRAMEWORK: Kind = Kind::Name("(SELECT x.name FROM course_frameworks x WHERE x.id = {})");
const DOCUMENT: Kind = Kind::Name("(SELECT x.filename FROM documents x WHERE x.id = {})");
const REGISTER_FILE: Kind =
    Kind::Name("(SELECT x.file_name FROM register_imports x WHERE x.id = {})");

const M: (&str, Withheld) = ("municipality_id", Withheld::Municipality);
const C: (&str, Withheld) = ("citizen_id", Withheld::Citizen);
const V: (&str, Withheld) = ("version", Withheld::Version);

use Kind::*;

/// Every source, in the order of the export.
pub(crate) const SOURCES: &[Source] = &[
    Source {
        section: "citizen",
        table: "citizens",
        link: Link::Itself,
        columns: &[
            ("id", Id),
            ("cpr", Text),
            ("name", Text),
            ("phone", Text),
            ("email", Text),
            ("address", Text),
            ("created_at", Instant),
            ("birth_date", Date),
            ("anonymised_at", Instant),
        ],
        withheld: &[M, ("name_key", Withheld::Derived), V],
        order: "t.created_at",
    },
    Source {
        section: "courses",
        table: "courses",
        link: Link::Citizen,
        columns: &[
            ("id", Id),
            ("target_group", Code("target_group")),
            ("category", Code("category")),
            ("rule_set", Code("rule_set")),
            ("status", Code("course_status")),
            ("start_date", Date),
            ("first_absence_date", Date),
            ("follow_up_track", Code("follow_up_track")),
            ("framework", Text),
            ("employment_goal", Long),
            ("referral", Json),
            ("caseworker_id", STAFF),
            ("created_at", Instant),
            ("updated_at", Instant),
        ],
        withheld: &[M, C, V],
        order: "t.created_at",
    },
    Source {
        section: "course_team",
        table: "course_members",
        link: Link::Course,
        columns: &[("course_id", Id), ("user_id", STAFF), ("added_at", Instant)],
        withheld: &[],
        order: "t.added_at",
    },
    Source {
        section: "contact_persons",
        table: "contact_persons",
        link: Link::Course,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("name", Text),
            ("relation", Text),
            ("phone", Text),
            ("email", Text),
            ("created_at", Instant),
        ],
        withheld: &[M],
        order: "t.created_at",
    },
    Source {
        section: "journal",
        table: "journal_entries",
        link: Link::Course,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("entry_date", Date),
            ("body", Long),
            ("author_name", Text),
            ("author_role", Code("role")),
            ("author_id", STAFF),
            ("corrects_id", Id),
            ("created_at", Instant),
        ],
        withheld: &[M],
        order: "t.created_at",
    },
    Source {
        section: "screenings",
        table: "questionnaire_responses",
        link: Link::Citizen,
        columns: &[
            ("id", Id),
            ("definition_id", QUESTIONNAIRE),
            ("channel", Text),
            ("language", Text),
            ("status", Code("response_status")),
            ("answers", Json),
            ("result", Json),
            ("entered_by", STAFF),
            ("created_at", Instant),
            ("updated_at", Instant),
            ("submitted_at", Instant),
        ],
        withheld: &[M, C, V],
        order: "t.created_at",
    },
    Source {
        section: "screening_links",
        table: "questionnaire_links",
        link: Link::Citizen,
        columns: &[
            ("response_id", Id),
            ("created_by", STAFF),
            ("created_at", Instant),
            ("expires_at", Instant),
            ("revoked_at", Instant),
        ],
        withheld: &[("token_hash", Withheld::Secret), M, C],
        order: "t.created_at",
    },
    Source {
        section: "triages",
        table: "triages",
        link: Link::Citizen,
        columns: &[
            ("id", Id),
            ("response_id", Id),
            ("course_id", Id),
            ("suggested_risk", Code("risk")),
            ("suggested_readiness", Code("level")),
            ("assessed_risk", Code("risk")),
            ("assessed_readiness", Code("level")),
            ("disagrees", Flag),
            ("decision", Code("triage_decision")),
            ("framework_id", FRAMEWORK),
            ("note", Long),
            ("decided_by", STAFF),
            ("decided_at", Instant),
        ],
        withheld: &[M, C],
        order: "t.decided_at",
    },
    Source {
        section: "focus_areas",
        table: "focus_areas",
        link: Link::Course,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("component", Code("component")),
            ("polarity", Code("polarity")),
            ("description", Long),
            ("icf_code", Text),
            ("qualifier", Code("qualifier")),
            ("priority", Int),
            ("suggested_intervention", Text),
            ("profession", Code("profession")),
            ("created_at", Instant),
            ("created_by", STAFF),
            ("removed_at", Instant),
            ("removed_by", STAFF),
            ("replaces", Id),
        ],
        withheld: &[M],
        order: "t.created_at",
    },
    Source {
        section: "analysis_notes",
        table: "analysis_notes",
        link: Link::Course,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("author_name", Text),
            ("profession", Code("profession")),
            ("limitation", Long),
            ("resources", Long),
            ("suggested_intervention", Long),
            ("author_id", STAFF),
            ("created_at", Instant),
            ("updated_at", Instant),
            ("removed_at", Instant),
            ("removed_by", STAFF),
        ],
        withheld: &[M, V],
        order: "t.created_at",
    },
    Source {
        section: "analysis_bookings",
        table: "analysis_bookings",
        link: Link::Course,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("professional_id", STAFF),
            ("starts_at", Instant),
            ("ends_at", Instant),
            ("location", Text),
            ("created_by", STAFF),
            ("created_at", Instant),
            ("cancelled_at", Instant),
        ],
        withheld: &[M],
        order: "t.starts_at",
    },
    Source {
        section: "conferences",
        table: "conferences",
        link: Link::Course,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("scheduled_at", Instant),
            ("location", Text),
            ("participants", Long),
            ("citizen_attends", Flag),
            ("invited", Long),
            ("employment_goal", Long),
            ("agreed", Long),
            ("citizen_statement", Long),
            ("citizen_agrees", Flag),
            ("further_assessment", Long),
            ("recommendation", Code("recommendation")),
            ("signed_at", Instant),
            ("signed_by", STAFF),
            ("created_at", Instant),
        ],
        withheld: &[M, V],
        order: "t.scheduled_at",
    },
    Source {
        section: "conference_addenda",
        table: "conference_addenda",
        link: Link::Conference,
        columns: &[
            ("id", Id),
            ("conference_id", Id),
            ("text", Long),
            ("author_name", Text),
            ("author_id", STAFF),
            ("created_at", Instant),
        ],
        withheld: &[M],
        order: "t.created_at",
    },
    Source {
        section: "plans",
        table: "plans",
        link: Link::Course,
        columns: &[
            ("course_id", Id),
            ("updated_at", Instant),
            ("updated_by", STAFF),
        ],
        withheld: &[M, V],
        order: "t.updated_at",
    },
    Source {
        section: "placements",
        table: "placements",
        link: Link::Citizen,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("intervention_id", INTERVENTION),
            ("unit_id", UNIT),
            ("goal", Long),
            ("start_date", Date),
            ("end_date", Date),
            ("first_measurement", Date),
            ("status", Code("placement_status")),
            ("queued_at", Instant),
            ("activated_at", Instant),
            ("created_at", Instant),
            ("created_by", STAFF),
            ("ended_at", Instant),
            ("ended_by", STAFF),
            ("end_reason", Long),
        ],
        withheld: &[M, C],
        order: "t.created_at",
    },
    Source {
        section: "plan_responses",
        table: "plan_responses",
        link: Link::Citizen,
        columns: &[
            ("placement_id", PLACEMENT),
            ("agreed", Flag),
            ("comment", Long),
            ("answered_at", Instant),
        ],
        withheld: &[M, C],
        order: "t.answered_at",
    },
    Source {
        section: "consents",
        table: "consents",
        link: Link::Citizen,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("unit_id", UNIT),
            ("scope", Long),
            ("purpose", Long),
            ("valid_from", Date),
            ("valid_to", Date),
            ("method", Code("consent_method")),
            ("recorded_at", Instant),
            ("recorded_by", STAFF),
            ("revoked_at", Instant),
            ("revoked_by", STAFF),
        ],
        withheld: &[M, C],
        order: "t.recorded_at",
    },
    Source {
        section: "notifications",
        table: "notifications",
        link: Link::Placement,
        columns: &[
            ("id", Id),
            ("placement_id", PLACEMENT),
            ("unit_id", UNIT),
            ("kind", Code("notice")),
            ("created_at", Instant),
            ("read_at", Instant),
            ("read_by", STAFF),
        ],
        withheld: &[M],
        order: "t.created_at",
    },
    Source {
        section: "progress_goals",
        table: "progress_goals",
        link: Link::Course,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("placement_id", PLACEMENT),
            ("style", Code("question_style")),
            ("question", Long),
            ("gas_levels", Json),
            ("weight", Int),
            ("interval_days", Int),
            ("created_at", Instant),
            ("created_by", STAFF),
            ("ended_at", Instant),
        ],
        withheld: &[M],
        order: "t.created_at",
    },
    Source {
        section: "ratings",
        table: "measurements",
        link: Link::Course,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("placement_id", PLACEMENT),
            ("goal_id", GOAL),
            ("measured_on", Date),
            ("rater", Code("rater")),
            ("value", Int),
            ("comment", Long),
            ("channel", Text),
            ("baseline", Flag),
            ("recorded_at", Instant),
            ("recorded_by", STAFF),
            ("corrects", Id),
        ],
        withheld: &[M],
        order: "t.recorded_at",
    },
    Source {
        section: "progress_decisions",
        table: "progress_decisions",
        link: Link::Course,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("placement_id", PLACEMENT),
            ("goal_id", GOAL),
            ("decision", Code("decision")),
            ("reason", Long),
            ("flags", Json),
            ("decided_by", STAFF),
            ("decided_at", Instant),
        ],
        withheld: &[M],
        order: "t.decided_at",
    },
    Source {
        section: "rating_links",
        table: "rating_links",
        link: Link::Course,
        columns: &[
            ("course_id", Id),
            ("placement_id", PLACEMENT),
            ("created_by", STAFF),
            ("created_at", Instant),
            ("expires_at", Instant),
            ("used_at", Instant),
        ],
        withheld: &[("token_hash", Withheld::Secret), M],
        order: "t.created_at",
    },
    Source {
        section: "exits",
        table: "course_exits",
        link: Link::Course,
        columns: &[
            ("course_id", Id),
            ("outcome", Code("outcome")),
            ("exit_date", Date),
            ("hours_per_week", Int),
            ("recorded_by", STAFF),
            ("recorded_at", Instant),
        ],
        withheld: &[M],
        order: "t.recorded_at",
    },
    Source {
        section: "deadlines_met",
        table: "deadlines_met",
        link: Link::Course,
        columns: &[
            ("course_id", Id),
            ("kind", Code("deadline")),
            ("due", Date),
            ("met_on", Date),
            ("recorded_by", STAFF),
            ("recorded_at", Instant),
        ],
        withheld: &[M],
        order: "t.due",
    },
    Source {
        section: "benefit_periods",
        table: "benefit_periods",
        link: Link::Citizen,
        columns: &[
            ("id", Id),
            ("from_week", Date),
            ("to_week", Date),
            ("benefit", Text),
            ("import_id", REGISTER_FILE),
        ],
        withheld: &[M, C],
        order: "t.from_week",
    },
    Source {
        section: "health_consultations",
        table: "health_consultations",
        link: Link::Course,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("requested_on", Date),
            ("question", Long),
            ("requested_by", STAFF),
            ("answered_on", Date),
            ("answer", Long),
            ("document_id", DOCUMENT),
            ("created_at", Instant),
        ],
        withheld: &[M, V],
        order: "t.created_at",
    },
    Source {
        section: "work_duty",
        table: "work_duty_weeks",
        link: Link::Course,
        columns: &[
            ("course_id", Id),
            ("week", Date),
            ("planned", Int),
            ("met", Int),
            ("reduction", Int),
            ("reduction_reason", Long),
            ("recorded_by", STAFF),
            ("recorded_at", Instant),
        ],
        withheld: &[M, V],
        order: "t.week",
    },
    Source {
        section: "job_conversations",
        table: "job_conversations",
        link: Link::Course,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("held_on", Date),
            ("recorded_by", STAFF),
            ("recorded_at", Instant),
        ],
        withheld: &[M],
        order: "t.held_on",
    },
    Source {
        section: "contact_exemptions",
        table: "contact_exemptions",
        link: Link::Course,
        columns: &[
            ("course_id", Id),
            ("reason", Long),
            ("decided_by", STAFF),
            ("decided_at", Instant),
        ],
        withheld: &[M],
        order: "t.decided_at",
    },
    Source {
        section: "readiness",
        table: "readiness_assessments",
        link: Link::Course,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("assessed_on", Date),
            ("category", Code("category")),
            ("rate", Code("rate")),
            ("recorded_by", STAFF),
            ("recorded_at", Instant),
        ],
        withheld: &[M],
        order: "t.assessed_on",
    },
    Source {
        section: "documents",
        table: "documents",
        link: Link::Course,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("filename", Text),
            ("content_type", Text),
            ("size", Int),
            ("sha256", Text),
            ("content", Bytes),
            ("uploaded_by", STAFF),
            ("created_at", Instant),
        ],
        withheld: &[M],
        order: "t.created_at",
    },
    Source {
        section: "document_shares",
        table: "document_shares",
        link: Link::Citizen,
        columns: &[
            ("document_id", DOCUMENT),
            ("shared_by", STAFF),
            ("shared_at", Instant),
        ],
        withheld: &[M, C],
        order: "t.shared_at",
    },
    Source {
        section: "citizen_sessions",
        table: "citizen_sessions",
        link: Link::Citizen,
        columns: &[("created_at", Instant), ("last_seen", Instant)],
        withheld: &[
            ("id_hash", Withheld::Secret),
            ("csrf_token", Withheld::Secret),
            M,
            C,
        ],
        order: "t.created_at",
    },
    Source {
        section: "citizen_access",
        table: "citizen_access",
        link: Link::Citizen,
        columns: &[
            ("id", Id),
            ("user_id", STAFF),
            ("reason", Code("access_reason")),
            ("purpose", Long),
            ("granted_at", Instant),
            ("expires_at", Instant),
            ("reviewed_by", STAFF),
            ("reviewed_at", Instant),
        ],
        withheld: &[M, C],
        order: "t.granted_at",
    },
    Source {
        section: "legal_holds",
        table: "legal_holds",
        link: Link::Course,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("reason", Long),
            ("placed_by", STAFF),
            ("placed_at", Instant),
            ("lifted_by", STAFF),
            ("lifted_at", Instant),
        ],
        withheld: &[M],
        order: "t.placed_at",
    },
    Source {
        section: "user_notices",
        table: "user_notices",
        link: Link::Course,
        columns: &[
            ("id", Id),
            ("course_id", Id),
            ("user_id", STAFF),
            ("kind", Text),
            ("from_name", Text),
            ("created_at", Instant),
            ("read_at", Instant),
        ],
        withheld: &[M],
        order: "t.created_at",
    },
];

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
