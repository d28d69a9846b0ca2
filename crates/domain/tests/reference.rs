//! Jobspor's survival statistics against R's `survival` package, to 1e-6.
//!
//! The data sets and expected values in `tests/reference/` were produced by
//! `Rscript make_reference.R` in that folder (R 4.2 with survival 3.5-3,
//! Debian bookworm). They cover ties (whole weeks), censoring, three groups,
//! a single group, a curve that reaches 0, and a Cox model with two factors
//! and a number, fitted with Efron's ties as R does by default; and the
//! edge cases where R has a convention: a median landing on 0.5, a group
//! without events, a group with nothing expected in the log-rank test, and
//! a Cox model with an infinite and an aliased coefficient.

use jobspor_domain::evaluation::cox::{cox, Subject};
use jobspor_domain::evaluation::logrank::log_rank;
use jobspor_domain::evaluation::survival::{kaplan_meier, KaplanMeier, Observation};
use std::collections::HashMap;

const TOL: f64 = 1e-6;

struct Row {
    time: f64,
    event: bool,
    group: String,
    age: String,
    risk: f64,
}

fn data(name: &str) -> Vec<Row> {
    let text = std::fs::read_to_string(format!(
        "{}/tests/reference/{name}.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            let f: HashMap<&str, &str> = header.iter().copied().zip(l.split(',')).collect();
            Row {
                time: f["time"].parse().unwrap(),
                event: f["event"] == "1",
                group: f.get("group").unwrap_or(&"").to_string(),
                age: f.get("age").unwrap_or(&"").to_string(),
                risk: f.get("risk").map(|r| r.parse().unwrap()).unwrap_or(0.0),
            }
        })
        .collect()
}

/// name → values; R's NA becomes None.
fn expected(name: &str) -> HashMap<String, Vec<Option<f64>>> {
    let text = std::fs::read_to_string(format!(
        "{}/tests/reference/{name}.expected",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    text.lines()
        .map(|l| {
            let mut it = l.split_whitespace();
            let key = it.next().unwrap().to_string();
            (
                key,
                it.map(|v| {
                    if v == "NA" {
                        None
                    } else {
                        Some(v.parse().unwrap())
                    }
                })
                .collect(),
            )
        })
        .collect()
}

fn same(what: &str, got: Option<f64>, want: Option<f64>) {
    match (got, want) {
        (Some(g), Some(w)) => {
            assert!(
                (g - w).abs() <= TOL * w.abs().max(1.0),
                "{what}: got {g}, R gives {w}"
            )
        }
        (g, w) => assert_eq!(g, w, "{what}"),
    }
}

fn same_all(what: &str, got: &[Option<f64>], want: &[Option<f64>]) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        same(&format!("{what}[{i}]"), *g, *w);
    }
}

fn obs(rows: &[&Row]) -> Vec<Observation> {
    rows.iter()
        .map(|r| Observation::new(r.time, r.event))
        .collect()
}

fn check_km(prefix: &str, km: &KaplanMeier, exp: &HashMap<String, Vec<Option<f64>>>) {
    let col = |f: &dyn Fn(&jobspor_domain::evaluation::survival::Step) -> Option<f64>| -> Vec<Option<f64>> {
        km.steps.iter().map(f).collect()
    };
    let e = |k: &str| &exp[&format!("{prefix}.{k}")];
    same_all(
        &format!("{prefix} time"),
        &col(&|s| Some(s.time)),
        e("time"),
    );
    same_all(
        &format!("{prefix} at risk"),
        &col(&|s| Some(s.at_risk as f64)),
        e("n_risk"),
    );
    same_all(
        &format!("{prefix} events"),
        &col(&|s| Some(s.events as f64)),
        e("n_event"),
    );
    same_all(
        &format!("{prefix} S"),
        &col(&|s| Some(s.survival)),
        e("surv"),
    );
    same_all(
        &format!("{prefix} Greenwood se"),
        &col(&|s| s.std_err),
        e("std_err"),
    );
    same_all(&format!("{prefix} lower"), &col(&|s| s.lower), e("lower"));
    same_all(&format!("{prefix} upper"), &col(&|s| s.upper), e("upper"));
    let m = km.median();
    same_all(
        &format!("{prefix} median"),
        &[m.value, m.lower, m.upper],
        e("median"),
    );
    same(
        &format!("{prefix} rmean"),
        Some(km.restricted_mean(None)),
        e("rmean")[0],
    );
    same(
        &format!("{prefix} rmean26"),
        Some(km.restricted_mean(Some(26.0))),
        e("rmean26")[0],
    );
}

