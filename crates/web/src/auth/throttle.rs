//! Failed logins: counted per (account, address) pair and per account in a
//! sliding window, never per address alone, so that one office behind a
//! proxy cannot be locked out by one person's typing. Unknown accounts count
//! like known ones; every failure takes at least the same time; and the
//! client's address comes from a trusted proxy's header only.

use crate::AppState;
use axum::extract::ConnectInfo;
use axum::http::HeaderMap;
use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures of one account from one address before it waits out the window.
pub const MAX_PER_PAIR: usize = 5;
/// Failures of one account from all addresses together (a guess spread
/// over many addresses); an administrator can unlock it at once.
pub const MAX_PER_ACCOUNT: usize = 50;

/// A username as typed, made the one form it is stored and counted in:
/// without surrounding whitespace, in lower case.
pub fn normalise(username: &str) -> String {
    username.trim().to_lowercase()
}

#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Throttle {
    /// The counters a failure of `username` (normalised) from `ip` adds to.
    fn keys(username: &str, ip: IpAddr) -> [(String, usize); 2] {
        [
            (format!("p:{username}\n{ip}"), MAX_PER_PAIR),
            (format!("a:{username}"), MAX_PER_ACCOUNT),
        ]
    }

    pub fn allowed(&self, username: &str, ip: IpAddr) -> bool {
        let username = normalise(username);
        let now = Instant::now();
        let Ok(mut map) = self.failures.lock() else {
            return false;
        };
        Self::keys(&username, ip).iter().all(|(k, max)| {
            map.get_mut(k).is_none_or(|q| {
                while q.front().is_some_and(|t| now.duration_since(*t) > WINDOW) {
                    q.pop_front();
                }
                q.len() < *max
            })
        })
    }

    pub fn failed(&self, username: &str, ip: IpAddr) {
        let username = normalise(username);
        let now = Instant::now();
        if let Ok(mut map) = self.failures.lock() {
            if map.len() > 100_000 {
                map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
            }
            for (k, _) in Self::keys(&username, ip) {
                map.entry(k).or_default().push_back(now);
            }
        }
    }

    /// A login that got through: its counters start again.
    pub fn succeeded(&self, username: &str, ip: IpAddr) {
        let username = normalise(username);
        if let Ok(mut map) = self.failures.lock() {
            for (k, _) in Self::keys(&username, ip) {
                map.remove(&k);
            }
        }
    }

    /// Whether the account waits out the window from everywhere.
    pub fn locked(&self, username: &str) -> bool {
        let key = format!("a:{}", normalise(username));
        let now = Instant::now();
        self.failures.lock().is_ok_and(|map| {
            map.get(&key).is_some_and(|q| {
                q.iter()
                    .filter(|t| now.duration_since(**t) <= WINDOW)
                    .count()
                    >= MAX_PER_ACCOUNT
            })
        })
    }

    /// An administrator's unlock: every counter of the account goes.
    pub fn unlock(&self, username: &str) {
        let username = normalise(username);
        let pairs = format!("p:{username}\n");
        let account = format!("a:{username}");
        if let Ok(mut map) = self.failures.lock() {
            map.retain(|k, _| !k.starts_with(&pairs) && *k != account);
        }
    }
}

/// Holds a failed login's answer until `floor` after it began, so that an
/// unknown user, a wrong password and a deactivated account (whose failure
/// is also written to the audit log) cannot be told apart by time.
pub async fn pace_failure(started: Instant, floor: Duration) {
    let spent = started.elapsed();
    if spent < floor {
        tokio::time::sleep(floor - spent).await;
    }
}

/// The client's address: the socket's peer, or, when that peer is one of
/// the configured trusted proxies, the nearest address in its
/// `X-Forwarded-For` that is not a trusted proxy itself. Unspecified when
/// not served over a socket (tests that do not set one).
pub fn client_ip(state: &AppState, headers: &HeaderMap, ext: &axum::http::Extensions) -> IpAddr {
    let peer = ext
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    forwarded_client(peer, headers, &state.config.trusted_proxies)
}

fn forwarded_client(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .map_while(|h| h.parse::<IpAddr>().ok())
        .collect();
    hops.into_iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_and_accounts_are_counted_never_an_address_alone() {
        let t = Throttle::default();
        let office: IpAddr = "10.0.0.1".parse().unwrap();
        let home: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..MAX_PER_PAIR {
            assert!(t.allowed(" Ghost ", office));
            t.failed("ghost", office);
        }
        assert!(!t.allowed("ghost", office), "unknown accounts count too");
        assert!(
            !t.allowed("  GHOST", office),
            "whitespace and case are one account"
        );
        assert!(t.allowed("ghost", home), "the same account from elsewhere");
        assert!(t.allowed("other", office), "others behind the same address");
        t.succeeded("ghost", office);
        assert!(t.allowed("ghost", office));
    }

    #[test]
    fn an_account_guessed_from_everywhere_locks_until_unlocked() {
        let t = Throttle::default();
        for i in 0..MAX_PER_ACCOUNT {
            let ip = IpAddr::V4(Ipv4Addr::new(10, 1, (i / 250) as u8, (i % 250) as u8));
            t.failed("cw", ip);
        }
        let fresh: IpAddr = "192.0.2.9".parse().unwrap();
        assert!(t.locked("cw"));
        assert!(!t.allowed("cw", fresh));
        t.unlock(" CW ");
        assert!(!t.locked("cw"));
        assert!(t.allowed("cw", fresh));
    }

    #[test]
    fn the_address_comes_from_a_trusted_proxy_only() {
        let proxy: IpAddr = "10.9.9.9".parse().unwrap();
        let inner: IpAddr = "10.9.9.8".parse().unwrap();
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            "6.6.6.6, 203.0.113.7, 10.9.9.8".parse().unwrap(),
        );
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(forwarded_client(proxy, &h, &[proxy, inner]), client);
        // Not from a trusted proxy: the header is anyone's to write.
        let stranger: IpAddr = "198.51.100.1".parse().unwrap();
        assert_eq!(forwarded_client(stranger, &h, &[proxy]), stranger);
        // A garbled header gives the proxy itself, never a made-up address.
        h.insert("x-forwarded-for", "not-an-address".parse().unwrap());
        assert_eq!(forwarded_client(proxy, &h, &[proxy]), proxy);
    }
}
