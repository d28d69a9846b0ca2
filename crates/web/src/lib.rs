//! Jobspor's HTTP layer: server-rendered pages, the JSON API under `/api/v1`,
//! authentication, role-and-relationship access, audit and i18n.
//!
//! Error policy: handlers return [`error::WebError`]. It maps to an HTTP status
//! at the edge; the cause is logged (without personal data) and never shown.
//! Access denials and unknown records both become 404 so that the existence
//! of a record is not revealed.
//!
//! Every read or change of personal data writes an audit entry: changes in the
//! same transaction as the data (through the store), reads before the response
//! leaves. When the audit write fails, the request fails.

// Shared by every feature: responses, errors, audit, CSRF and sessions,
// translation, exports, charts, PDF and mail.
pub mod api;
pub mod audit;
pub mod benefit;
pub mod chart;
pub mod confirm;
pub mod error;
pub mod export;
pub mod i18n;
pub mod job_contact;
pub mod mail;
pub mod openapi;
pub mod page;
pub mod paths;
pub mod pdf;
pub mod security;

// One module per feature, each with its router, handlers, view models and
// templates (`src/FEATURE/templates`).
pub mod admin;
pub mod analysis;
pub mod auth;
pub mod catalogue;
pub mod citizens;
pub mod conference;
pub mod consent;
pub mod control;
pub mod courses;
pub mod description;
pub mod home;
pub mod import;
pub mod insight;
pub mod journal;
pub mod log_review;
pub mod management;
pub mod my_plan;
pub mod notices;
pub mod plan;
pub mod progression;
pub mod provider;
pub mod retention;
pub mod rules;
pub mod screening;
pub mod selfservice;
pub mod triage;
pub mod work_duty;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::{Json, Router};
use jobspor_store::Store;
use std::sync::Arc;
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Settings the web layer needs.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Send HSTS (only when served over TLS, e.g. behind a terminating proxy).
    pub hsts: bool,
    /// Set the Secure attribute on cookies. Browsers accept Secure cookies on
    /// http://localhost and 127.0.0.1, so this stays on except for tests with
    /// clients that do not.
    pub secure_cookies: bool,
    /// The address users reach Jobspor at (scheme, host and port), for the
    /// identity provider's callback and links in e-mails.
    pub public_url: String,
    /// The municipality's identity provider for staff, if configured.
    pub staff_oidc: Option<auth::oidc::OidcSettings>,
    /// The NemLog-in/MitID broker for citizens ("Min plan"), if configured.
    pub citizen_oidc: Option<auth::oidc::OidcSettings>,
    /// The scopes asked of the citizens' provider (space-separated).
    pub citizen_scopes: String,
    /// Administrators and managers who log in with a password must give a
    /// TOTP code too (off only for the demo, whose passwords are public).
    pub mfa_required: bool,
    /// Proxies whose `X-Forwarded-For` names the client (login throttling
    /// and the audit of logins); nobody else's header is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Every failed password login takes at least this long, so the answer's
    /// time tells nothing about the username.
    pub login_failure_floor: std::time::Duration,
}

impl WebConfig {
    /// An absolute address of a path of this Jobspor.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.trim_end_matches('/'))
    }
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            hsts: false,
            secure_cookies: true,
            public_url: "http://127.0.0.1:8080".into(),
            staff_oidc: None,
            citizen_oidc: None,
            citizen_scopes: "openid".into(),
            mfa_required: true,
            trusted_proxies: Vec::new(),
            login_failure_floor: std::time::Duration::from_millis(400),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: WebConfig,
    pub throttle: Arc<auth::Throttle>,
    /// The management dashboards' source data, kept briefly.
    pub eval_cache: Arc<management::service::snapshot::EvalCache>,
    /// The staff identity provider's client, when one is configured.
    pub staff_oidc: Option<Arc<auth::oidc::OidcClient>>,
    /// The citizens' identity provider's client, when one is configured.
    pub citizen_oidc: Option<Arc<auth::oidc::OidcClient>>,
    /// The Content-Security-Policy, with the providers' origins.
    pub csp: axum::http::HeaderValue,
    /// Imports running in the background (`import::jobs`).
    pub imports: Arc<import::jobs::Jobs>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: WebConfig) -> AppState {
        let client = |s: &Option<auth::oidc::OidcSettings>, what: &str| {
            s.clone().and_then(|s| {
                auth::oidc::OidcClient::new(s)
                    .inspect_err(|e| tracing::error!(error = %e, door = what, "login door is off"))
                    .ok()
                    .map(Arc::new)
            })
        };
        let staff_oidc = client(&config.staff_oidc, "staff");
        let citizen_oidc = client(&config.citizen_oidc, "citizen");
        let providers: Vec<&str> = config
            .staff_oidc
            .iter()
            .chain(config.citizen_oidc.iter())
            .map(|s| s.issuer.as_str())
            .collect();
        let csp = security::csp(&providers);
        AppState {
            store,
            config,
            throttle: Arc::new(auth::Throttle::default()),
            eval_cache: Arc::default(),
            imports: Arc::default(),
            staff_oidc,
            citizen_oidc,
            csp,
        }
    }
}

/// Largest request body in general; document uploads have their own limit.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The whole application.
pub fn app(state: AppState) -> Router {
    let pages = Router::new()
        .merge(auth::router())
        .merge(admin::router())
        .merge(analysis::router())
        .merge(catalogue::router())
        .merge(citizens::router())
        .merge(conference::router())
        .merge(description::router())
        .merge(work_duty::router())
        .merge(job_contact::router())
        .merge(benefit::router())
        .merge(consent::router())
        .merge(control::router())
        .merge(courses::router())
        .merge(import::router())
        .merge(insight::router())
        .merge(journal::router())
        .merge(log_review::router())
        .merge(management::router())
        .merge(plan::router())
        .merge(progression::router())
        .merge(retention::router())
        .merge(provider::router())
        .merge(rules::router())
        .merge(screening::router())
        .merge(selfservice::router())
        .merge(my_plan::router())
        .merge(notices::router())
        .merge(triage::router())
        .merge(home::router());
    let api = OpenApiRouter::new()
        .merge(auth::api_router())
        .merge(analysis::api_router())
        .merge(catalogue::api_router())
        .merge(citizens::api_router())
        .merge(conference::api_router())
        .merge(consent::api_router())
        .merge(control::api_router())
        .merge(courses::api_router())
        .merge(insight::api_router())
        .merge(journal::api_router())
        .merge(plan::api_router())
        .merge(progression::api_router())
        .merge(provider::api_router())
        .merge(screening::api_router())
        .merge(triage::api_router())
        .merge(home::api_router().into());
    let (documented, doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(home::healthz))
        .nest("/api/v1", api)
        .split_for_parts();
    let doc = Arc::new(doc);
    let documented = documented.route(
        "/api/v1/openapi.json",
        get(move || {
            let doc = doc.clone();
            async move { Json(doc.as_ref().clone()) }
        }),
    );
    Router::new()
        .merge(pages)
        .merge(documented)
        .route_layer(axum::middleware::from_fn(security::access_log))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .layer(axum::middleware::from_fn(security::refuse_nul))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .with_state(state)
}
