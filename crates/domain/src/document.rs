//! Documents attached to a course. Only a few content types are accepted, and
//! the declared type must match the file's first bytes, so a script cannot be
//! uploaded as a "PDF".

use crate::{CourseId, DocumentId, MunicipalityId, UserId};
use chrono::{DateTime, Utc};
use serde::Serialize;
use thiserror::Error;

pub const DOCUMENT_MAX_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, Serialize)]
pub struct DocumentMeta {
    pub id: DocumentId,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: UserId,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DocumentError {
    #[error("filen er tom")]
    Empty,
    #[error("filen er for stor: højst {max} bytes", max = DOCUMENT_MAX_BYTES)]
    TooLarge,
    #[error("filtypen er ikke tilladt; brug PDF, PNG, JPEG eller tekst")]
    UnsupportedType,
    #[error("filens indhold passer ikke til filtypen")]
    ContentMismatch,
    #[error("filnavnet er ugyldigt")]
    BadFilename,
}

/// The accepted types and a check of their magic bytes.
pub const ALLOWED_TYPES: [&str; 4] = ["application/pdf", "image/png", "image/jpeg", "text/plain"];

pub fn check_content(content_type: &str, bytes: &[u8]) -> Result<&'static str, DocumentError> {
    if bytes.is_empty() {
        return Err(DocumentError::Empty);
    }
    if bytes.len() > DOCUMENT_MAX_BYTES {
        return Err(DocumentError::TooLarge);
    }
    let ct = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let (canonical, ok) = match ct.as_str() {
        "application/pdf" => ("application/pdf", bytes.starts_with(b"%PDF-")),
        "image/png" => ("image/png", bytes.starts_with(b"\x89PNG\r\n\x1a\n")),
        "image/jpeg" | "image/jpg" => ("image/jpeg", bytes.starts_with(&[0xFF, 0xD8, 0xFF])),
        "text/plain" => (
            "text/plain",
            std::str::from_utf8(bytes).is_ok() && !bytes.contains(&0),
        ),
        _ => return Err(DocumentError::UnsupportedType),
    };
    if ok {
        Ok(canonical)
    } else {
        Err(DocumentError::ContentMismatch)
    }
}

/// Keeps the last path component, drops control and quote characters.
pub fn clean_filename(name: &str) -> Result<String, DocumentError> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"' && *c != ';')
        .collect();
    let cleaned = cleaned.trim().to_string();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." || cleaned.len() > 200 {
        return Err(DocumentError::BadFilename);
    }
    Ok(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes() {
        assert_eq!(
            check_content("application/pdf", b"%PDF-1.7 ..."),
            Ok("application/pdf")
        );
        assert_eq!(
            check_content("application/pdf", b"<script>"),
            Err(DocumentError::ContentMismatch)
        );
        assert_eq!(
            check_content("text/html", b"<p>"),
            Err(DocumentError::UnsupportedType)
        );
        assert_eq!(
            check_content("text/plain; charset=utf-8", "hej æøå".as_bytes()),
            Ok("text/plain")
        );
        assert_eq!(check_content("text/plain", b""), Err(DocumentError::Empty));
    }

    #[test]
    fn filenames() {
        assert_eq!(
            clean_filename("C:\\x\\læge\"brev.pdf").unwrap(),
            "lægebrev.pdf"
        );
        assert_eq!(clean_filename("../../etc/passwd").unwrap(), "passwd");
        assert!(clean_filename("..").is_err());
    }
}

/// A document the caseworker has shared with the citizen (Min plan).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    pub document_id: DocumentId,
    pub municipality_id: MunicipalityId,
    pub citizen_id: crate::CitizenId,
    pub shared_by: UserId,
    pub shared_at: DateTime<Utc>,
}
