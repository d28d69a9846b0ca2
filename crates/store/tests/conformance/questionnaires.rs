//! Questionnaire definitions, responses and links, on every engine.

use crate::{citizen, ev, world};
use chrono::Utc;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::questionnaire::{
    AnswerValue, Answers, Channel, Link, Response, ResponseStatus, StoredDefinition, SHIPPED_SCOPE,
};
use jobspor_domain::{DefinitionId, MunicipalityId, ResponseId};
use jobspor_store::*;

fn definition(scope: &str, key: &str, version: u32, sha: &str) -> StoredDefinition {
    StoredDefinition {
        id: DefinitionId::new(),
        scope: scope.into(),
        key: key.into(),
        version,
        title: format!("{key} v{version}"),
        body: format!("{{\"key\":\"{key}\",\"sha\":\"{sha}\"}}"),
        sha256: sha.into(),
        created_at: Utc::now(),
    }
}

#[tokio::test]
async fn definitions_are_immutable_versions_per_scope() {
    let w = world().await;
    let shipped =
        w.s.store_definition(&definition(SHIPPED_SCOPE, "oempsq-10", 1, "a"), &[])
            .await
            .unwrap();
    // Storing the same version again with the same content is a no-op.
    let again =
        w.s.store_definition(&definition(SHIPPED_SCOPE, "oempsq-10", 1, "a"), &[])
            .await
            .unwrap();
    assert_eq!(again.id, shipped.id);
    // Other content under the same version is refused.
    assert!(matches!(
        w.s.store_definition(&definition(SHIPPED_SCOPE, "oempsq-10", 1, "b"), &[])
            .await,
        Err(StoreError::Conflict(_))
    ));
    // A municipality's own version, and another municipality's, stay apart.
    let own =
        w.s.store_definition(
            &definition(&w.m.to_string(), "egen", 1, "c"),
            &[ev(&w, AuditAction::Create, None)],
        )
        .await
        .unwrap();
    let other_m = MunicipalityId::new();
    w.s.create_municipality(other_m, "Anden").await.unwrap();
    let foreign =
        w.s.store_definition(&definition(&other_m.to_string(), "egen", 1, "d"), &[])
            .await
            .unwrap();
    let mine: Vec<String> =
        w.s.definitions(w.m)
            .await
            .unwrap()
            .into_iter()
            .map(|d| format!("{}:{}", d.key, d.sha256))
            .collect();
    assert_eq!(mine, ["egen:c", "oempsq-10:a"]);
    assert!(w.s.definition(w.m, foreign.id).await.unwrap().is_none());
    assert_eq!(
        w.s.definition(w.m, own.id).await.unwrap().unwrap().body,
        own.body
    );
    assert!(
        w.s.definition(other_m, shipped.id).await.unwrap().is_some(),
        "shipped is for everyone"
    );
    // Even direct SQL cannot change a stored version.
    let upd = sqlx::query("UPDATE questionnaire_definitions SET body = 'x'")
        .execute(w.s.pool())
        .await;
    assert!(upd.is_err());
}

fn answers(pairs: &[(&str, i64)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), AnswerValue::Scale(*v)))
        .collect()
}

