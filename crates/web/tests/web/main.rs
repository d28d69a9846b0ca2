//! The web integration suite: the real router over a fresh database of the
//! engine named by `JOBSPOR_TEST_DB`, driven with `oneshot` requests.

mod access;
mod analysis;
mod analysis_api;
mod api;
mod api_screening;
mod atomicity;
mod benefit;
mod catalogue;
mod conference;
mod control;
mod course_pages;
mod dashboards;
mod description;
mod evaluation;
mod focus;
mod harness;
mod icf;
mod idp;
mod job_contact;
mod mail;
mod my_plan;
mod my_plan_documents;
mod my_plan_questionnaires;
mod pages;
mod plan;
mod progression;
mod progression_admin_api;
mod rating_link;
mod rules;
mod screening;
mod second_factor;
mod sessions;
mod sso;
mod triage;
mod work_duty;