#[test]
fn kaplan_meier_greenwood_median_and_restricted_mean_match_r() {
    let rows = data("groups");
    let exp = expected("groups");
    let all: Vec<&Row> = rows.iter().collect();
    check_km("all", &kaplan_meier(&obs(&all)).unwrap(), &exp);
    for g in ["A", "B", "C"] {
        let of: Vec<&Row> = rows.iter().filter(|r| r.group == g).collect();
        check_km(&format!("km_{g}"), &kaplan_meier(&obs(&of)).unwrap(), &exp);
    }
}

#[test]
fn a_single_group_reaching_zero_matches_r() {
    let rows = data("single");
    let all: Vec<&Row> = rows.iter().collect();
    check_km(
        "all",
        &kaplan_meier(&obs(&all)).unwrap(),
        &expected("single"),
    );
}

#[test]
fn log_rank_matches_r_survdiff() {
    let rows = data("groups");
    let exp = expected("groups");
    let group = |g: &str| obs(&rows.iter().filter(|r| r.group == g).collect::<Vec<_>>());
    let three = log_rank(&[group("A"), group("B"), group("C")]).unwrap();
    same_all(
        "observed",
        &three.observed.iter().map(|v| Some(*v)).collect::<Vec<_>>(),
        &exp["logrank3.obs"],
    );
    same_all(
        "expected",
        &three.expected.iter().map(|v| Some(*v)).collect::<Vec<_>>(),
        &exp["logrank3.exp"],
    );
    same(
        "chi2 (3 groups)",
        Some(three.chi2),
        exp["logrank3.chisq"][0],
    );
    same("p (3 groups)", Some(three.p_value), exp["logrank3.p"][0]);
    assert_eq!(three.df, 2);
    let two = log_rank(&[group("A"), group("B")]).unwrap();
    same("chi2 (2 groups)", Some(two.chi2), exp["logrank2.chisq"][0]);
    same("p (2 groups)", Some(two.p_value), exp["logrank2.p"][0]);
}

#[test]
fn cox_efron_matches_r_coxph() {
    let rows = data("groups");
    let exp = expected("groups");
    // R's order: factor(group)B, factor(group)C, factor(age)30-49, factor(age)50+, risk.
    let names: Vec<String> = ["group B", "group C", "age 30-49", "age 50+", "risk"]
        .map(String::from)
        .to_vec();
    let subjects: Vec<Subject> = rows
        .iter()
        .map(|r| {
            let d = |b: bool| if b { 1.0 } else { 0.0 };
            Subject {
                time: r.time,
                event: r.event,
                x: vec![
                    d(r.group == "B"),
                    d(r.group == "C"),
                    d(r.age == "30-49"),
                    d(r.age == "50+"),
                    r.risk,
                ],
            }
        })
        .collect();
    let fit = cox(&names, &subjects).unwrap();
    assert!(fit.dropped.is_empty());
    assert!(fit.coefficients.iter().all(|k| !k.infinite));
    let c = &fit.coefficients;
    let col =
        |f: &dyn Fn(&jobspor_domain::evaluation::cox::Coefficient) -> f64| -> Vec<Option<f64>> {
            c.iter().map(|v| Some(f(v))).collect()
        };
    same_all("beta", &col(&|v| v.beta), &exp["cox.coef"]);
    same_all("se", &col(&|v| v.std_err), &exp["cox.se"]);
    same_all("hazard ratio", &col(&|v| v.hazard_ratio), &exp["cox.hr"]);
    same_all("lower", &col(&|v| v.lower), &exp["cox.lower"]);
    same_all("upper", &col(&|v| v.upper), &exp["cox.upper"]);
    same_all("p", &col(&|v| v.p_value), &exp["cox.p"]);
    same(
        "log-likelihood",
        Some(fit.log_likelihood),
        exp["cox.loglik"][0],
    );
}

