//! Ledelse: the manager's dashboards and the register import. Aggregates
//! only; groups under the minimum size never show. Every dashboard takes
//! the same filters (period, unit, team, target group) and exports each of
//! its tables as CSV and XLSX.

mod capacity;
mod caseload;
mod economics;
mod economics_inputs;
mod outcomes;
pub mod register;
mod research;
mod screening;
mod works;

pub use capacity::{capacity_export, capacity_page};
pub use caseload::{caseload_export, caseload_move, caseload_page, caseload_targets};
pub use economics::{economics_export, economics_page};
pub use economics_inputs::{
    economics_comparison, economics_investment, economics_rate, economics_rates,
    economics_rates_file,
};
pub use outcomes::{outcomes_export, outcomes_page};
pub use register::{register_dry_run, register_form, register_import};
pub use research::{research_export, research_page};
pub use screening::{screening_export, screening_page};
pub use works::{works_export, works_page};

use crate::error::WebError;
use crate::export::{table_download, FileFormat, Table};
use crate::i18n::Lang;
use crate::i18n::Word;
use crate::management::service::outcomes::{Filter, GroupBy, GroupKey};
use crate::page::{Chrome, SelectOption};
use crate::AppState;
use axum::response::Response;
use jobspor_domain::catalogue::Track;
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::user::Actor;
use serde::Deserialize;

/// The filters every dashboard understands, as query parameters.
#[derive(Deserialize, Default, Clone)]
pub struct DashQuery {
    #[serde(default)]
    pub gruppe: String,
    #[serde(default)]
    pub fra: String,
    #[serde(default)]
    pub til: String,
    #[serde(default)]
    pub maalgruppe: String,
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub enhed: String,
    #[serde(default)]
    pub modelstart: String,
    /// Which table an export is of (a dashboard may have several).
    #[serde(default)]
    pub tabel: String,
    #[serde(default)]
    pub format: String,
}

fn non_empty(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.trim().to_string())
}

impl DashQuery {
    pub fn filter(&self) -> Filter {
        Filter {
            group_by: GroupBy::parse(&self.gruppe),
            model_start: jobspor_domain::time::parse_date(&self.modelstart),
            from_year: self.fra.trim().parse().ok(),
            to_year: self.til.trim().parse().ok(),
            target_group: non_empty(&self.maalgruppe),
            team: non_empty(&self.team),
            unit: self.enhed.trim().parse().ok(),
        }
    }

    /// The filters as a query string (without table and format), for links.
    pub fn query_string(&self) -> String {
        serde_urlencoded::to_string([
            ("gruppe", self.gruppe.as_str()),
            ("fra", &self.fra),
            ("til", &self.til),
            ("maalgruppe", &self.maalgruppe),
            ("team", &self.team),
            ("enhed", &self.enhed),
            ("modelstart", &self.modelstart),
        ])
        .unwrap_or_default()
    }

    /// Links to a table's export in both formats.
    pub fn exports(&self, path: &str, table: &str) -> Export {
        self.exports_with(path, table, &[])
    }

    /// The same, with the page's own parameters (e.g. the baseline).
    pub fn exports_with(&self, path: &str, table: &str, extra: &[(&str, &str)]) -> Export {
        let own = serde_urlencoded::to_string(
            std::iter::once(("tabel", table))
                .chain(extra.iter().copied())
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default();
        let base = format!("{path}?{}&{own}", self.query_string());
        Export {
            csv: format!("{base}&format=csv"),
            xlsx: format!("{base}&format=xlsx"),
        }
    }

    pub fn file_format(&self) -> FileFormat {
        FileFormat::parse(&self.format)
    }
}

/// The two download links under a table.
pub struct Export {
    pub csv: String,
    pub xlsx: String,
}

/// The options of the filter form: units of the municipality and the
/// target groups, with the current choice marked.
pub struct FilterForm {
    pub action: &'static str,
    pub units: Vec<SelectOption>,
    pub groups: Vec<SelectOption>,
    pub q: DashQuery,
    /// Whether the form offers grouping and model start (outcomes only).
    pub grouping: Vec<SelectOption>,
}

/// A target group's name in the page's language (the code if unknown).
pub fn group_label(lang: Lang, code: &str) -> String {
    TargetGroup::parse(code)
        .map(|g| g.word_in(lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// A risk class code in words (the code itself if unknown).
pub fn risk_label(lang: Lang, code: &str) -> String {
    match code {
        "low" => lang.t("risk_low").to_string(),
        "moderate" => lang.t("risk_moderate").to_string(),
        "high" => lang.t("risk_high").to_string(),
        other => other.to_string(),
    }
}

/// A catalogue track's code in words (the code itself if unknown).
pub fn track_label(lang: Lang, code: &str) -> String {
    Track::parse(code)
        .map(|t| t.word_in(lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// What a group of the results shares, in the reader's language.
pub fn group_name(lang: Lang, key: &GroupKey) -> String {
    match key {
        GroupKey::BeforeModel => lang.t("before_model").to_string(),
        GroupKey::WithModel => lang.t("with_model").to_string(),
        GroupKey::StartYear(y) => y.to_string(),
        GroupKey::TargetGroup(code) => group_label(lang, code),
        GroupKey::Risk(code) => risk_label(lang, code),
        GroupKey::Unscreened => lang.t("unscreened").to_string(),
        GroupKey::Track(code) => track_label(lang, code),
        GroupKey::Intervention(name) => name.clone(),
        GroupKey::NoIntervention => lang.t("no_intervention").to_string(),
    }
}

pub async fn filter_form(
    state: &AppState,
    actor: &Actor,
    action: &'static str,
    q: &DashQuery,
) -> Result<FilterForm, WebError> {
    let units = state
        .store
        .list_units(actor.municipality_id)
        .await?
        .into_iter()
        .map(|u| {
            let id = u.id.to_string();
            let on = id == q.enhed.trim();
            SelectOption::new(id, u.name, on)
        })
        .collect();
    Ok(FilterForm {
        action,
        units,
        groups: TargetGroup::ALL
            .iter()
            .map(|g| {
                let label = g.word();
                SelectOption::new(g.code(), label, g.code() == q.maalgruppe.trim())
            })
            .collect(),
        q: q.clone(),
        grouping: Vec::new(),
    })
}

/// A table as the download the query asks for, named `name.csv`/`name.xlsx`.
pub fn export(q: &DashQuery, table: &Table, name: &str) -> Result<Response, WebError> {
    table_download(table, q.file_format(), name)
}

/// A share as a percentage the reader's way; `–` when there is none.
pub fn pct(v: Option<f64>) -> String {
    v.map(crate::i18n::percent).unwrap_or_else(|| "–".into())
}

/// A number with one decimal, the reader's way; `–` when there is none.
pub fn dec1(v: Option<f64>) -> String {
    v.map(|v| crate::i18n::decimal(v, 1))
        .unwrap_or_else(|| "–".into())
}

/// A p-value with three decimals; below 0.001 as "< 0.001".
pub fn format_p(p: f64) -> String {
    if p < 0.001 {
        format!("< {}", crate::i18n::decimal(0.001, 3))
    } else {
        crate::i18n::decimal(p, 3)
    }
}

/// The management pages' chrome: the user and the active tab.
pub fn chrome(a: &crate::auth::Authed, title: &str) -> Chrome {
    Chrome::new(Some(a), title, "management")
}
