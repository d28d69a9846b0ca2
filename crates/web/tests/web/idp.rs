//! A real OpenID provider for the login tests: `idp/server.mjs`
//! (oidc-provider) on a loopback port of its own, with its test hooks on,
//! and a browser-like client that goes through its account picker.

use jobspor_web::auth::oidc::OidcSettings;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub struct Idp {
    child: Child,
    pub issuer: String,
}

impl Idp {
    /// Starts a provider; `accounts` replaces its fixed accounts (JSON).
    pub fn start(accounts: Option<&str>) -> Idp {
        Idp::spawn(&[], accounts)
    }

    /// Starts the provider as a broker whose staff logins come from a SAML
    /// identity provider (the Context Handler stand-in beside it).
    pub fn start_saml() -> Idp {
        Idp::spawn(&["--saml"], None)
    }

    fn spawn(extra: &[&str], accounts: Option<&str>) -> Idp {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../idp");
        let mut cmd = Command::new("node");
        cmd.arg(format!("{dir}/server.mjs"))
            .args(["--port", "0", "--test-hooks"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(json) = accounts {
            let file = tempfile::NamedTempFile::new().expect("accounts file");
            std::fs::write(file.path(), json).expect("write accounts");
            let (_, path) = file.keep().expect("keep accounts file");
            cmd.arg("--accounts").arg(path);
        }
        let mut child = cmd
            .spawn()
            .expect("node idp/server.mjs (run `npm ci --prefix idp`)");
        let out = child.stdout.take().expect("stdout");
        let issuer = BufReader::new(out)
            .lines()
            .map_while(Result::ok)
            .find_map(|l| l.strip_prefix("issuer ").map(str::to_string))
            .expect("the provider prints its issuer");
        Idp { child, issuer }
    }

    pub fn settings(&self) -> OidcSettings {
        OidcSettings {
            issuer: self.issuer.clone(),
            client_id: "jobspor".into(),
            client_secret: "jobspor-demo-secret".into(),
        }
    }

    /// Makes the provider's next token responses misbehave (see
    /// `idp/server.mjs`), or behave again with "normal".
    pub async fn mode(&self, m: &str) {
        let r = reqwest::Client::new()
            .post(format!("{}/__test/mode?m={m}", self.issuer))
            .send()
            .await
            .expect("mode");
        assert!(r.status().is_success());
    }

    /// Follows the provider's authorization address as a fresh browser
    /// would (no session at the provider yet), picks `account`, and returns
    /// the path and query of the callback the provider sends it back to.
    pub async fn authorize(&self, url: &str, account: &str) -> String {
        let browser = browser();
        let r = browser.get(url).send().await.expect("authorize");
        let interaction = location(&r);
        assert!(interaction.starts_with("/interaction/"), "{interaction}");
        let r = browser
            .post(format!("{}{interaction}/login", self.issuer))
            .form(&[("account", account)])
            .send()
            .await
            .expect("pick account");
        self.resume(&browser, &location(&r)).await
    }

    /// From the provider's resume address to Jobspor's callback.
    async fn resume(&self, browser: &reqwest::Client, resume: &str) -> String {
        let r = browser.get(resume).send().await.expect("resume");
        let callback = location(&r);
        let at = callback
            .find("/auth/oidc/callback")
            .or_else(|| callback.find("/borger/"));
        callback[at.expect("a Jobspor callback")..].to_string()
    }

    /// The same through the SAML leg: the broker sends the browser to the
    /// Context Handler stand-in with an AuthnRequest, `account` is picked
    /// there, and its signed Response is posted back to the broker, after
    /// `tamper` has had its way with the Response's XML. The callback, or
    /// the broker's refusal (its status).
    pub async fn authorize_saml(
        &self,
        url: &str,
        account: &str,
        tamper: impl Fn(String) -> String,
    ) -> Result<String, reqwest::StatusCode> {
        let browser = browser();
        let r = browser.get(url).send().await.expect("authorize");
        let interaction = location(&r);
        let r = browser
            .get(format!("{}{interaction}", self.issuer))
            .send()
            .await
            .expect("interaction");
        let sso = location(&r);
        assert!(sso.contains("/sso?SAMLRequest="), "{sso}");
        let picker = browser
            .get(&sso)
            .send()
            .await
            .expect("sso")
            .text()
            .await
            .unwrap();
        let ch = &sso[..sso.find("/sso").unwrap()];
        let r = browser
            .post(format!("{ch}/sso/login"))
            .form(&[
                ("SAMLRequest", field(&picker, "SAMLRequest")),
                ("RelayState", field(&picker, "RelayState")),
                ("account", account.into()),
            ])
            .send()
            .await
            .expect("pick account");
        assert!(r.status().is_success(), "{}", r.status());
        let post = r.text().await.unwrap();
        let acs = post
            .split("action=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD;
        let xml = String::from_utf8(b64.decode(field(&post, "SAMLResponse")).unwrap()).unwrap();
        let r = browser
            .post(acs)
            .form(&[
                ("SAMLResponse", b64.encode(tamper(xml))),
                ("RelayState", field(&post, "RelayState")),
            ])
            .send()
            .await
            .expect("assertion consumer");
        if r.status() != reqwest::StatusCode::SEE_OTHER {
            return Err(r.status());
        }
        let done = location(&r);
        let r = browser
            .get(format!("{}{done}", self.issuer))
            .send()
            .await
            .expect("finish");
        Ok(self.resume(&browser, &location(&r)).await)
    }
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no redirect: {}", r.status()))
}

/// A hidden field's value on one of the providers' pages (base64 or an
/// id: nothing in them is escaped).
fn field(page: &str, name: &str) -> String {
    page.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no field {name}: {page}"))
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

impl Drop for Idp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
