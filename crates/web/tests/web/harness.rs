//! `TestApp`: the real application over a fresh database with a small fixture:
//! one municipality, caseworkers in two teams, a psychologist, provider,
//! manager and admin, and a second municipality with its own caseworker.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use chrono::Utc;
use http_body_util::BodyExt;
use jobspor_domain::user::{Profession, Role, User};
use jobspor_domain::MunicipalityId;
use jobspor_store::testing::TestDb;
use jobspor_store::{NewUser, SecondFactorStore, SqlStore, UserStore};
use jobspor_web::{app, AppState, WebConfig};
use serde_json::Value;
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

pub const PW: &str = "korrekt hest batteri";
/// The fixture's administrator and manager have an authenticator app with
/// this secret (base32), as their roles require.
pub const TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

pub struct TestApp {
    pub _db: TestDb,
    pub store: SqlStore,
    pub app: Router,
    pub m: MunicipalityId,
    pub other_m: MunicipalityId,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }
}

/// A browser-like session: its cookie and CSRF token.
#[derive(Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

fn password_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| jobspor_web::auth::hash_password(PW).expect("hash"))
}

impl TestApp {
    /// The fixture with the default configuration, except that a failed
    /// login answers at once (the tests of that floor set it themselves).
    pub async fn new() -> TestApp {
        TestApp::with_config(WebConfig {
            login_failure_floor: std::time::Duration::ZERO,
            ..WebConfig::default()
        })
        .await
    }

    /// The same fixture, served with this configuration.
    pub async fn with_config(config: WebConfig) -> TestApp {
        let db = TestDb::new().await;
        let store = db.store().await.expect("store");
        let m = MunicipalityId::new();
        let other_m = MunicipalityId::new();
        store.create_municipality(m, "Testkommune").await.unwrap();
        store
            .create_municipality(other_m, "Andenkommune")
            .await
            .unwrap();
        let users: [(&str, Role, Option<&str>, MunicipalityId); 8] = [
            ("cw", Role::Caseworker, Some("Nord"), m),
            ("cw_team", Role::Caseworker, Some("Nord"), m),
            ("cw_other", Role::Caseworker, Some("Syd"), m),
            ("psych", Role::HealthProfessional, None, m),
            ("provider", Role::Provider, None, m),
            ("manager", Role::Manager, None, m),
            ("admin", Role::Admin, None, m),
            ("foreign", Role::Caseworker, Some("Nord"), other_m),
        ];
        for (name, role, team, muni) in users {
            store
                .create_user(
                    &NewUser {
                        municipality_id: muni,
                        username: name.into(),
                        display_name: format!("{name} Testesen"),
                        role,
                        profession: (role == Role::HealthProfessional)
                            .then_some(Profession::Psychologist),
                        unit_id: None,
                        team: team.map(String::from),
                        password_hash: password_hash().to_string(),
                    },
                    &[],
                )
                .await
                .unwrap();
        }
        for name in ["admin", "manager"] {
            let (u, _) = store.user_by_username(name).await.unwrap().unwrap();
            store.begin_enrolment(u.id, TOTP_SECRET).await.unwrap();
            store.confirm_enrolment(u.id, 0, &[], &[]).await.unwrap();
        }
        jobspor_store::install_shipped_definitions(&store)
            .await
            .expect("shipped definitions");
        let state = AppState::new(Arc::new(store.clone()), config);
        TestApp {
            _db: db,
            app: app(state),
            store,
            m,
            other_m,
        }
    }

    /// Makes inserts into `table` fail once it holds `after` rows (0: every
    /// insert), as a crash or a full disk would between the parts of a user
    /// action. [`TestApp::heal`] undoes it.
    pub async fn fail_inserts_into(&self, table: &str, after: i64) {
        let statements = match self.store.backend() {
            jobspor_store::Backend::Sqlite => vec![format!(
                "CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} \
                 WHEN (SELECT COUNT(*) FROM {table}) >= {after} \
                 BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
            )],
            jobspor_store::Backend::Postgres => vec![
                format!(
                    "CREATE OR REPLACE FUNCTION fail_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN IF (SELECT COUNT(*) FROM {table}) >= {after} THEN \
                     RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$"
                ),
                format!(
                    "CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} \
                     FOR EACH ROW EXECUTE FUNCTION fail_{table}()"
                ),
            ],
        };
        self.ddl(&statements).await;
    }

    /// Runs schema changes on a connection of their own. (On the store's
    /// pool, a SQLite connection that another statement left in a read
    /// transaction could run them against an old schema.)
    async fn ddl(&self, statements: &[String]) {
        use sqlx::Connection;
        let mut conn = sqlx::AnyConnection::connect(&self._db.url).await.unwrap();
        for sql in statements {
            sqlx::query(sql).execute(&mut conn).await.unwrap();
        }
        conn.close().await.unwrap();
    }

