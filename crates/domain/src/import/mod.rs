//! Importing existing cases (issue 25, part 1): a table read from the file
//! a municipality's current system exports (`web::import` reads CSV and
//! XLSX into a [`Table`]), a [`Mapping`] of its columns to Jobspor's fields,
//! and the [`plan`]: per line, the citizen created or updated (matched on
//! CPR number) and the course created, or the reasons the line is refused.
//! No line is imported unless every line can be: the store commits the
//! plan in one transaction, or nothing.
//!
//! A case file brings in citizens and their courses (target group,
//! category, start, first day of absence, caseworker, framework, employment
//! goal and referral); a journal file ([`plan_journal`]) their notes from
//! the former system. Plans and interventions are not imported yet.

pub mod cell;

use crate::course::{CourseInput, ReferralSection, ValidCourse};
use crate::cpr::Cpr;
use crate::message::{Explain, Message};
use crate::rules::RuleBook;
use crate::text::{self, SHORT_MAX_BYTES};
use crate::{CourseId, UserId};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// A file read into rows of text: the header line, then each line's cells
/// with its line number in the file (for messages).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Jobspor's fields a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Cpr,
    Name,
    Phone,
    Email,
    Address,
    TargetGroup,
    Category,
    StartDate,
    FirstAbsenceDate,
    /// The responsible caseworker's username.
    Caseworker,
    Framework,
    EmploymentGoal,
    /// The referral from the former system (kept as the referral's
    /// "earlier courses" section).
    Referral,
    /// A journal note's date, text and author (a journal file).
    JournalDate,
    JournalText,
    JournalAuthor,
}

impl Field {
    pub const ALL: [Field; 16] = [
        Field::Cpr,
        Field::Name,
        Field::Phone,
        Field::Email,
        Field::Address,
        Field::TargetGroup,
        Field::Category,
        Field::StartDate,
        Field::FirstAbsenceDate,
        Field::Caseworker,
        Field::Framework,
        Field::EmploymentGoal,
        Field::Referral,
        Field::JournalDate,
        Field::JournalText,
        Field::JournalAuthor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Field::Cpr => "cpr",
            Field::Name => "name",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Address => "address",
            Field::TargetGroup => "target_group",
            Field::Category => "category",
            Field::StartDate => "start_date",
            Field::FirstAbsenceDate => "first_absence_date",
            Field::Caseworker => "caseworker",
            Field::Framework => "framework",
            Field::EmploymentGoal => "employment_goal",
            Field::Referral => "referral",
            Field::JournalDate => "journal_date",
            Field::JournalText => "journal_text",
            Field::JournalAuthor => "journal_author",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == s.trim())
    }

    /// The fields that make a course: when one is mapped, the target group
    /// and the caseworker must be too.
    fn of_course(self) -> bool {
        !matches!(
            self,
            Field::Cpr
                | Field::Name
                | Field::Phone
                | Field::Email
                | Field::Address
                | Field::JournalDate
                | Field::JournalText
                | Field::JournalAuthor
        )
    }
}

/// Which column fills which field, by the column's header.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mapping {
    pub columns: Vec<(Field, String)>,
}

impl Mapping {
    /// A mapping written one `field = Column header` a line (`#` starts a
    /// comment), as an administrator saves and reuses it.
    pub fn parse(text: &str) -> Result<Mapping, Message> {
        let mut columns: Vec<(Field, String)> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((f, col)) = line.split_once('=') else {
                return Err(Message::new("invalid.import_mapping_line").with("line", n + 1));
            };
            let field = Field::parse(f).ok_or_else(|| {
                Message::new("invalid.import_mapping_field").with("value", f.trim().to_string())
            })?;
            if columns.iter().any(|(g, _)| *g == field) {
                return Err(Message::new("invalid.import_mapping_twice")
                    .with("value", field.code().to_string()));
            }
            columns.push((field, col.trim().to_string()));
        }
        Ok(Mapping { columns })
    }

    /// The mapping as it is saved.
    pub fn to_text(&self) -> String {
        self.columns
            .iter()
            .map(|(f, c)| format!("{} = {c}\n", f.code()))
            .collect()
    }

    /// The column index of each mapped field in `headers`; every mapped
    /// column must be there, the CPR number and the name mapped, and a
    /// course needs its target group and caseworker.
    pub fn resolve(&self, headers: &[String]) -> Result<HashMap<Field, usize>, Message> {
        self.resolve_with(headers, &[Field::Cpr, Field::Name])
    }

    /// [`Mapping::resolve`] for a journal file: the CPR number, the date
    /// and the text.
    pub fn resolve_journal(&self, headers: &[String]) -> Result<HashMap<Field, usize>, Message> {
        self.resolve_with(
            headers,
            &[Field::Cpr, Field::JournalDate, Field::JournalText],
        )
    }

    fn resolve_with(
        &self,
        headers: &[String],
        required: &[Field],
    ) -> Result<HashMap<Field, usize>, Message> {
        let mut out = HashMap::new();
        let mut missing = Vec::new();
        for (f, col) in &self.columns {
            match headers.iter().position(|h| h.trim() == col) {
                Some(i) => {
                    out.insert(*f, i);
                }
                None => missing.push(col.clone()),
            }
        }
        if !missing.is_empty() {
            return Err(
                Message::new("invalid.import_columns_missing").with("columns", missing.join(", "))
            );
        }
        for required in required {
            if !out.contains_key(required) {
                return Err(Message::new("invalid.import_field_unmapped")
                    .with("value", required.code().to_string()));
            }
        }
        if out.keys().any(|f| f.of_course()) {
            for required in [Field::TargetGroup, Field::Caseworker] {
                if !out.contains_key(&required) {
                    return Err(Message::new("invalid.import_field_unmapped")
                        .with("value", required.code().to_string()));
                }
            }
        }
        Ok(out)
    }
}

