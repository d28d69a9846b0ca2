//! Logins through an identity provider with OpenID Connect: the relying
//! party ([`client`]), the steps both doors share ([`flow`]), and the staff
//! door ([`staff`]). The citizen's door ("Min plan", `crate::my_plan`) uses
//! the same client and flow with a configuration of its own.

pub mod client;
pub mod flow;
pub mod staff;

pub use client::{Identity, OidcClient, Started};

/// A provider configuration, from the environment (`JOBSPOR_OIDC_*` for
/// staff, `JOBSPOR_CITIZEN_OIDC_*` for citizens).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
}

/// What can go wrong talking to the provider. The texts are for the log:
/// they never hold a token, a code or a CPR number.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// The provider could not be reached or discovered.
    #[error("identity provider unavailable: {0}")]
    Unavailable(String),
    /// The provider would not trade the code (used, expired, or not ours).
    #[error("the provider refused the code: {0}")]
    CodeRefused(String),
    #[error("ID token refused: {0:?}")]
    Token(TokenProblem),
}

/// Why an ID token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    Missing,
    Malformed,
    Expired,
    Audience,
    Issuer,
    Nonce,
    /// Signed with a key the provider does not publish (after reading its
    /// keys again).
    UnknownKey,
    Signature,
}

/// How long a login may take at the provider.
pub const LOGIN_WINDOW: chrono::Duration = chrono::Duration::minutes(10);
/// The cookie that ties a login under way to the browser that started it.
pub const BROWSER_COOKIE: &str = "jobspor_oidc";
