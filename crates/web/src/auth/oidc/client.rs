//! The OpenID Connect relying party: discovery, the authorization code flow
//! with PKCE, state and nonce, and the ID token's checks (signature, issuer,
//! audience, expiry, nonce), with the `openidconnect` crate doing the
//! protocol. The provider's metadata and keys are read once and kept; an ID
//! token signed with a key not among them makes the keys be read again once
//! (the provider rotated its keys).

use super::{OidcError, OidcSettings, TokenProblem};
use jobspor_domain::identity::Claims;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreJsonWebKey, CoreJsonWebKeySet,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret,
    CsrfToken, IdToken, IdTokenVerifier, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier,
    PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, Scope,
    SignatureVerificationError,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tokio::sync::RwLock;

/// Every claim beyond the standard ones (groups, CPR number, assurance).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Extra {
    #[serde(flatten)]
    rest: serde_json::Map<String, serde_json::Value>,
}
impl AdditionalClaims for Extra {}

type Token =
    IdToken<Extra, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;

/// The provider as discovered: its metadata and its signing keys.
struct Discovered {
    metadata: ProviderMetadataWithLogout,
    keys: CoreJsonWebKeySet,
}

/// A login on its way to the provider: where to send the browser, and what
/// the callback needs to finish it (kept server-side, never in the URL).
pub struct Started {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// Who the provider says logged in, after every check.
#[derive(Debug, Clone)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    pub name: Option<String>,
    pub username: Option<String>,
    pub claims: Claims,
}

pub struct OidcClient {
    settings: OidcSettings,
    http: openidconnect::reqwest::Client,
    discovered: RwLock<Option<Arc<Discovered>>>,
}

impl OidcClient {
    pub fn new(settings: OidcSettings) -> Result<OidcClient, OidcError> {
        let http = openidconnect::reqwest::ClientBuilder::new()
            // A provider's redirect is never followed: that is how SSRF starts.
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| OidcError::Unavailable(e.to_string()))?;
        Ok(OidcClient {
            settings,
            http,
            discovered: RwLock::new(None),
        })
    }

    pub fn settings(&self) -> &OidcSettings {
        &self.settings
    }

    async fn discovered(&self) -> Result<Arc<Discovered>, OidcError> {
        if let Some(d) = self.discovered.read().await.as_ref() {
            return Ok(d.clone());
        }
        let issuer = IssuerUrl::new(self.settings.issuer.clone())
            .map_err(|e| OidcError::Unavailable(format!("issuer: {e}")))?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(|e| OidcError::Unavailable(format!("discovery: {e}")))?;
        let keys = metadata.jwks().clone();
        let d = Arc::new(Discovered { metadata, keys });
        *self.discovered.write().await = Some(d.clone());
        Ok(d)
    }

    /// Reads the provider's keys again (an ID token named a key we lack).
    async fn reread_keys(&self, old: &Discovered) -> Result<Arc<Discovered>, OidcError> {
        let keys = CoreJsonWebKeySet::fetch_async(old.metadata.jwks_uri(), &self.http)
            .await
            .map_err(|e| OidcError::Unavailable(format!("keys: {e}")))?;
        let d = Arc::new(Discovered {
            metadata: old.metadata.clone(),
            keys,
        });
        *self.discovered.write().await = Some(d.clone());
        tracing::info!("identity provider keys read again");
        Ok(d)
    }

    fn client(&self, d: &Discovered, redirect: &str) -> Result<CoreClientWithLogout, OidcError> {
        let redirect = RedirectUrl::new(redirect.to_string())
            .map_err(|e| OidcError::Unavailable(format!("redirect address: {e}")))?;
        Ok(CoreClient::from_provider_metadata(
            d.metadata.clone(),
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.clone())),
        )
        .set_redirect_uri(redirect))
    }

    /// Starts a login: the provider's address with a fresh state, nonce and
    /// PKCE challenge (S256).
    pub async fn start(&self, redirect: &str, scopes: &[&str]) -> Result<Started, OidcError> {
        let d = self.discovered().await?;
        let client = self.client(&d, redirect)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut req = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for s in scopes {
            req = req.add_scope(Scope::new((*s).to_string()));
        }
        let (url, state, nonce) = req.url();
        Ok(Started {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Finishes a login: trades the code for tokens at the provider (with
    /// the PKCE verifier) and checks the ID token.
    pub async fn finish(
        &self,
        redirect: &str,
        code: &str,
        pkce_verifier: &str,
        nonce: &str,
    ) -> Result<Identity, OidcError> {
        let d = self.discovered().await?;
        let client = self.client(&d, redirect)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| OidcError::Unavailable(format!("token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_string()))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::CodeRefused(e.to_string()))?;
        use openidconnect::TokenResponse;
        let raw = response
            .id_token()
            .ok_or(OidcError::Token(TokenProblem::Missing))?
            .to_string();
        let token: Token = raw
            .parse()
            .map_err(|_| OidcError::Token(TokenProblem::Malformed))?;
        let nonce = Nonce::new(nonce.to_string());
        match self.verify(&d, &token, &nonce) {
            Err(OidcError::Token(TokenProblem::UnknownKey)) => {
                let fresh = self.reread_keys(&d).await?;
                self.verify(&fresh, &token, &nonce)
            }
            other => other,
        }
    }

    fn verify(&self, d: &Discovered, token: &Token, nonce: &Nonce) -> Result<Identity, OidcError> {
        let verifier: IdTokenVerifier<CoreJsonWebKey> = IdTokenVerifier::new_confidential_client(
            ClientId::new(self.settings.client_id.clone()),
            ClientSecret::new(self.settings.client_secret.clone()),
            d.metadata.issuer().clone(),
            d.keys.clone(),
        );
        let claims = token.claims(&verifier, nonce).map_err(|e| {
            OidcError::Token(match e {
                ClaimsVerificationError::Expired(_) => TokenProblem::Expired,
                ClaimsVerificationError::InvalidAudience(_) => TokenProblem::Audience,
                ClaimsVerificationError::InvalidIssuer(_) => TokenProblem::Issuer,
                ClaimsVerificationError::InvalidNonce(_) => TokenProblem::Nonce,
                ClaimsVerificationError::SignatureVerification(
                    SignatureVerificationError::NoMatchingKey,
                ) => TokenProblem::UnknownKey,
                ClaimsVerificationError::SignatureVerification(_) => TokenProblem::Signature,
                _ => TokenProblem::Malformed,
            })
        })?;
        let local = |c: Option<&openidconnect::LocalizedClaim<openidconnect::EndUserName>>| {
            c.and_then(|n| n.get(None)).map(|n| n.as_str().to_string())
        };
        Ok(Identity {
            issuer: claims.issuer().as_str().to_string(),
            subject: claims.subject().as_str().to_string(),
            name: local(claims.name()),
            username: claims.preferred_username().map(|u| u.as_str().to_string()),
            claims: Claims::from_json(&claims.additional_claims().rest),
        })
    }

    /// Where to send the browser to end the session at the provider too
    /// (RP-initiated logout), if the provider offers it.
    pub async fn logout_url(&self, back_to: &str) -> Option<String> {
        let d = self.discovered().await.ok()?;
        let end = d
            .metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let back = PostLogoutRedirectUrl::new(back_to.to_string()).ok()?;
        Some(
            openidconnect::LogoutRequest::from(end)
                .set_client_id(ClientId::new(self.settings.client_id.clone()))
                .set_post_logout_redirect_uri(back)
                .http_get_url()
                .to_string(),
        )
    }
}

type CoreClientWithLogout = CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;
