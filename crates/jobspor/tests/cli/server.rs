//! Starting and stopping a real `jobspor serve` process. Also used by the
//! benchmark crate's tests (`crates/bench/tests/bench`).

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The `jobspor` binary: cargo names it to this package's tests; another
/// package's tests find it beside their own executable's folder
/// (`target/debug/deps/..`), where `cargo build --workspace` puts it.
pub fn bin() -> std::path::PathBuf {
    if let Some(own) = option_env!("CARGO_BIN_EXE_jobspor") {
        return own.into();
    }
    let exe = std::env::current_exe().expect("the test's own path");
    let path = exe
        .parent()
        .and_then(|deps| deps.parent())
        .map(|dir| dir.join("jobspor"))
        .expect("a target folder");
    assert!(
        path.exists(),
        "{} is missing: run `cargo build --workspace` first",
        path.display()
    );
    path
}

/// `jobspor ARGS` on `url`, with more environment variables: its exit
/// code, and what it printed to stdout and to stderr.
pub fn jobspor_run(
    url: &str,
    env: &[(&str, &std::path::Path)],
    args: &[&str],
) -> (i32, String, String) {
    let out = Command::new(bin())
        .env("DATABASE_URL", url)
        .envs(env.iter().map(|(k, v)| (*k, *v)))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `jobspor audit verify` on `url`: its exit code and what it printed.
pub fn verify(url: &str) -> (i32, String) {
    let (code, stdout, _) = jobspor_run(url, &[], &["audit", "verify"]);
    (code, stdout)
}

pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    /// Starts `jobspor serve` on a port the system picks, and waits until
    /// /healthz answers at the address the server prints.
    pub async fn start(database_url: &str, demo: bool) -> Server {
        Server::start_with(database_url, demo, &[]).await
    }

    /// The same with more environment variables.
    pub async fn start_with(
        database_url: &str,
        demo: bool,
        env: &[(&str, &std::path::Path)],
    ) -> Server {
        let mut cmd = Command::new(bin());
        cmd.envs(env.iter().map(|(k, v)| (*k, *v)));
        cmd.env("DATABASE_URL", database_url)
            .arg("serve")
            .arg("--listen")
            .arg("127.0.0.1:0");
        if demo {
            cmd.arg("--demo");
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn jobspor");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if let Some(url) = line.strip_prefix("Jobspor is listening on ") {
                    let _ = tx.send(url.trim().to_string());
                }
            }
        });
        let base = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("the server printed its address");
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(r) = client.get(format!("{base}/healthz")).send().await {
                if r.status().is_success() {
                    break;
                }
            }
            assert!(Instant::now() < deadline, "server did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Server { child, base }
    }

    /// SIGKILL: no graceful shutdown, no flushing.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn token(base: &str, username: &str, password: &str) -> String {
    let r = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/token"))
        .json(&serde_json::json!({"username": username, "password": password}))
        .send()
        .await
        .expect("token request");
    assert!(r.status().is_success(), "token for {username}");
    let v: serde_json::Value = r.json().await.expect("token json");
    v["token"].as_str().expect("token").to_string()
}

/// GET a JSON document with a bearer token; panics (this is a test) on failure.
pub async fn get_json(base: &str, token: &str, path: &str) -> serde_json::Value {
    let r = reqwest::Client::new()
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    assert!(r.status().is_success(), "GET {path}: {}", r.status());
    r.json().await.expect("json")
}