/// What the rest of the system knows that the plan needs: the citizens
/// already there (by CPR number), the municipality's caseworkers (by
/// username), the rules, and today.
pub struct Known<'a> {
    pub existing: &'a HashSet<Cpr>,
    pub caseworkers: &'a HashMap<String, UserId>,
    pub book: &'a RuleBook,
    pub today: NaiveDate,
}

/// A line's citizen as the file gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct CitizenLine {
    pub cpr: Cpr,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

/// A line that can be imported.
#[derive(Debug, Clone)]
pub struct Planned {
    pub line: usize,
    pub citizen: CitizenLine,
    /// Whether the citizen is already there (then their details are
    /// updated from the file).
    pub update: bool,
    pub course: Option<(ValidCourse, UserId)>,
}

/// The plan of a whole file: the lines that can be imported and the lines
/// refused, with their reasons. Only a plan with no refusals is committed.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub planned: Vec<Planned>,
    pub refused: Vec<(usize, Vec<Message>)>,
}

impl Plan {
    pub fn creates(&self) -> usize {
        self.planned.iter().filter(|p| !p.update).count()
    }
    pub fn updates(&self) -> usize {
        self.planned.iter().filter(|p| p.update).count()
    }
    pub fn courses(&self) -> usize {
        self.planned.iter().filter(|p| p.course.is_some()).count()
    }
    pub fn committable(&self) -> bool {
        self.refused.is_empty() && !self.planned.is_empty()
    }
}

/// The oldest date a course of an existing case can have started.
fn earliest() -> NaiveDate {
    NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default()
}

/// Plans every line of the table.
pub fn plan(table: &Table, mapping: &Mapping, known: &Known<'_>) -> Result<Plan, Message> {
    let cols = mapping.resolve(&table.headers)?;
    let latest = known.today + chrono::Duration::days(366);
    let mut out = Plan::default();
    let mut seen: HashMap<Cpr, usize> = HashMap::new();
    for (line, cells) in &table.rows {
        let get = |f: Field| -> &str {
            cols.get(&f)
                .and_then(|i| cells.get(*i))
                .map(|s| s.as_str())
                .unwrap_or("")
        };
        let mut problems = Vec::new();
        for (f, i) in &cols {
            if cells.get(*i).is_some_and(|c| cell::is_formula(c)) {
                problems.push(
                    Message::new("invalid.import_formula").with("value", f.code().to_string()),
                );
            }
        }
        if !problems.is_empty() {
            out.refused.push((*line, problems));
            continue;
        }
        let cpr = match Cpr::parse(get(Field::Cpr)) {
            Ok((c, _)) => Some(c),
            Err(e) => {
                problems.push(e.explain());
                None
            }
        };
        if let Some(c) = &cpr {
            if let Some(first) = seen.get(c) {
                problems.push(Message::new("invalid.import_cpr_twice").with("line", *first));
            } else {
                seen.insert(c.clone(), *line);
            }
        }
        let name = text::required(get(Field::Name), "name", SHORT_MAX_BYTES)
            .map_err(|e| problems.push(e.explain()))
            .ok();
        let mut optional = |f: Field| -> Option<String> {
            text::optional(Some(get(f)), "text", SHORT_MAX_BYTES)
                .map_err(|e| problems.push(e.explain()))
                .ok()
                .flatten()
        };
        let (phone, email, address) = (
            optional(Field::Phone),
            optional(Field::Email),
            optional(Field::Address),
        );
        // A line with no target group brings the citizen, not a course.
        let course = if !get(Field::TargetGroup).trim().is_empty() {
            course(get, known, latest, &mut problems)
        } else {
            None
        };
        match (cpr, name) {
            (Some(cpr), Some(name)) if problems.is_empty() => out.planned.push(Planned {
                line: *line,
                update: known.existing.contains(&cpr),
                citizen: CitizenLine {
                    cpr,
                    name,
                    phone,
                    email,
                    address,
                },
                course,
            }),
            _ => out.refused.push((*line, problems)),
        }
    }
    Ok(out)
}

