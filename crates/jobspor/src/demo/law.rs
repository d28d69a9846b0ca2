//! Demo records of today's law: job conversations and exemptions on the
//! courses close to the labour market, and arbejdspligt weeks on some
//! kontanthjælp courses. Drawn from their own random stream, so the rest of
//! the demo stays as it was.

use super::err;
use chrono::{Duration, NaiveDate, Utc};
use jobspor_domain::course::{Course, CourseStatus};
use jobspor_domain::evaluation::duration::monday;
use jobspor_domain::job_contact::{close_to_labour_market, window_end, Exemption, JobConversation};
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::rules::{RuleBook, TargetGroup};
use jobspor_domain::user::{Role, User};
use jobspor_domain::work_duty::{applies, DutyWeek, WEEKLY_HOURS};
use jobspor_domain::{ConversationId, JournalEntryId};
use jobspor_store::{JobContactStore, SqlStore, WorkDutyStore};
use rand::rngs::StdRng;
use rand::Rng;

const EXEMPTIONS: &[&str] = &[
    "Har fået tilsagn om job og starter om tre uger",
    "Er i gang med en afklaring hos egen læge; samtalerne venter til den er færdig",
];

fn note(course: &Course, by: &User, day: NaiveDate, text: String) -> JournalEntry {
    JournalEntry {
        id: JournalEntryId::new(),
        municipality_id: course.municipality_id,
        course_id: course.id,
        author_id: by.id,
        author_name: by.display_name.clone(),
        author_role: Role::Caseworker,
        entry_date: day,
        text,
        corrects: None,
        created_at: Utc::now(),
    }
}

pub(super) async fn contact_and_duty(
    store: &SqlStore,
    rng: &mut StdRng,
    course: &Course,
    caseworker: &User,
    today: NaiveDate,
) -> Result<(), String> {
    if course.status == CourseStatus::Closed || course.status == CourseStatus::Referred {
        return Ok(());
    }
    let start = course.start_date;
    if close_to_labour_market(course.target_group, course.category.as_deref()) {
        let last = window_end(start).min(today);
        let days = (last - start).num_days();
        if days >= 0 && rng.gen_bool(0.8) {
            for _ in 0..rng.gen_range(1..=3) {
                let held_on = start + Duration::days(rng.gen_range(0..=days));
                let c = JobConversation {
                    id: ConversationId::new(),
                    municipality_id: course.municipality_id,
                    course_id: course.id,
                    held_on,
                    recorded_by: caseworker.id,
                    recorded_at: Utc::now(),
                };
                let text = format!("Jobsamtale holdt {}.", held_on.format("%d-%m-%Y"));
                store
                    .record_conversation(&c, &note(course, caseworker, held_on, text), &[])
                    .await
                    .map_err(err)?;
            }
        } else if rng.gen_bool(0.4) {
            let reason = EXEMPTIONS[rng.gen_range(0..EXEMPTIONS.len())];
            let e = Exemption {
                municipality_id: course.municipality_id,
                course_id: course.id,
                reason: reason.into(),
                decided_by: caseworker.id,
                decided_at: Utc::now(),
            };
            let text = format!(
                "Undtaget fra kravene om jobsamtaler og tilbud i kontaktforløbet: {reason}"
            );
            store
                .set_exemption(
                    course.municipality_id,
                    course.id,
                    Some(&e),
                    &note(course, caseworker, today, text),
                    &[],
                )
                .await
                .map_err(err)?;
        }
    }
    let book = RuleBook::shipped();
    if course.target_group == TargetGroup::Kontanthjaelp
        && applies(&book, TargetGroup::Kontanthjaelp, monday(today))
        && rng.gen_bool(0.2)
    {
        let reduced = rng.gen_bool(0.25);
        for back in 1..=4 {
            let week = monday(today) - Duration::weeks(back);
            if week < monday(start) {
                continue;
            }
            let reduction = if reduced { 10 } else { 0 };
            let planned = rng.gen_range(15..=WEEKLY_HOURS - reduction);
            let met = planned - rng.gen_range(0..=planned.min(8));
            let w = DutyWeek {
                municipality_id: course.municipality_id,
                course_id: course.id,
                week,
                planned,
                met,
                reduction,
                reduction_reason: if reduced {
                    "Lægeerklæring: kan ikke stå mere end 6 timer om dagen".into()
                } else {
                    String::new()
                },
                recorded_by: caseworker.id,
                recorded_at: Utc::now(),
                version: 1,
            };
            store.save_duty_week(&w, None, &[]).await.map_err(err)?;
        }
    }
    Ok(())
}
