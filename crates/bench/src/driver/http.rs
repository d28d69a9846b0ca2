//! The driver's HTTP side: a pooled keep-alive client that follows no
//! redirects (a form's 303 and its target are what we check), and the
//! login dance of a browser: the login form's token, the session cookie,
//! and the CSRF token the pages carry.

use std::time::Duration;

pub struct Http {
    client: reqwest::Client,
    base: String,
}

/// What a check needs from a response.
pub struct Resp {
    pub status: u16,
    pub location: String,
    pub set_cookies: Vec<String>,
    pub body: String,
}

impl Resp {
    /// A cookie's value from `Set-Cookie`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookies.iter().find_map(|c| {
            c.strip_prefix(name)?
                .strip_prefix('=')
                .map(|v| v.split(';').next().unwrap_or("").to_string())
        })
    }

    /// The value of the first hidden `csrf` field on a page.
    pub fn csrf(&self) -> Option<String> {
        field_value(&self.body, "csrf")
    }
}

/// `name="NAME" value="…"` on a rendered page.
pub fn field_value(body: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker)? + marker.len();
    let len = body[start..].find('"')?;
    Some(body[start..start + len].to_string())
}

impl Http {
    pub fn new(base: &str) -> Result<Http, String> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(Duration::from_secs(90))
            .timeout(Duration::from_secs(60))
            .no_proxy()
            .build()
            .map_err(|e| format!("http client: {e}"))?;
        Ok(Http {
            client,
            base: base.trim_end_matches('/').to_string(),
        })
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> Result<Resp, String> {
        let res = req.send().await.map_err(|e| format!("request: {e}"))?;
        let status = res.status().as_u16();
        let header = |v: &reqwest::header::HeaderValue| v.to_str().unwrap_or("").to_string();
        let location = res
            .headers()
            .get(reqwest::header::LOCATION)
            .map(header)
            .unwrap_or_default();
        let set_cookies = res
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .map(header)
            .collect();
        let body = res.text().await.map_err(|e| format!("body: {e}"))?;
        Ok(Resp {
            status,
            location,
            set_cookies,
            body,
        })
    }

    pub async fn get(&self, path: &str, cookie: &str) -> Result<Resp, String> {
        let mut req = self.client.get(format!("{}{path}", self.base));
        if !cookie.is_empty() {
            req = req.header(reqwest::header::COOKIE, cookie);
        }
        self.send(req).await
    }

    pub async fn post(
        &self,
        path: &str,
        cookie: &str,
        form: &[(&str, &str)],
    ) -> Result<Resp, String> {
        let mut req = self.client.post(format!("{}{path}", self.base)).form(form);
        if !cookie.is_empty() {
            req = req.header(reqwest::header::COOKIE, cookie);
        }
        self.send(req).await
    }

    /// Logs in as a browser does. Returns the session cookie (`name=value`,
    /// ready for the `Cookie` header).
    pub async fn login(&self, username: &str, password: &str) -> Result<String, String> {
        let form = self.get("/login", "").await?;
        let token = form
            .cookie(jobspor_web::auth::LOGIN_COOKIE)
            .ok_or("the login form set no cookie")?;
        let login_cookie = format!("{}={token}", jobspor_web::auth::LOGIN_COOKIE);
        let res = self
            .post(
                "/login",
                &login_cookie,
                &[
                    ("username", username),
                    ("password", password),
                    ("csrf", &token),
                ],
            )
            .await?;
        if res.status != 303 {
            return Err(format!("login as {username}: status {}", res.status));
        }
        // Managers and administrators give the code from their app (the
        // generator set it up with a known secret).
        let res = if res.location == jobspor_web::auth::paths::login_code() {
            let challenge = res
                .cookie(jobspor_web::auth::second_factor::CHALLENGE_COOKIE)
                .ok_or("no challenge cookie")?;
            let totp =
                jobspor_web::auth::second_factor::totp(crate::generate::TOTP_SECRET, username)
                    .map_err(|e| e.to_string())?;
            let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0);
            let code = totp.generate(now).to_string();
            let cookie = format!(
                "{}={challenge}",
                jobspor_web::auth::second_factor::CHALLENGE_COOKIE
            );
            let res = self
                .post(
                    &jobspor_web::auth::paths::login_code(),
                    &cookie,
                    &[("csrf", challenge.as_str()), ("code", code.as_str())],
                )
                .await?;
            if res.status != 303 {
                return Err(format!("code for {username}: status {}", res.status));
            }
            res
        } else {
            res
        };
        let secret = res
            .cookie(jobspor_web::auth::SESSION_COOKIE)
            .ok_or("login set no session cookie")?;
        Ok(format!("{}={secret}", jobspor_web::auth::SESSION_COOKIE))
    }
}
