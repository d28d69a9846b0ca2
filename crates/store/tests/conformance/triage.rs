//! Course frameworks and triage decisions, on every engine.

use crate::{citizen, course, entry, ev, world};
use chrono::Utc;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::questionnaire::{
    Answers, Channel, Response, ResponseStatus, RiskClass, StoredDefinition, SHIPPED_SCOPE,
};
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::triage::{CourseFramework, Decision, Triage};
use jobspor_domain::user::Profession;
use jobspor_domain::*;
use jobspor_store::*;

#[tokio::test]
async fn triage_creates_the_course_and_team_in_one_go_and_only_once() {
    let w = world().await;
    let fw = CourseFramework {
        id: FrameworkId::new(),
        municipality_id: w.m,
        name: "Udviklingsforløb for kontanthjælpsmodtagere over 30 år".into(),
        target_group: TargetGroup::Kontanthjaelp,
        default_weeks: 26,
        default_team: vec![Profession::Psychologist, Profession::Nurse],
        active: true,
    };
    w.s.create_framework(&fw, &[]).await.unwrap();
    assert!(matches!(
        w.s.create_framework(
            &CourseFramework {
                id: FrameworkId::new(),
                ..fw.clone()
            },
            &[]
        )
        .await,
        Err(StoreError::Conflict(_))
    ));
    let back = w.s.framework(w.m, fw.id).await.unwrap().unwrap();
    assert_eq!(
        (back.default_weeks, back.default_team.clone()),
        (26, vec![Profession::Psychologist, Profession::Nurse])
    );
    assert_eq!(w.s.frameworks(w.m).await.unwrap().len(), 1);
    assert!(w
        .s
        .framework(MunicipalityId::new(), fw.id)
        .await
        .unwrap()
        .is_none());

    let def =
        w.s.store_definition(
            &StoredDefinition {
                id: DefinitionId::new(),
                scope: SHIPPED_SCOPE.into(),
                key: "k".into(),
                version: 1,
                title: "K".into(),
                body: "{}".into(),
                sha256: "s".into(),
                created_at: Utc::now(),
            },
            &[],
        )
        .await
        .unwrap();
    let c = citizen(&w, "250380-1714", "Karen");
    w.s.create_citizen(&c, &[]).await.unwrap();
    let now = Utc::now();
    let r = Response {
        id: ResponseId::new(),
        municipality_id: w.m,
        citizen_id: c.id,
        definition_id: def.id,
        channel: Channel::Paper,
        language: "da".into(),
        status: ResponseStatus::Submitted,
        answers: Answers::new(),
        result: Some("{}".into()),
        entered_by: Some(w.cw.id),
        created_at: now,
        updated_at: now,
        submitted_at: Some(now),
        version: 1,
    };
    w.s.create_response(&r, None, &[]).await.unwrap();
    let mut k = course(&w, &c, &w.cw);
    k.framework = fw.name.clone();
    let t = Triage {
        id: TriageId::new(),
        municipality_id: w.m,
        citizen_id: c.id,
        response_id: r.id,
        suggested_risk: Some(RiskClass::High),
        suggested_readiness: Some("aktivitetsparat".into()),
        assessed_risk: RiskClass::Moderate,
        assessed_readiness: Some("aktivitetsparat".into()),
        decision: Decision::DevelopmentCourse,
        framework_id: Some(fw.id),
        course_id: Some(k.id),
        note: "Samtale om smerter".into(),
        decided_by: w.cw.id,
        decided_at: now,
    };
    // A failing triage (an unknown team member) leaves no course behind.
    let first = entry(&w, &k, "Visiteret efter screening", None);
    let broken =
        w.s.record_triage(&t, Some((&k, &first)), &[UserId::new()], &[])
            .await;
    assert!(broken.is_err());
    assert!(
        w.s.course(w.m, k.id).await.unwrap().is_none(),
        "rolled back together"
    );
    w.s.record_triage(
        &t,
        Some((&k, &first)),
        &[w.psych.id],
        &[ev(&w, AuditAction::Create, Some(c.id))],
    )
    .await
    .unwrap();
    assert_eq!(
        w.s.course(w.m, k.id).await.unwrap().unwrap().framework,
        fw.name
    );
    assert_eq!(
        w.s.journal(w.m, k.id).await.unwrap()[0].text,
        "Visiteret efter screening",
        "the first entry goes with the course"
    );
    assert_eq!(w.s.course_relations(&k).await.unwrap().1, vec![w.psych.id]);
    let stored = w.s.triage_of_response(w.m, r.id).await.unwrap().unwrap();
    assert_eq!(
        (
            stored.assessed_risk,
            stored.suggested_risk,
            stored.course_id
        ),
        (RiskClass::Moderate, Some(RiskClass::High), Some(k.id))
    );
    assert!(stored.disagrees());
    let flag: i64 = sqlx::query_scalar("SELECT disagrees FROM triages WHERE id = $1")
        .bind(t.id.to_string())
        .fetch_one(w.s.pool())
        .await
        .unwrap();
    assert_eq!(flag, 1, "disagreement is stored for evaluation");
    // Only once per screening.
    let again = Triage {
        id: TriageId::new(),
        decision: Decision::CloseLowRisk,
        course_id: None,
        framework_id: None,
        ..t.clone()
    };
    assert!(matches!(
        w.s.record_triage(&again, None, &[], &[]).await,
        Err(StoreError::Conflict(_))
    ));
}

#[tokio::test]
async fn an_icf_import_replaces_the_municipalitys_set_as_a_whole() {
    use jobspor_domain::icf::{Category, IcfCode};
    let w = world().await;
    let cat = |code: &str, da: &str| Category {
        code: IcfCode::parse(code).unwrap(),
        title_da: da.into(),
        title_en: "x".into(),
    };
    w.s.replace_icf(w.m, &[cat("b1", "Mentale"), cat("b110", "Bevidsthed")], &[])
        .await
        .unwrap();
    assert_eq!(w.s.icf_categories(w.m).await.unwrap().len(), 2);
    w.s.replace_icf(
        w.m,
        &[cat("d850", "Lønnet")],
        &[ev(&w, AuditAction::Update, None)],
    )
    .await
    .unwrap();
    let now = w.s.icf_categories(w.m).await.unwrap();
    assert_eq!((now.len(), now[0].code.as_str()), (1, "d850"));
    // A failing import (a duplicate) leaves the previous set untouched.
    assert!(w
        .s
        .replace_icf(w.m, &[cat("b1", "a"), cat("b1", "b")], &[])
        .await
        .is_err());
    assert_eq!(w.s.icf_categories(w.m).await.unwrap().len(), 1);
    assert!(w
        .s
        .icf_categories(MunicipalityId::new())
        .await
        .unwrap()
        .is_empty());
}