    /// Removes the failure [`TestApp::fail_inserts_into`] put on `table`.
    pub async fn heal(&self, table: &str) {
        let sql = match self.store.backend() {
            jobspor_store::Backend::Sqlite => format!("DROP TRIGGER fail_{table}"),
            jobspor_store::Backend::Postgres => format!("DROP TRIGGER fail_{table} ON {table}"),
        };
        self.ddl(&[sql]).await;
    }

    /// How many rows `table` holds.
    pub async fn rows(&self, table: &str) -> i64 {
        self.count(&format!("SELECT COUNT(*) FROM {table}"), &[])
            .await
    }

    /// The count a `SELECT COUNT(*)` with the parameters `params` gives.
    /// Read to the end (`fetch_all`): a SQLite statement stopped at its
    /// first row would keep its connection's snapshot, and with it an old
    /// schema, open.
    pub async fn count(&self, sql: &str, params: &[&str]) -> i64 {
        let mut q = sqlx::query_scalar::<_, i64>(sql);
        for p in params {
            q = q.bind(p.to_string());
        }
        q.fetch_all(self.store.pool()).await.unwrap()[0]
    }

    /// A course by its id as the API returns it.
    pub async fn course(&self, id: &str) -> jobspor_domain::course::Course {
        jobspor_store::CourseStore::course(&self.store, self.m, id.parse().expect("course id"))
            .await
            .expect("store")
            .expect("course exists")
    }

    /// A unit and a provider (udfører) working in it.
    pub async fn provider_in(&self, unit: &str, username: &str) -> jobspor_domain::UnitId {
        let u = self.store.create_unit(self.m, unit, &[]).await.unwrap();
        self.store
            .create_user(
                &NewUser {
                    municipality_id: self.m,
                    username: username.into(),
                    display_name: format!("{username} Testesen"),
                    role: Role::Provider,
                    profession: None,
                    unit_id: Some(u.id),
                    team: None,
                    password_hash: password_hash().to_string(),
                },
                &[],
            )
            .await
            .unwrap();
        u.id
    }

    pub async fn user(&self, name: &str) -> User {
        self.store.user_by_username(name).await.unwrap().unwrap().0
    }

