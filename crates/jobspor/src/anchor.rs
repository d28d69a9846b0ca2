//! The audit chain's anchor outside the database (see
//! `jobspor_domain::audit_anchor`): checkpoints of every chain head, signed
//! with a key the database never holds, appended to a file the database
//! cannot reach; and the check of the chain against them.

use jobspor_domain::audit_anchor::{
    check, read_lines, unsigned_prunes, AnchorProblem, Checkpoint, MIN_KEY_BYTES,
};
use jobspor_domain::MunicipalityId;
use jobspor_store::{AuditStore, SqlStore};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where checkpoints go and the key that signs them.
#[derive(Clone)]
pub struct Anchor {
    pub file: PathBuf,
    key: Vec<u8>,
}

impl Anchor {
    /// The anchor from its two settings; both or neither.
    pub fn from(
        file: Option<PathBuf>,
        key_file: Option<PathBuf>,
    ) -> Result<Option<Anchor>, String> {
        match (file, key_file) {
            (None, None) => Ok(None),
            (Some(file), Some(key_file)) => {
                let key = std::fs::read(&key_file).map_err(|e| {
                    format!("cannot read the audit key {}: {e}", key_file.display())
                })?;
                let key: Vec<u8> = key.trim_ascii().to_vec();
                if key.len() < MIN_KEY_BYTES {
                    return Err(format!(
                        "the audit key must hold at least {MIN_KEY_BYTES} bytes (e.g. `head -c 32 /dev/urandom | base64`)"
                    ));
                }
                Ok(Some(Anchor { file, key }))
            }
            _ => Err(
                "set both JOBSPOR_AUDIT_CHECKPOINTS and JOBSPOR_AUDIT_KEY_FILE, or neither".into(),
            ),
        }
    }

    /// Appends a checkpoint for every chain whose head moved since `last`
    /// (all of them when `last` is empty), and syncs the file. Returns the
    /// heads written.
    pub async fn write(
        &self,
        store: &SqlStore,
        last: &mut HashMap<String, i64>,
    ) -> Result<usize, String> {
        let heads = store.audit_heads().await.map_err(|e| e.to_string())?;
        let now = chrono::Utc::now();
        let mut lines = String::new();
        let mut written = 0;
        for (m, seq, hash) in heads {
            if last.get(&m.to_string()) == Some(&seq) {
                continue;
            }
            let cp = Checkpoint::sign(&self.key, now, m, seq, &hash)
                .ok_or("the audit key is too short")?;
            lines.push_str(&serde_json::to_string(&cp).map_err(|e| e.to_string())?);
            lines.push('\n');
            last.insert(m.to_string(), seq);
            written += 1;
        }
        if written > 0 {
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.file)
                .map_err(|e| format!("cannot open {}: {e}", self.file.display()))?;
            f.write_all(lines.as_bytes())
                .and_then(|_| f.sync_all())
                .map_err(|e| format!("cannot write {}: {e}", self.file.display()))?;
        }
        Ok(written)
    }

    /// Appends the retention job's signed word that it pruned `m`'s chain up
    /// to `seq` (hash `hash`), and syncs the file.
    pub fn sign_prune(&self, m: MunicipalityId, seq: i64, hash: &str) -> Result<(), String> {
        let cp = Checkpoint::sign_prune(&self.key, chrono::Utc::now(), m, seq, hash)
            .ok_or("the audit key is too short")?;
        let mut line = serde_json::to_string(&cp).map_err(|e| e.to_string())?;
        line.push('\n');
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.file)
            .map_err(|e| format!("cannot open {}: {e}", self.file.display()))?;
        f.write_all(line.as_bytes())
            .and_then(|_| f.sync_all())
            .map_err(|e| format!("cannot write {}: {e}", self.file.display()))
    }

    /// Checks the chains against every checkpoint in the file.
    pub async fn verify(
        &self,
        store: &SqlStore,
    ) -> Result<(usize, Vec<(String, AnchorProblem)>), String> {
        verify_file(store, &self.file, &self.key).await
    }
}

async fn verify_file(
    store: &SqlStore,
    file: &Path,
    key: &[u8],
) -> Result<(usize, Vec<(String, AnchorProblem)>), String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let (checkpoints, forged) = read_lines(&text, key);
    let mut problems: Vec<(String, AnchorProblem)> = forged
        .into_iter()
        .map(|p| ("checkpoints".to_string(), p))
        .collect();
    let heads: HashMap<String, i64> = store
        .audit_heads()
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|(m, seq, _)| (m.to_string(), seq))
        .collect();
    // The latest checkpoint of each chain is the strongest claim; each one
    // is checked, so a rewrite below the latest is found too.
    for cp in &checkpoints {
        let m = cp.municipality.to_string();
        let head = heads.get(&m).copied();
        let hash_now = match head {
            Some(h) if h >= cp.seq => store
                .audit_hash_at(cp.municipality, cp.seq)
                .await
                .map_err(|e| e.to_string())?,
            _ => None,
        };
        if let Some(p) = check(cp, head, hash_now.as_deref()) {
            if !problems.iter().any(|(pm, pp)| *pm == m && *pp == p) {
                problems.push((m, p));
            }
        }
    }
    // Every prune the database records must be the retention job's, signed:
    // otherwise the chain's start was cut and a prune claimed.
    let prunes = store.audit_prunes().await.map_err(|e| e.to_string())?;
    for (m, p) in unsigned_prunes(&prunes, &checkpoints) {
        problems.push((m.to_string(), p));
    }
    Ok((checkpoints.len(), problems))
}

/// Writes checkpoints every `every` for as long as the server runs.
pub async fn run(store: SqlStore, anchor: Anchor, every: std::time::Duration) {
    let mut last = HashMap::new();
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        if let Err(e) = anchor.write(&store, &mut last).await {
            // Loud: without checkpoints a rewrite of the tail goes unseen.
            tracing::error!(error = %e, "audit checkpoint failed");
        }
    }
}
