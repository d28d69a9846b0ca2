use super::*;
use crate::rules::RuleBook;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn consultation(answered: Option<NaiveDate>, document: bool) -> HealthConsultation {
    HealthConsultation {
        id: ConsultationId::new(),
        municipality_id: MunicipalityId::new(),
        course_id: CourseId::new(),
        requested_on: d(2026, 3, 2),
        question: "Kan borgeren arbejde i et fleksjob?".into(),
        requested_by: UserId::new(),
        answered_on: answered,
        answer: if answered.is_some() {
            "Ja, 10-12 timer om ugen".into()
        } else {
            String::new()
        },
        document_id: document.then(DocumentId::new),
        created_at: Utc::now(),
        version: 1,
    }
}

fn decisions_on(day: NaiveDate) -> Decisions {
    RuleBook::shipped().on(day).unwrap().decisions
}

fn key(r: Result<(), Message>) -> Option<&'static str> {
    r.err().map(|m| m.key)
}

#[test]
fn the_reform_asks_for_the_health_coordinators_advice_from_its_first_day() {
    let none: &[HealthConsultation] = &[];
    let before = decisions_on(d(2026, 1, 31));
    let on = decisions_on(d(2026, 2, 1));
    for r in [Recommendation::Flexjob, Recommendation::Foertidspension] {
        assert_eq!(key(check_recommendation(r, &before, none)), None);
        assert_eq!(
            key(check_recommendation(r, &on, none)),
            Some("invalid.health_advice_needed")
        );
    }
    // The plan needs no advice, on any day.
    assert_eq!(
        key(check_recommendation(Recommendation::Plan, &on, none)),
        None
    );
}

#[test]
fn advice_counts_only_once_answered_and_attached() {
    let on = decisions_on(d(2026, 12, 7));
    let r = Recommendation::Flexjob;
    let requested = [consultation(None, false)];
    let answered = [consultation(Some(d(2026, 3, 20)), false)];
    let attached = [
        consultation(None, false),
        consultation(Some(d(2026, 3, 20)), true),
    ];
    assert_eq!(requested[0].status(), ConsultationStatus::Requested);
    assert_eq!(answered[0].status(), ConsultationStatus::Answered);
    assert_eq!(attached[1].status(), ConsultationStatus::Attached);
    assert!(check_recommendation(r, &on, &requested).is_err());
    assert!(check_recommendation(r, &on, &answered).is_err());
    assert!(check_recommendation(r, &on, &attached).is_ok());
}

#[test]
fn a_new_ressourceforloeb_closes_with_the_reform() {
    let none: &[HealthConsultation] = &[];
    let r = Recommendation::Ressourceforloeb;
    assert_eq!(
        key(check_recommendation(r, &decisions_on(d(2026, 1, 31)), none)),
        None
    );
    assert_eq!(
        key(check_recommendation(r, &decisions_on(d(2026, 2, 1)), none)),
        Some("invalid.ressourceforloeb_closed_to_new_cases")
    );
}

#[test]
fn recommendations_are_chosen_by_code() {
    assert_eq!(Recommendation::chosen(""), Ok(Recommendation::Plan));
    assert_eq!(
        Recommendation::chosen("flexjob"),
        Ok(Recommendation::Flexjob)
    );
    assert_eq!(
        Recommendation::chosen("kategori_3").map_err(|m| m.key),
        Err("invalid.choose_a_recommendation")
    );
}

#[test]
fn consultation_dates_are_real_past_and_in_order() {
    let today = d(2026, 12, 7);
    let ok = check_request("2026-11-30", "Hvilke skånehensyn?", today).unwrap();
    assert_eq!(ok.0, d(2026, 11, 30));
    let err = |r: Result<(NaiveDate, String), Message>| r.err().map(|m| m.key);
    assert_eq!(
        err(check_request("2026-12-08", "Spørgsmål", today)),
        Some("invalid.consultation_date_in_future")
    );
    assert_eq!(
        err(check_request("2018-12-31", "Spørgsmål", today)),
        Some("invalid.date_too_far")
    );
    assert_eq!(
        err(check_request("9999-01-01", "Spørgsmål", today)),
        Some("invalid.date_too_far")
    );
    assert_eq!(
        err(check_request("0000-01-01", "Spørgsmål", today)),
        Some("invalid.date_too_far")
    );
    assert_eq!(
        err(check_request("2026-02-30", "Spørgsmål", today)),
        Some("invalid.date_not_valid")
    );
    assert_eq!(
        err(check_request("2026-11-30", "  ", today)),
        Some("error.text.empty")
    );
    assert_eq!(
        err(check_answer("2026-11-29", "Svar", d(2026, 11, 30), today)),
        Some("invalid.answer_before_request")
    );
    assert_eq!(
        check_answer("2026-11-30", "Svar", d(2026, 11, 30), today)
            .unwrap()
            .0,
        d(2026, 11, 30)
    );
}