#[tokio::test]
async fn responses_save_as_they_go_and_lock_on_submit() {
    let w = world().await;
    let def =
        w.s.store_definition(&definition(SHIPPED_SCOPE, "oempsq-10", 1, "a"), &[])
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
        channel: Channel::Link,
        language: "ar".into(),
        status: ResponseStatus::Draft,
        answers: Answers::new(),
        result: None,
        entered_by: None,
        created_at: now,
        updated_at: now,
        submitted_at: None,
        version: 1,
    };
    let link = Link {
        token_hash: "hash-1".into(),
        municipality_id: w.m,
        citizen_id: c.id,
        response_id: r.id,
        created_by: w.cw.id,
        created_at: now,
        expires_at: now + chrono::Duration::days(14),
        revoked_at: None,
    };
    w.s.create_response(&r, Some(&link), &[ev(&w, AuditAction::Create, Some(c.id))])
        .await
        .unwrap();
    assert_eq!(w.s.link("hash-1").await.unwrap().unwrap().response_id, r.id);
    assert!(w.s.link("nope").await.unwrap().is_none());

    let a1 =
        w.s.save_answers(w.m, r.id, 1, &answers(&[("q2_pain", 4)]), &[])
            .await
            .unwrap();
    assert_eq!((a1.version, a1.answers.len()), (2, 1));
    // A stale save (e.g. a resent form) is a conflict, not an overwrite.
    assert!(matches!(
        w.s.save_answers(w.m, r.id, 1, &answers(&[("q2_pain", 9)]), &[])
            .await,
        Err(StoreError::Conflict(_))
    ));
    let a2 =
        w.s.save_answers(
            w.m,
            r.id,
            2,
            &answers(&[("q2_pain", 4), ("q3_light_work", 6)]),
            &[],
        )
        .await
        .unwrap();
    let done =
        w.s.submit_response(w.m, r.id, a2.version, &a2.answers, "{\"total\":10}", &[])
            .await
            .unwrap();
    assert_eq!(
        (done.status, done.result.as_deref()),
        (ResponseStatus::Submitted, Some("{\"total\":10}"))
    );
    assert!(done.submitted_at.is_some());
    // Locked: neither a second submit nor an edit changes anything.
    assert!(matches!(
        w.s.submit_response(
            w.m,
            r.id,
            done.version,
            &answers(&[("q2_pain", 0)]),
            "{}",
            &[]
        )
        .await,
        Err(StoreError::Conflict(Conflict::Submitted))
    ));
    assert!(matches!(
        w.s.save_answers(w.m, r.id, done.version, &Answers::new(), &[])
            .await,
        Err(StoreError::Conflict(_))
    ));
    let back = w.s.response(w.m, r.id).await.unwrap().unwrap();
    assert_eq!(back.answers, a2.answers);
    assert_eq!((back.language.as_str(), back.definition_id), ("ar", def.id));
    assert!(w
        .s
        .response(MunicipalityId::new(), r.id)
        .await
        .unwrap()
        .is_none());
    assert_eq!(w.s.responses_of_citizen(w.m, c.id).await.unwrap().len(), 1);
    assert!(matches!(
        w.s.save_answers(w.m, ResponseId::new(), 1, &Answers::new(), &[])
            .await,
        Err(StoreError::NotFound)
    ));

    // Links: another for the same response, revocation once.
    let second = Link {
        token_hash: "hash-2".into(),
        ..link.clone()
    };
    w.s.add_link(&second, &[]).await.unwrap();
    assert_eq!(w.s.links_of_response(w.m, r.id).await.unwrap().len(), 2);
    w.s.revoke_link(w.m, "hash-1", &[]).await.unwrap();
    assert!(w
        .s
        .link("hash-1")
        .await
        .unwrap()
        .unwrap()
        .revoked_at
        .is_some());
    assert!(matches!(
        w.s.revoke_link(w.m, "hash-1", &[]).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        w.s.revoke_link(MunicipalityId::new(), "hash-2", &[]).await,
        Err(StoreError::NotFound)
    ));
    // All of a response's open links at once: only its own, only open ones.
    let third = Link {
        token_hash: "hash-3".into(),
        ..link.clone()
    };
    w.s.add_link(&third, &[]).await.unwrap();
    assert_eq!(
        w.s.revoke_links(MunicipalityId::new(), r.id, &[])
            .await
            .unwrap(),
        0
    );
    assert_eq!(w.s.revoke_links(w.m, r.id, &[]).await.unwrap(), 2);
    assert_eq!(w.s.revoke_links(w.m, r.id, &[]).await.unwrap(), 0);
    for l in w.s.links_of_response(w.m, r.id).await.unwrap() {
        assert!(l.revoked_at.is_some(), "{}", l.token_hash);
    }
}
