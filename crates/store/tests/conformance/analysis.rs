//! Focus areas, on every engine.

use crate::{citizen, course, ev, world};
use chrono::Utc;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::focus::{FocusArea, Polarity};
use jobspor_domain::icf::{Component, IcfCode, Qualifier};
use jobspor_domain::user::Profession;
use jobspor_domain::*;
use jobspor_store::*;

#[tokio::test]
async fn focus_areas_roundtrip_and_removal_is_soft() {
    let w = world().await;
    let c = citizen(&w, "250380-1714", "Karen");
    w.s.create_citizen(&c, &[]).await.unwrap();
    let k = course(&w, &c, &w.cw);
    w.s.create_course(&k, None, &[]).await.unwrap();
    let area =
        |component: Component, polarity, code: Option<&str>, q: Option<Qualifier>, priority| {
            FocusArea {
                id: FocusAreaId::new(),
                municipality_id: w.m,
                course_id: k.id,
                component,
                polarity,
                description: "Beskrivelse".into(),
                icf_code: code.map(|x| IcfCode::parse(x).unwrap()),
                qualifier: q,
                priority,
                suggested_intervention: "Forslag".into(),
                profession: Some(Profession::Physiotherapist),
                created_at: Utc::now(),
                created_by: w.psych.id,
                removed_at: None,
                removed_by: None,
                replaces: None,
            }
        };
    let back = area(
        Component::BodyFunctions,
        Polarity::Barrier,
        Some("b28013"),
        Some(Qualifier::Extent(2)),
        2,
    );
    let family = area(
        Component::EnvironmentalFactors,
        Polarity::Resource,
        Some("e310"),
        Some(Qualifier::Facilitator(3)),
        1,
    );
    let personal = area(
        Component::PersonalFactors,
        Polarity::Resource,
        None,
        None,
        3,
    );
    for a in [&back, &family, &personal] {
        w.s.add_focus_area(a, &[ev(&w, AuditAction::Create, Some(c.id))])
            .await
            .unwrap();
    }
    let list = w.s.focus_areas(w.m, k.id, false).await.unwrap();
    assert_eq!(
        list.iter().map(|a| a.priority).collect::<Vec<_>>(),
        [1, 2, 3],
        "by priority"
    );
    assert_eq!(list[0].qualifier, Some(Qualifier::Facilitator(3)));
    assert_eq!(
        list[1].icf_code.as_ref().map(|x| x.as_str()),
        Some("b28013")
    );
    assert_eq!((list[2].icf_code.clone(), list[2].qualifier), (None, None));
    w.s.remove_focus_area(w.m, k.id, back.id, w.cw.id, Utc::now(), &[])
        .await
        .unwrap();
    assert_eq!(w.s.focus_areas(w.m, k.id, false).await.unwrap().len(), 2);
    let all = w.s.focus_areas(w.m, k.id, true).await.unwrap();
    let removed = all.iter().find(|a| a.id == back.id).unwrap();
    assert_eq!(
        removed.removed_by,
        Some(w.cw.id),
        "kept, with who removed it"
    );
    assert!(
        matches!(
            w.s.remove_focus_area(w.m, k.id, back.id, w.cw.id, Utc::now(), &[])
                .await,
            Err(StoreError::NotFound)
        ),
        "once"
    );
    assert!(matches!(
        w.s.remove_focus_area(
            MunicipalityId::new(),
            k.id,
            family.id,
            w.cw.id,
            Utc::now(),
            &[]
        )
        .await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn one_note_per_author_kept_current_with_a_version_check() {
    use jobspor_domain::analysis::AnalysisNote;
    let w = world().await;
    let c = citizen(&w, "250380-1714", "Karen");
    w.s.create_citizen(&c, &[]).await.unwrap();
    let k = course(&w, &c, &w.cw);
    w.s.create_course(&k, None, &[]).await.unwrap();
    let now = Utc::now();
    let note = AnalysisNote {
        id: NoteId::new(),
        municipality_id: w.m,
        course_id: k.id,
        author_id: w.psych.id,
        author_name: "Pia".into(),
        profession: Some(Profession::Psychologist),
        limitation: "Angst i sociale situationer".into(),
        resources: "God til struktur".into(),
        suggested_intervention: "Mestringsforløb for borgere med angst".into(),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let first =
        w.s.save_analysis_note(&note, None, &[ev(&w, AuditAction::Create, Some(c.id))])
            .await
            .unwrap();
    assert_eq!(first.version, 1);
    assert!(
        matches!(
            w.s.save_analysis_note(
                &AnalysisNote {
                    id: NoteId::new(),
                    ..note.clone()
                },
                None,
                &[]
            )
            .await,
            Err(StoreError::Conflict(_))
        ),
        "one per author"
    );
    let edited = AnalysisNote {
        limitation: "Angst, bedre med støtte".into(),
        ..note.clone()
    };
    assert_eq!(
        w.s.save_analysis_note(&edited, Some(1), &[])
            .await
            .unwrap()
            .version,
        2
    );
    assert!(
        matches!(
            w.s.save_analysis_note(&edited, Some(1), &[]).await,
            Err(StoreError::Conflict(_))
        ),
        "stale"
    );
    let notes = w.s.analysis_notes(w.m, k.id).await.unwrap();
    assert_eq!(
        (
            notes.len(),
            notes[0].limitation.as_str(),
            notes[0].profession
        ),
        (1, "Angst, bedre med støtte", Some(Profession::Psychologist))
    );
    assert!(w
        .s
        .analysis_notes(MunicipalityId::new(), k.id)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn a_corrected_focus_area_replaces_the_old_one_in_one_step() {
    let w = world().await;
    let c = citizen(&w, "250380-1714", "Karen");
    w.s.create_citizen(&c, &[]).await.unwrap();
    let k = course(&w, &c, &w.cw);
    w.s.create_course(&k, None, &[]).await.unwrap();
    let old = FocusArea {
        id: FocusAreaId::new(),
        municipality_id: w.m,
        course_id: k.id,
        component: Component::BodyFunctions,
        polarity: Polarity::Barrier,
        description: "Smerter i ryggen".into(),
        icf_code: Some(IcfCode::parse("b28013").unwrap()),
        qualifier: Some(Qualifier::Extent(2)),
        priority: 2,
        suggested_intervention: String::new(),
        profession: None,
        created_at: Utc::now(),
        created_by: w.cw.id,
        removed_at: None,
        removed_by: None,
        replaces: None,
    };
    w.s.add_focus_area(&old, &[]).await.unwrap();
    let new = FocusArea {
        id: FocusAreaId::new(),
        qualifier: Some(Qualifier::Extent(3)),
        priority: 1,
        created_by: w.psych.id,
        replaces: Some(old.id),
        ..old.clone()
    };
    w.s.replace_focus_area(&new, &[ev(&w, AuditAction::Update, Some(c.id))])
        .await
        .unwrap();
    let current = w.s.focus_areas(w.m, k.id, false).await.unwrap();
    assert_eq!(current.len(), 1);
    assert_eq!(
        (current[0].id, current[0].replaces, current[0].priority),
        (new.id, Some(old.id), 1)
    );
    let all = w.s.focus_areas(w.m, k.id, true).await.unwrap();
    let gone = all.iter().find(|a| a.id == old.id).unwrap();
    assert_eq!(
        gone.removed_by,
        Some(w.psych.id),
        "removed by the corrector"
    );
    // Correcting the removed one again changes nothing: not found.
    let again = FocusArea {
        id: FocusAreaId::new(),
        ..new.clone()
    };
    assert!(matches!(
        w.s.replace_focus_area(&again, &[]).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(w.s.focus_areas(w.m, k.id, true).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_withdrawn_note_is_kept_out_of_sight_and_can_be_written_again() {
    use jobspor_domain::analysis::AnalysisNote;
    let w = world().await;
    let c = citizen(&w, "250380-1714", "Karen");
    w.s.create_citizen(&c, &[]).await.unwrap();
    let k = course(&w, &c, &w.cw);
    w.s.create_course(&k, None, &[]).await.unwrap();
    let now = Utc::now();
    let note = AnalysisNote {
        id: NoteId::new(),
        municipality_id: w.m,
        course_id: k.id,
        author_id: w.psych.id,
        author_name: "Pia".into(),
        profession: Some(Profession::Psychologist),
        limitation: "Angst".into(),
        resources: "Struktur".into(),
        suggested_intervention: String::new(),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    w.s.save_analysis_note(&note, None, &[]).await.unwrap();
    let withdraw = |version| {
        w.s.withdraw_analysis_note(w.m, k.id, w.psych.id, version, Utc::now(), &[])
    };
    assert!(
        matches!(
            withdraw(7).await,
            Err(StoreError::Conflict(Conflict::Stale))
        ),
        "stale"
    );
    assert!(
        matches!(
            w.s.withdraw_analysis_note(w.m, k.id, w.cw.id, 1, Utc::now(), &[])
                .await,
            Err(StoreError::NotFound)
        ),
        "only the author's own note"
    );
    withdraw(1).await.unwrap();
    assert!(w.s.analysis_notes(w.m, k.id).await.unwrap().is_empty());
    assert!(
        matches!(withdraw(2).await, Err(StoreError::NotFound)),
        "once"
    );
    // An update at the old version does not bring it back.
    assert!(matches!(
        w.s.save_analysis_note(&note, Some(2), &[]).await,
        Err(StoreError::Conflict(_))
    ));
    let again = AnalysisNote {
        id: NoteId::new(),
        limitation: "Angst, skrevet igen".into(),
        ..note.clone()
    };
    let back = w.s.save_analysis_note(&again, None, &[]).await.unwrap();
    assert_eq!(
        (back.version, back.limitation.as_str()),
        (3, "Angst, skrevet igen")
    );
    assert_eq!(back.id, note.id, "the same row, brought back");
    assert_eq!(w.s.analysis_notes(w.m, k.id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_catalogue_keeps_its_fields_and_checks_versions() {
    use jobspor_domain::catalogue::{Intervention, Track};
    use jobspor_domain::rules::TargetGroup;
    let w = world().await;
    let unit = w.s.create_unit(w.m, "Sundhedscenter", &[]).await.unwrap();
    let i = Intervention {
        id: InterventionId::new(),
        municipality_id: w.m,
        name: "Smertehåndteringsforløb".into(),
        description: "Holdforløb med fysioterapeut".into(),
        unit_id: unit.id,
        tracks: vec![Track::PhysicalDisorders, Track::DiffuseUnexplained],
        target_groups: vec![TargetGroup::Sygedagpenge],
        usual_weeks: 12,
        capacity: 16,
        price_ore: 840_000,
        progression_questions: vec!["Hvor godt kan du håndtere dine smerter i dag?".into()],
        active: true,
        version: 1,
    };
    w.s.create_intervention(&i, &[]).await.unwrap();
    assert!(
        matches!(
            w.s.create_intervention(
                &Intervention {
                    id: InterventionId::new(),
                    ..i.clone()
                },
                &[]
            )
            .await,
            Err(StoreError::Conflict(_))
        ),
        "unique names"
    );
    let back = w.s.intervention(w.m, i.id).await.unwrap().unwrap();
    assert_eq!(
        (
            back.tracks.clone(),
            back.price_ore,
            back.progression_questions.len()
        ),
        (
            vec![Track::PhysicalDisorders, Track::DiffuseUnexplained],
            840_000,
            1
        )
    );
    let fuller = Intervention {
        capacity: 20,
        ..back.clone()
    };
    assert_eq!(
        w.s.update_intervention(&fuller, 1, &[])
            .await
            .unwrap()
            .version,
        2
    );
    assert!(
        matches!(
            w.s.update_intervention(&fuller, 1, &[]).await,
            Err(StoreError::Conflict(_))
        ),
        "stale"
    );
    assert_eq!(w.s.interventions(w.m).await.unwrap()[0].capacity, 20);
    assert!(w
        .s
        .intervention(MunicipalityId::new(), i.id)
        .await
        .unwrap()
        .is_none());
}
