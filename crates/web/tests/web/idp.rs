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
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../idp");
        let mut cmd = Command::new("node");
        cmd.arg(format!("{dir}/server.mjs"))
            .args(["--port", "0", "--test-hooks"])
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
        let browser = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let location = |r: &reqwest::Response| {
            r.headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
                .unwrap_or_else(|| panic!("no redirect: {}", r.status()))
        };
        let r = browser.get(url).send().await.expect("authorize");
        let interaction = location(&r);
        assert!(interaction.starts_with("/interaction/"), "{interaction}");
        let r = browser
            .post(format!("{}{interaction}/login", self.issuer))
            .form(&[("account", account)])
            .send()
            .await
            .expect("pick account");
        let resume = location(&r);
        let r = browser.get(&resume).send().await.expect("resume");
        let callback = location(&r);
        let at = callback
            .find("/auth/oidc/callback")
            .or_else(|| callback.find("/borger/"));
        callback[at.expect("a Jobspor callback")..].to_string()
    }
}

impl Drop for Idp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