    /// The request as if it came over a socket from `peer`.
    pub async fn send_from(&self, mut req: Request<Body>, peer: &str) -> Resp {
        let addr: std::net::SocketAddr = format!("{peer}:40000").parse().expect("address");
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(addr));
        self.send(req).await
    }

    pub async fn send(&self, req: Request<Body>) -> Resp {
        let res = self.app.clone().oneshot(req).await.expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let body = res
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes().to_vec())
            .unwrap_or_default();
        Resp {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str, auth: &Auth) -> Resp {
        self.send(
            auth.apply(Request::builder().method(Method::GET).uri(path))
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    pub async fn post_json(&self, path: &str, auth: &Auth, body: &Value) -> Resp {
        self.send_json(Method::POST, path, auth, body).await
    }

    pub async fn put_json(&self, path: &str, auth: &Auth, body: &Value) -> Resp {
        self.send_json(Method::PUT, path, auth, body).await
    }

    pub async fn send_json(&self, method: Method, path: &str, auth: &Auth, body: &Value) -> Resp {
        let req = auth
            .apply(
                Request::builder()
                    .method(method)
                    .uri(path)
                    .header(header::CONTENT_TYPE, "application/json"),
            )
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(req).await
    }

    pub async fn delete(&self, path: &str, auth: &Auth) -> Resp {
        self.send(
            auth.apply(Request::builder().method(Method::DELETE).uri(path))
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// A form post from a page; the session's CSRF token is added unless `csrf` says otherwise.
    pub async fn post_form(&self, path: &str, s: &Session, fields: &[(&str, &str)]) -> Resp {
        let mut all: Vec<(&str, &str)> = vec![("csrf", &s.csrf)];
        all.extend_from_slice(fields);
        self.post_form_raw(path, Some(s), &all).await
    }

    pub async fn post_form_raw(
        &self,
        path: &str,
        s: Option<&Session>,
        fields: &[(&str, &str)],
    ) -> Resp {
        let mut b = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(s) = s {
            b = b.header(header::COOKIE, &s.cookie);
        }
        self.send(
            b.body(Body::from(serde_urlencoded::to_string(fields).unwrap()))
                .unwrap(),
        )
        .await
    }

    pub async fn token(&self, username: &str) -> Auth {
        let code = self.totp_code(username).await;
        let r = self
            .post_json(
                "/api/v1/auth/token",
                &Auth::None,
                &serde_json::json!({"username": username, "password": PW, "code": code}),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "token for {username}: {}",
            r.text()
        );
        Auth::Bearer(r.json()["token"].as_str().unwrap().to_string())
    }

    /// Logs in through the login form, like a browser.
    /// The user's code from their app now, as a fresh time step (as if 30
    /// seconds had passed since their last code), if they have an app.
    pub async fn totp_code(&self, username: &str) -> Option<String> {
        let user = self.user(username).await;
        let t = self.store.totp(user.id).await.unwrap()?;
        sqlx::query("UPDATE totp_secrets SET last_step = 0 WHERE user_id = $1")
            .bind(user.id.to_string())
            .execute(self.store.pool())
            .await
            .unwrap();
        let totp = jobspor_web::auth::second_factor::totp(&t.secret, username).unwrap();
        let now = u64::try_from(Utc::now().timestamp()).unwrap();
        Some(totp.generate(now).to_string())
    }

    /// Answers the code page after a right password, as the user's app would.
    pub async fn give_code(&self, after_password: &Resp, username: &str) -> Resp {
        let challenge = cookie_value(&after_password.headers, "jobspor_mfa").expect("challenge");
        let code = self.totp_code(username).await.expect("an app");
        let form =
            serde_urlencoded::to_string([("csrf", challenge.as_str()), ("code", &code)]).unwrap();
        self.send(
            Request::builder()
                .method(Method::POST)
                .uri("/login/kode")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, format!("jobspor_mfa={challenge}"))
                .body(Body::from(form))
                .unwrap(),
        )
        .await
    }

    pub async fn login(&self, username: &str) -> Session {
        let mut r = self.try_login(username).await;
        if r.location() == "/login/kode" {
            r = self.give_code(&r, username).await;
        }
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "login {username}: {}",
            r.text()
        );
        self.session_of(&r).await
    }

    /// The session a login's answer started.
    pub async fn session_of(&self, r: &Resp) -> Session {
        let secret = cookie_value(&r.headers, "jobspor_session").expect("session cookie");
        let cookie = format!("jobspor_session={secret}");
        let csrf = self
            .store
            .session(&jobspor_web::auth::sha256_hex(&secret))
            .await
            .unwrap()
            .unwrap()
            .csrf_token;
        Session { cookie, csrf }
    }

    /// Sends the login form with the right password; the answer as it is.
    pub async fn try_login(&self, username: &str) -> Resp {
        let page = self.get("/login", &Auth::None).await;
        let login_cookie = cookie_value(&page.headers, "jobspor_login").expect("login cookie");
        let form = serde_urlencoded::to_string([
            ("username", username),
            ("password", PW),
            ("csrf", &login_cookie),
            ("next", "/"),
        ])
        .unwrap();
        let req = Request::builder()
            .method(Method::POST)
            .uri("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("jobspor_login={login_cookie}"))
            .body(Body::from(form))
            .unwrap();
        self.send(req).await
    }

    /// Creates a citizen and a course through the API as `username`.
    pub async fn citizen_with_course(
        &self,
        username: &str,
        cpr: &str,
        name: &str,
    ) -> (String, String) {
        let t = self.token(username).await;
        let c = self
            .post_json(
                "/api/v1/citizens",
                &t,
                &serde_json::json!({"cpr": cpr, "name": name}),
            )
            .await;
        assert_eq!(c.status, StatusCode::CREATED, "{}", c.text());
        let cid = c.json()["id"].as_str().unwrap().to_string();
        let k = self
            .post_json(
                "/api/v1/courses",
                &t,
                &serde_json::json!({"citizen_id": cid, "target_group": "kontanthjaelp", "category": "aktivitetsparat",
                    "start_date": "2026-03-01", "framework": "Udviklingsforløb"}),
            )
            .await;
        assert_eq!(k.status, StatusCode::CREATED, "{}", k.text());
        (cid, k.json()["id"].as_str().unwrap().to_string())
    }

    pub async fn access_log_actions(&self, citizen: &str) -> Vec<(String, String, String)> {
        let id = citizen.parse().unwrap();
        self.store
            .access_log(self.m, id, 1000)
            .await
            .unwrap()
            .into_iter()
            .map(|e| {
                (
                    e.event.username,
                    e.event.action.code().to_string(),
                    e.event.purpose,
                )
            })
            .collect()
    }

    /// Ages every session, as if the user had been idle.
    pub async fn age_sessions(&self, minutes: i64) {
        let at = (Utc::now() - chrono::Duration::minutes(minutes)).timestamp_micros();
        sqlx::query("UPDATE sessions SET last_seen = $1")
            .bind(at)
            .execute(self.store.pool())
            .await
            .unwrap();
    }
}

use jobspor_store::AuditStore;

pub fn cookie_value(h: &HeaderMap, name: &str) -> Option<String> {
    h.get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.strip_prefix(&format!("{name}="))
                .map(|rest| rest.split(';').next().unwrap_or("").to_string())
        })
}

pub enum Auth {
    None,
    Bearer(String),
    Session(Session),
}

impl Auth {
    pub fn apply(&self, b: axum::http::request::Builder) -> axum::http::request::Builder {
        match self {
            Auth::None => b,
            Auth::Bearer(t) => b.header(header::AUTHORIZATION, format!("Bearer {t}")),
            Auth::Session(s) => b.header(header::COOKIE, &s.cookie),
        }
    }
}
