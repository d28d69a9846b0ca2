//! KOMBIT's Context Handler speaks SAML; Jobspor does not. A municipality
//! puts a broker between them: SAML towards the Context Handler, OpenID
//! Connect towards Jobspor. These tests run that whole chain on loopback:
//! the Context Handler stand-in (auth0's `samlp`) signs a Response with the
//! OIOSAML 3 attributes and the privileges of the OIO Basic Privilege
//! Profile; the broker (`@node-saml/node-saml` + `oidc-provider`) checks it
//! and hands Jobspor an ID token whose `groups` are the privileges for its
//! municipality; Jobspor's administrator maps them to roles.

use crate::harness::TestApp;
use crate::idp::Idp;
use crate::sso::{add_rule, callback, refused, sso_app, start, users};
use axum::http::StatusCode;
use jobspor_domain::user::Role;

const CASEWORKER: &str = "http://jobspor.dk/roles/usersystemrole/sagsbehandler/1";

async fn saml_login(app: &TestApp, idp: &Idp, account: &str) -> crate::harness::Resp {
    let (url, browser) = start(app).await;
    let back = idp
        .authorize_saml(&url, account, |xml| xml)
        .await
        .expect("the broker accepts the Context Handler's answer");
    callback(app, &back, &browser).await
}

#[tokio::test]
async fn staff_log_in_through_the_context_handler_and_a_broker() {
    let idp = Idp::start_saml();
    let app = sso_app(&idp).await;
    let before = users(&app).await;
    let r = add_rule(&app, CASEWORKER, "caseworker", "Nord", true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());

    let r = saml_login(&app, &idp, "karin").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.location(), "/forloeb");
    assert_eq!(users(&app).await, before + 1);
    let who = "SELECT COUNT(*) FROM users WHERE display_name = $1 AND role = $2 AND team = 'Nord'";
    assert_eq!(
        app.count(who, &["Karin Kommunal", Role::Caseworker.code()])
            .await,
        1,
        "the user comes from the SAML attributes"
    );
    // The same person again is the same user (the persistent NameID).
    let r = saml_login(&app, &idp, "karin").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(users(&app).await, before + 1);

    // A privilege the rules do not map, or one for another municipality
    // (another CVR scope), gives no access and creates nobody.
    refused(&saml_login(&app, &idp, "leo").await, "giver ikke adgang");
    refused(&saml_login(&app, &idp, "nabo").await, "giver ikke adgang");
    assert_eq!(users(&app).await, before + 1);
}

#[tokio::test]
async fn a_forged_or_altered_saml_answer_never_reaches_jobspor() {
    let idp = Idp::start_saml();
    let app = sso_app(&idp).await;
    add_rule(&app, CASEWORKER, "caseworker", "Nord", true).await;
    let before = users(&app).await;
    // A name changed after signing, a role added to another municipality's
    // user, the signature removed: the broker refuses each, and Jobspor's
    // callback is never reached.
    type Tamper = fn(String) -> String;
    let cases: [(&str, Tamper); 3] = [
        ("karin", |x| {
            x.replace("Karin Kommunal", "Karin Kommunalsen")
        }),
        ("nabo", |x| x.replace("22222222", "11111111")),
        ("karin", |x| {
            let (a, rest) = x.split_once("<Signature").expect("signed");
            let (_, b) = rest.split_once("</Signature>").expect("signed");
            format!("{a}{b}")
        }),
    ];
    for (account, tamper) in cases {
        let (url, _) = start(&app).await;
        let refused = idp.authorize_saml(&url, account, tamper).await;
        assert_eq!(refused, Err(reqwest::StatusCode::BAD_REQUEST), "{account}");
    }
    assert_eq!(users(&app).await, before);
}