/// The line's course, checked as the course form checks it.
fn course<'a>(
    get: impl Fn(Field) -> &'a str,
    known: &Known<'_>,
    latest: NaiveDate,
    problems: &mut Vec<Message>,
) -> Option<(ValidCourse, UserId)> {
    let caseworker = known
        .caseworkers
        .get(get(Field::Caseworker).trim())
        .copied();
    if caseworker.is_none() {
        problems.push(
            Message::new("invalid.import_unknown_caseworker")
                .with("value", get(Field::Caseworker).trim().to_string()),
        );
    }
    let mut date = |f: Field, required: bool| -> Option<NaiveDate> {
        let s = get(f);
        if s.trim().is_empty() && !required {
            return None;
        }
        cell::date(s, earliest(), latest)
            .map_err(|m| problems.push(m))
            .ok()
    };
    let start = date(Field::StartDate, true);
    let first_absence = date(Field::FirstAbsenceDate, false);
    let start = start?;
    let category = Some(get(Field::Category).trim()).filter(|s| !s.is_empty());
    let input = CourseInput {
        target_group: get(Field::TargetGroup).trim(),
        category,
        start_date: start,
        first_absence_date: first_absence,
        follow_up_track: "",
        framework: get(Field::Framework),
        employment_goal: get(Field::EmploymentGoal),
        referral: vec![(ReferralSection::PreviousCourses, get(Field::Referral))],
    };
    match input.validate(known.book, known.today) {
        Ok(v) => caseworker.map(|c| (v, c)),
        Err(e) => {
            problems.push(e.explain());
            None
        }
    }
}

/// A journal note of a line of a journal file, for the citizen's newest
/// course.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalLine {
    pub line: usize,
    pub cpr: Cpr,
    pub course: CourseId,
    pub date: NaiveDate,
    pub text: String,
    /// Who wrote it in the former system, as the file names them.
    pub author: Option<String>,
}

/// The plan of a journal file: a citizen may have many lines.
#[derive(Debug, Clone, Default)]
pub struct JournalPlan {
    pub planned: Vec<JournalLine>,
    pub refused: Vec<(usize, Vec<Message>)>,
}

/// Plans a journal file: each line's citizen must be known with a course
/// (`courses`: the newest course of each citizen, by CPR number), its date
/// a date up to today, its text a journal text.
pub fn plan_journal(
    table: &Table,
    mapping: &Mapping,
    courses: &HashMap<Cpr, CourseId>,
    today: NaiveDate,
) -> Result<JournalPlan, Message> {
    let cols = mapping.resolve_journal(&table.headers)?;
    let mut out = JournalPlan::default();
    for (line, cells) in &table.rows {
        let get = |f: Field| -> &str {
            cols.get(&f)
                .and_then(|i| cells.get(*i))
                .map(|s| s.as_str())
                .unwrap_or("")
        };
        let mut problems: Vec<Message> = cols
            .iter()
            .filter(|(_, i)| cells.get(**i).is_some_and(|c| cell::is_formula(c)))
            .map(|(f, _)| {
                Message::new("invalid.import_formula").with("value", f.code().to_string())
            })
            .collect();
        if !problems.is_empty() {
            out.refused.push((*line, problems));
            continue;
        }
        let cpr = Cpr::parse(get(Field::Cpr))
            .map(|(c, _)| c)
            .map_err(|e| problems.push(e.explain()))
            .ok();
        let course = cpr.as_ref().and_then(|c| {
            let k = courses.get(c).copied();
            if k.is_none() {
                problems.push(Message::new("invalid.import_no_course"));
            }
            k
        });
        let date = cell::date(get(Field::JournalDate), earliest(), today)
            .map_err(|m| problems.push(m))
            .ok();
        let text = crate::journal::validate_text(get(Field::JournalText))
            .map_err(|e| problems.push(e.explain()))
            .ok();
        let author = text::optional(Some(get(Field::JournalAuthor)), "name", SHORT_MAX_BYTES)
            .map_err(|e| problems.push(e.explain()))
            .ok()
            .flatten();
        match (cpr, course, date, text) {
            (Some(cpr), Some(course), Some(date), Some(text)) if problems.is_empty() => {
                out.planned.push(JournalLine {
                    line: *line,
                    cpr,
                    course,
                    date,
                    text,
                    author,
                })
            }
            _ => out.refused.push((*line, problems)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