/// Hjørring's council memo on the model (`docs/domain.md`), Table 1, in mio. kr.:
///
/// |                   | 2015  | 2016 | 2017 | 2018 | 2019  | 2015-2019 |
/// | Sparet forsørgelse | 0,2  | 47,3 | 68,0 | 92,7 | 117,8 | 326,0 |
/// | Investering       | 15,7  | 28,7 | 37,0 | 38,3 | 38,3  | 158,0 |
/// | Nettogevinst      | -15,5 | 18,6 | 31,0 | 54,4 | 79,5  | 168,0 |
///
/// What this checks, and no more: the table's arithmetic. Given the memo's
/// own saved support and investment per year, Jobspor's table gives the
/// memo's net gain, totals, rounding to tenths of a million with a decimal
/// comma, and the cumulative return ("tjent hjem to gange"). The saved
/// support is an input here, not an estimate: whether the estimate of weeks
/// avoided is right is checked on simulated registers whose truth is known
/// (`evaluation::prevalence`'s simulation tests), since the memo publishes
/// no data to estimate from.
#[test]
fn the_table_does_the_memos_table_1_arithmetic() {
    use jobspor_domain::evaluation::economics::{format_mio, table, Category, Investment};
    use std::collections::BTreeMap;
    let mio = |tenths: i64| tenths * 10_000_000; // øre
    let years = [2015, 2016, 2017, 2018, 2019];
    let saved: BTreeMap<i32, i64> = years
        .into_iter()
        .zip([2, 473, 680, 927, 1178].map(mio))
        .collect();
    // The memo gives each year's investment as a total; the table adds the
    // categories up, so one category a year is enough.
    let investments: Vec<Investment> = years
        .into_iter()
        .zip([157, 287, 370, 383, 383])
        .map(|(year, tenths)| Investment {
            year,
            category: Category::Casework,
            ore: mio(tenths),
        })
        .collect();
    let t = table(&investments, &saved);
    let row = |f: &dyn Fn(&jobspor_domain::evaluation::economics::YearColumn) -> i64,
               total: i64|
     -> Vec<String> {
        t.years
            .iter()
            .map(|y| format_mio(f(y)))
            .chain([format_mio(total)])
            .collect()
    };
    assert_eq!(t.years.iter().map(|y| y.year).collect::<Vec<_>>(), years);
    assert_eq!(
        row(&|y| y.saved, t.total_saved),
        ["0,2", "47,3", "68,0", "92,7", "117,8", "326,0"]
    );
    assert_eq!(
        row(&|y| y.invested, t.total_invested),
        ["15,7", "28,7", "37,0", "38,3", "38,3", "158,0"]
    );
    assert_eq!(
        row(&|y| y.net, t.total_net),
        ["-15,5", "18,6", "31,0", "54,4", "79,5", "168,0"]
    );
    // "Investeringen er således tjent hjem to gange": 326,0 / 158,0 − 1 = 106 %.
    assert_eq!(
        t.years.last().unwrap().cumulative_return_permille,
        Some(1063)
    );
}

/// R's conventions where the data are awkward (`edge.csv`, made by section 3
/// of `make_reference.R`).
#[test]
fn a_median_landing_on_one_half_is_the_midpoint_as_in_r() {
    let rows = data("edge");
    let a: Vec<&Row> = rows.iter().filter(|r| r.group == "A").collect();
    let km = kaplan_meier(&obs(&a)).unwrap();
    check_km("km_A", &km, &expected("edge"));
    assert_eq!(km.median().value, Some(4.0));
}

#[test]
fn a_group_where_no_one_left_benefit_is_a_flat_curve_as_in_r() {
    let rows = data("edge");
    let c: Vec<&Row> = rows.iter().filter(|r| r.group == "C").collect();
    let km = kaplan_meier(&obs(&c)).unwrap();
    check_km("km_C", &km, &expected("edge"));
    assert_eq!(km.share_by(10.0), Some(0.0));
}

