//! The economics of the investment, in the shape of the council memo's
//! Table 1: saved public support, investment and net gain per year and in
//! total, with the cumulative return. Money is integer øre throughout; the
//! table shows million kroner with one decimal, Danish style.
//!
//! Saved support = benefit weeks avoided against a baseline × the weekly rate
//! for that benefit and year. The weeks avoided are estimated in
//! [`super::prevalence`]: the baseline is the share on benefit in each week
//! since the start, so both sides count the same weeks.

use crate::message::Message;
use serde::Serialize;
use std::collections::BTreeMap;

/// The investment categories of the municipality's investment profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Category {
    /// Sagsbehandlere og tværfaglige teams.
    Casework,
    /// Mentor- og virksomhedsindsats.
    MentorAndCompany,
    /// Sundhed, uddannelse og sociale indsatser.
    HealthEducationSocial,
}

impl Category {
    pub const ALL: [Category; 3] = [
        Category::Casework,
        Category::MentorAndCompany,
        Category::HealthEducationSocial,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::Casework => "casework",
            Category::MentorAndCompany => "mentor_company",
            Category::HealthEducationSocial => "health_education_social",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Investment {
    pub year: i32,
    pub category: Category,
    pub ore: i64,
}

/// Weeks avoided of one benefit in one year (fractional: they are expected values).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AvoidedWeeks {
    pub year: i32,
    pub benefit: String,
    pub weeks: f64,
}

/// Weekly benefit rates in øre, by benefit code and year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rates(pub BTreeMap<(String, i32), i64>);

impl Rates {
    pub fn set(&mut self, benefit: &str, year: i32, ore_per_week: i64) {
        self.0.insert((benefit.to_string(), year), ore_per_week);
    }
}

/// Saved support in øre per year. A benefit-year without a rate is an error
/// naming it, because a silent zero would understate the result.
pub fn saved_support(
    avoided: &[AvoidedWeeks],
    rates: &Rates,
) -> Result<BTreeMap<i32, i64>, Message> {
    let mut by_year = BTreeMap::new();
    for a in avoided {
        let rate = rates.0.get(&(a.benefit.clone(), a.year)).ok_or_else(|| {
            Message::new("invalid.economics_no_rate")
                .with("benefit", a.benefit.clone())
                .with("year", a.year)
        })?;
        *by_year.entry(a.year).or_insert(0.0) += a.weeks * *rate as f64;
    }
    Ok(by_year
        .into_iter()
        .map(|(y, v): (i32, f64)| (y, v.round() as i64))
        .collect())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearColumn {
    pub year: i32,
    pub saved: i64,
    pub invested: i64,
    pub net: i64,
    /// (Σ saved − Σ invested) / Σ invested so far, in per mille; `None`
    /// while nothing is invested.
    pub cumulative_return_permille: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EconomicsTable {
    pub years: Vec<YearColumn>,
    pub total_saved: i64,
    pub total_invested: i64,
    pub total_net: i64,
}

/// The table over every year that has an investment or a saving.
pub fn table(investments: &[Investment], saved: &BTreeMap<i32, i64>) -> EconomicsTable {
    let mut invested: BTreeMap<i32, i64> = BTreeMap::new();
    for i in investments {
        *invested.entry(i.year).or_insert(0) += i.ore;
    }
    let mut years: Vec<i32> = invested.keys().chain(saved.keys()).copied().collect();
    years.sort_unstable();
    years.dedup();
    let (mut cum_saved, mut cum_invested) = (0i64, 0i64);
    let years: Vec<YearColumn> = years
        .into_iter()
        .map(|year| {
            let s = saved.get(&year).copied().unwrap_or(0);
            let i = invested.get(&year).copied().unwrap_or(0);
            cum_saved += s;
            cum_invested += i;
            let ret = (cum_invested > 0)
                .then(|| ((cum_saved - cum_invested) as i128 * 1000 / cum_invested as i128) as i64);
            YearColumn {
                year,
                saved: s,
                invested: i,
                net: s - i,
                cumulative_return_permille: ret,
            }
        })
        .collect();
    let total_saved = years.iter().map(|y| y.saved).sum();
    let total_invested = years.iter().map(|y| y.invested).sum();
    EconomicsTable {
        years,
        total_saved,
        total_invested,
        total_net: total_saved - total_invested,
    }
}

/// Million kroner with one decimal and a decimal comma, as in the memo:
/// 1 573 000 000 øre → "15,7"; negative amounts get a minus sign.
pub fn format_mio(ore: i64) -> String {
    // Tenths of a million kroner = øre / 10⁷, rounded half away from zero.
    let tenths = (ore.abs() + 5_000_000) / 10_000_000;
    let sign = if ore < 0 && tenths > 0 { "-" } else { "" };
    format!("{sign}{},{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mio_formatting_rounds_half_away_from_zero() {
        assert_eq!(format_mio(1_570_000_000), "15,7");
        assert_eq!(format_mio(-1_550_000_000), "-15,5");
        assert_eq!(format_mio(15_800_000_000), "158,0");
        assert_eq!(format_mio(4_999_999), "0,0");
        assert_eq!(format_mio(5_000_000), "0,1");
        assert_eq!(format_mio(-4_000_000), "0,0");
    }

    #[test]
    fn a_missing_rate_is_named() {
        let avoided = vec![AvoidedWeeks {
            year: 2016,
            benefit: "kontanthjaelp".into(),
            weeks: 10.0,
        }];
        let err = saved_support(&avoided, &Rates::default()).unwrap_err();
        assert_eq!(
            err,
            Message::new("invalid.economics_no_rate")
                .with("benefit", "kontanthjaelp")
                .with("year", 2016)
        );
    }
}
