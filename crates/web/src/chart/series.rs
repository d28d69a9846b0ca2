//! Charts for the dashboards: lines over labelled periods (months, years)
//! and horizontal bars with an optional target band. Same conventions as
//! the other charts: a title and a description with every number, colour
//! never the only cue, and the data also in a table on the page.

use super::{escape, open_svg, polyline_with_legend, BOTTOM, H, LEFT, RIGHT, TOP, W};
use std::fmt::Write;

/// One line: a value per period (`None` where there is none).
pub struct Series<'a> {
    pub label: &'a str,
    pub values: Vec<Option<f64>>,
}

/// A "nice" top for a scale that must reach `max`.
fn nice_top(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powf(max.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * mag >= max {
            return m * mag;
        }
    }
    10.0 * mag
}

fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        crate::i18n::decimal(v, 0)
    } else {
        crate::i18n::decimal(v, 1)
    }
}

/// Lines over `periods` from 0 to a rounded maximum (negative values, as
/// in a net gain, lower the bottom). At most nine series are drawn.
pub fn series_chart(id: &str, title: &str, periods: &[String], series: &[Series<'_>]) -> String {
    let values = series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied());
    let (lo, hi) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let top = nice_top(hi);
    let bottom = if lo < 0.0 { -nice_top(-lo) } else { 0.0 };
    let n = periods.len().max(1);
    let x = |i: usize| {
        if n == 1 {
            LEFT + (W - LEFT - RIGHT) / 2.0
        } else {
            LEFT + i as f64 / (n - 1) as f64 * (W - LEFT - RIGHT)
        }
    };
    let y = |v: f64| TOP + (top - v) / (top - bottom) * (H - TOP - BOTTOM);
    let desc: Vec<String> = series
        .iter()
        .map(|s| {
            let vals: Vec<String> = periods
                .iter()
                .zip(&s.values)
                .map(|(p, v)| format!("{p} {}", v.map(number).unwrap_or_else(|| "–".into())))
                .collect();
            format!("{}: {}", s.label, vals.join(", "))
        })
        .collect();
    let mut svg = String::new();
    open_svg(&mut svg, id, title, &desc.join(". "));
    for k in 0..=4 {
        let v = bottom + (top - bottom) * k as f64 / 4.0;
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd" stroke-width="1"/><text x="{}" y="{:.1}" font-size="11" text-anchor="end" fill="#444">{}</text>"##,
            W - RIGHT,
            LEFT - 4.0,
            y(v) + 4.0,
            number(v),
            y = y(v)
        );
    }
    // Period labels: the first, the last, and evenly between, at most 8.
    let every = n.div_ceil(8).max(1);
    for (i, p) in periods.iter().enumerate() {
        if i % every == 0 || i + 1 == n {
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="{}" font-size="10" text-anchor="middle" fill="#444">{}</text>"##,
                x(i),
                H - BOTTOM + 14.0,
                escape(p)
            );
        }
    }
    for (k, s) in series.iter().take(9).enumerate() {
        let pts: Vec<String> = s
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| format!("{:.1},{:.1}", x(i), y(v))))
            .collect();
        polyline_with_legend(&mut svg, k, &pts, s.label);
    }
    svg.push_str("</svg>");
    svg
}

/// One bar, with the band it should lie in, if any.
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: f64,
    pub band: Option<(f64, f64)>,
}

/// Horizontal bars, one per row; a bar's target band is drawn as a light
/// box behind it, and bars outside their band are hatched darker.
pub fn bar_chart(id: &str, title: &str, bars: &[Bar<'_>]) -> String {
    const ROW: f64 = 18.0;
    const LABEL: f64 = 150.0;
    let height = TOP + ROW * bars.len() as f64 + 24.0;
    let max = bars
        .iter()
        .map(|b| b.value.max(b.band.map_or(0.0, |x| x.1)))
        .fold(0.0, f64::max);
    let top = nice_top(max);
    let x = |v: f64| LABEL + v / top * (W - LABEL - RIGHT);
    let desc: Vec<String> = bars
        .iter()
        .map(|b| match b.band {
            Some((lo, hi)) => format!(
                "{} {} ({}–{})",
                b.label,
                number(b.value),
                number(lo),
                number(hi)
            ),
            None => format!("{} {}", b.label, number(b.value)),
        })
        .collect();
    let mut svg = String::new();
    open_svg(&mut svg, id, title, &desc.join(", "));
    // The chart grows with its rows: replace the fixed height.
    svg = svg.replacen(
        &format!("viewBox=\"0 0 {W} {H}\""),
        &format!("viewBox=\"0 0 {W} {height}\""),
        1,
    );
    for (i, b) in bars.iter().enumerate() {
        let y0 = TOP + i as f64 * ROW;
        let _ = write!(
            svg,
            r##"<text x="{}" y="{:.1}" font-size="11" text-anchor="end" fill="#222">{}</text>"##,
            LABEL - 6.0,
            y0 + 12.0,
            escape(b.label)
        );
        let outside = b.band.is_some_and(|(lo, hi)| b.value < lo || b.value > hi);
        if let Some((lo, hi)) = b.band {
            let _ = write!(
                svg,
                r##"<rect x="{:.1}" y="{y0:.1}" width="{:.1}" height="{}" fill="#e3ecd9"/>"##,
                x(lo),
                (x(hi) - x(lo)).max(2.0),
                ROW - 2.0
            );
        }
        let (fill, pattern) = if outside {
            (
                "#b35900",
                r##" stroke="#222" stroke-width="1" stroke-dasharray="3 2""##,
            )
        } else {
            ("#1d4f91", "")
        };
        let _ = write!(
            svg,
            r#"<rect x="{LABEL}" y="{:.1}" width="{:.1}" height="{}" fill="{fill}"{pattern}/>"#,
            y0 + 4.0,
            (x(b.value) - LABEL).max(0.0),
            ROW - 10.0
        );
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" font-size="10" fill="#222">{}</text>"##,
            x(b.value) + 4.0,
            y0 + 12.0,
            number(b.value)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_describe_every_value_and_scale_rounds_up() {
        let periods = vec!["2024".to_string(), "2025".to_string()];
        let svg = series_chart(
            "t",
            "Test",
            &periods,
            &[Series {
                label: "Team <A>",
                values: vec![Some(12.0), None],
            }],
        );
        assert!(svg.contains("Team &lt;A&gt;: 2024 12, 2025 –"));
        assert_eq!(nice_top(12.0), 20.0);
        assert_eq!(nice_top(0.0), 1.0);
    }

    #[test]
    fn bars_outside_their_band_are_marked() {
        let svg = bar_chart(
            "b",
            "Sagsstamme",
            &[
                Bar {
                    label: "Anne",
                    value: 50.0,
                    band: Some((32.0, 35.0)),
                },
                Bar {
                    label: "Bo",
                    value: 33.0,
                    band: Some((32.0, 35.0)),
                },
            ],
        );
        assert_eq!(svg.matches("#b35900").count(), 1, "one bar is outside");
        assert!(svg.contains("Anne 50 (32–35)"));
    }
}