#[test]
fn log_rank_drops_a_group_with_nothing_expected_as_r_does() {
    let rows = data("edge");
    let exp = expected("edge");
    let group = |g: &str| obs(&rows.iter().filter(|r| r.group == g).collect::<Vec<_>>());
    let r = log_rank(&[group("A"), group("B"), group("C"), group("D")]).unwrap();
    let some = |v: &[f64]| v.iter().map(|v| Some(*v)).collect::<Vec<_>>();
    same_all("observed", &some(&r.observed), &exp["logrank.obs"]);
    same_all("expected", &some(&r.expected), &exp["logrank.exp"]);
    same("chi2", Some(r.chi2), exp["logrank.chisq"][0]);
    same("df", Some(r.df as f64), exp["logrank.df"][0]);
    same("p", Some(r.p_value), exp["logrank.p"][0]);
    assert_eq!(r.dropped, vec![3]);
}

#[test]
fn cox_fits_around_an_infinite_and_an_aliased_coefficient_as_r_does() {
    let rows = data("edge");
    let exp = expected("edge");
    let d = |b: bool| if b { 1.0 } else { 0.0 };
    // R's order: factor(group)B, factor(group)C, old, risk (a copy of old).
    let names: Vec<String> = ["group B", "group C", "old", "risk"]
        .map(String::from)
        .to_vec();
    let subjects: Vec<Subject> = rows
        .iter()
        .filter(|r| r.group != "D")
        .map(|r| Subject {
            time: r.time,
            event: r.event,
            x: vec![
                d(r.group == "B"),
                d(r.group == "C"),
                d(r.age == "old"),
                r.risk,
            ],
        })
        .collect();
    let fit = cox(&names, &subjects).unwrap();
    // R: NA for the copy, a warning for "variable 2" (group C, no exits).
    assert_eq!(exp["cox.coef"][3], None);
    assert_eq!(fit.dropped, vec!["risk".to_string()]);
    let infinite: Vec<f64> = fit
        .coefficients
        .iter()
        .enumerate()
        .filter(|(_, k)| k.infinite)
        .map(|(i, _)| i as f64 + 1.0)
        .collect();
    same_all(
        "infinite",
        &infinite.iter().map(|v| Some(*v)).collect::<Vec<_>>(),
        &exp["cox.infinite"],
    );
    let c = &fit.coefficients;
    assert!(c[1].beta < -15.0, "group C runs off downwards: {:?}", c[1]);
    // The others are estimated as R estimates them.
    for i in [0, 2] {
        same(&format!("beta[{i}]"), Some(c[i].beta), exp["cox.coef"][i]);
        same(&format!("se[{i}]"), Some(c[i].std_err), exp["cox.se"][i]);
    }
    same(
        "log-likelihood",
        Some(fit.log_likelihood),
        exp["cox.loglik"][0],
    );
}

/// The AUC of a three-level risk class and DeLong's variance and interval
/// against R's `pROC` (`screening.csv`, section 4 of `make_reference.R`).
#[test]
fn screening_auc_and_its_delong_interval_match_r_proc() {
    use jobspor_domain::evaluation::screening::{auc, Prediction};
    let text = std::fs::read_to_string(format!(
        "{}/tests/reference/screening.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let preds: Vec<Prediction> = text
        .lines()
        .skip(1)
        .map(|l| {
            let (level, long) = l.split_once(',').unwrap();
            Prediction {
                level: level.parse().unwrap(),
                long: long == "1",
            }
        })
        .collect();
    let exp = expected("screening");
    let a = auc(&preds).unwrap();
    same("auc", Some(a.auc), exp["auc"][0]);
    same(
        "DeLong variance",
        Some(a.delong_variance),
        exp["delong.var"][0],
    );
    same("DeLong lower", Some(a.delong_lower), exp["delong.ci"][0]);
    same("DeLong upper", Some(a.delong_upper), exp["delong.ci"][1]);
}
