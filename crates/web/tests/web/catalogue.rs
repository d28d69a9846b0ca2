//! The intervention catalogue: maintained by the administrator, read by staff.

use crate::harness::{Auth, TestApp};
use axum::http::StatusCode;
use jobspor_store::{CatalogueStore, UserStore};

#[tokio::test]
async fn admin_maintains_the_catalogue_and_staff_read_it() {
    let app = TestApp::new().await;
    let unit = app
        .store
        .create_unit(app.m, "Sundhedscenter", &[])
        .await
        .unwrap();
    let s = app.login("admin").await;
    assert_eq!(
        app.get("/admin/indsatser/ny", &Auth::Session(s.clone()))
            .await
            .status,
        StatusCode::OK
    );
    let unit_id = unit.id.to_string();
    let form = |price: &'static str, tracks: &[&'static str]| {
        let mut f: Vec<(&str, &str)> = vec![
            ("name", "Smertehåndteringsforløb"),
            ("description", "Holdforløb"),
            ("unit_id", unit_id.as_str()),
            ("target_groups", "sygedagpenge"),
            ("usual_weeks", "12"),
            ("capacity", "16"),
            ("price", price),
            (
                "progression_questions",
                "Hvor godt kan du håndtere dine smerter i dag?",
            ),
        ];
        f.extend(tracks.iter().map(|t| ("tracks", *t)));
        f
    };
    let no_track = app
        .post_form("/admin/indsatser", &s, &form("8.400", &[]))
        .await;
    assert_eq!(no_track.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_track.text().contains("vælg mindst ét spor") && no_track.text().contains("Holdforløb"),
        "the typed values come back"
    );
    assert_eq!(
        app.post_form(
            "/admin/indsatser",
            &s,
            &form("otte", &["physical_disorders"])
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let ok = app
        .post_form(
            "/admin/indsatser",
            &s,
            &form("8.400,50", &["physical_disorders", "diffuse_unexplained"]),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    assert_eq!(
        app.post_form("/admin/indsatser", &s, &form("1", &["lifestyle"]))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unique names"
    );
    let list = app
        .get("/admin/indsatser", &Auth::Session(s.clone()))
        .await
        .text();
    assert!(
        list.contains("Smertehåndteringsforløb")
            && list.contains("8.400,50 kr.")
            && list.contains("Fysiske lidelser")
    );
    let i = app.store.interventions(app.m).await.unwrap().remove(0);
    assert_eq!((i.price_ore, i.capacity), (840_050, 16));
    // Editing is version-checked; a stale form is a conflict.
    let edit_path = format!("/admin/indsatser/{}", i.id);
    assert!(app
        .get(&edit_path, &Auth::Session(s.clone()))
        .await
        .text()
        .contains("8.400,50"));
    let mut edit = form("9.000", &["physical_disorders"]);
    edit.push(("version", "1"));
    edit.push(("active", "1"));
    assert_eq!(
        app.post_form(&edit_path, &s, &edit).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.post_form(&edit_path, &s, &edit).await.status,
        StatusCode::CONFLICT
    );
    let mut off = form("9.000", &["physical_disorders"]);
    off.push(("version", "2"));
    assert_eq!(
        app.post_form(&edit_path, &s, &off).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(
        !app.store
            .intervention(app.m, i.id)
            .await
            .unwrap()
            .unwrap()
            .active,
        "unticked: inactive"
    );
    // Staff read it through the API, filtered; only the administrator maintains it.
    let t = app.token("cw").await;
    let all = app.get("/api/v1/catalogue", &t).await.json();
    assert_eq!(all["items"][0]["price_ore"], 900_000);
    assert_eq!(
        app.get(
            "/api/v1/catalogue?track=physical_disorders&target_group=sygedagpenge",
            &t
        )
        .await
        .json()["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(
        app.get("/api/v1/catalogue?track=ips", &t).await.json()["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let cw = app.login("cw").await;
    assert_eq!(
        app.get("/admin/indsatser", &Auth::Session(cw.clone()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_form("/admin/indsatser", &cw, &form("1", &["lifestyle"]))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
