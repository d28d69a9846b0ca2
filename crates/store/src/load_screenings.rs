//! Typed bulk loading of screenings (a submitted questionnaire response and
//! the triage made from it), for the demo's history: many rows per statement,
//! one transaction per call. Only for filling a fresh database.

use crate::bulk::Cell;
use crate::questionnaires::{answers_json, RESP_COLS};
use crate::triage::TR_COLS;
use crate::{Result, SqlStore};
use jobspor_domain::questionnaire::Response;
use jobspor_domain::triage::Triage;

fn columns(list: &str) -> Vec<&str> {
    list.split(',').map(str::trim).collect()
}

fn opt_text(v: Option<String>) -> Cell {
    v.map_or(Cell::NullText, Cell::Text)
}

impl SqlStore {
    /// Each response with the triage decided from it.
    pub async fn load_screenings(&self, list: &[(Response, Triage)]) -> Result<()> {
        let mut responses = Vec::with_capacity(list.len());
        let mut triages = Vec::with_capacity(list.len());
        for (r, t) in list {
            responses.push(vec![
                Cell::Text(r.id.to_string()),
                Cell::Text(r.municipality_id.to_string()),
                Cell::Text(r.citizen_id.to_string()),
                Cell::Text(r.definition_id.to_string()),
                Cell::Text(r.channel.code().into()),
                Cell::Text(r.language.clone()),
                Cell::Text(r.status.code().into()),
                Cell::Text(answers_json(&r.answers)?),
                opt_text(r.result.clone()),
                opt_text(r.entered_by.map(|u| u.to_string())),
                Cell::Int(r.created_at.timestamp_micros()),
                Cell::Int(r.updated_at.timestamp_micros()),
                r.submitted_at
                    .map_or(Cell::NullInt, |t| Cell::Int(t.timestamp_micros())),
                Cell::Int(r.version),
            ]);
            triages.push(vec![
                Cell::Text(t.id.to_string()),
                Cell::Text(t.municipality_id.to_string()),
                Cell::Text(t.citizen_id.to_string()),
                Cell::Text(t.response_id.to_string()),
                opt_text(t.suggested_risk.map(|k| k.code().to_string())),
                opt_text(t.suggested_readiness.clone()),
                Cell::Text(t.assessed_risk.code().into()),
                opt_text(t.assessed_readiness.clone()),
                Cell::Text(t.decision.code().into()),
                opt_text(t.framework_id.map(|f| f.to_string())),
                opt_text(t.course_id.map(|c| c.to_string())),
                Cell::Text(t.note.clone()),
                Cell::Text(t.decided_by.to_string()),
                Cell::Int(t.decided_at.timestamp_micros()),
                Cell::Int(i64::from(t.disagrees())),
            ]);
        }
        self.load("questionnaire_responses", &columns(RESP_COLS), &responses)
            .await?;
        let mut cols = columns(TR_COLS);
        cols.push("disagrees");
        self.load("triages", &cols, &triages).await
    }
}
