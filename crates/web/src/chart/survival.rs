//! Kaplan-Meier curves as inline SVG: each curve a step line with its 95%
//! band shaded in the same colour, and a short vertical mark wherever a
//! citizen's observation ended without self-support (censored), as survival
//! plots are read. The description says what the shading and marks are.

use super::{open_svg, polyline_with_legend, BOTTOM, COLOURS, H, LEFT, RIGHT, TOP, W};
use std::fmt::Write;

/// One Kaplan-Meier curve: (weeks, share still on benefit) at each step.
pub struct Curve<'a> {
    pub label: &'a str,
    pub steps: Vec<(f64, f64)>,
    /// Where the curve's observation ends.
    pub last: f64,
    /// The 95% band after each step: (weeks, lower, upper); it ends where
    /// the curve has no band (S = 0).
    pub band: Vec<(f64, f64, f64)>,
    /// Weeks at which someone was censored.
    pub censored: Vec<f64>,
}

impl Curve<'_> {
    /// S(t): 1 before the first step.
    fn at(&self, w: f64) -> f64 {
        self.steps
            .iter()
            .take_while(|s| s.0 <= w)
            .last()
            .map(|s| s.1)
            .unwrap_or(1.0)
    }
}

/// Step curves of the share still on benefit (1 → 0) over weeks since the
/// start, up to `max_weeks`. Lines differ by dash as well as colour.
pub fn survival_chart(id: &str, title: &str, curves: &[Curve<'_>], max_weeks: f64) -> String {
    let x = |w: f64| LEFT + w.min(max_weeks) / max_weeks.max(1.0) * (W - LEFT - RIGHT);
    let y = |s: f64| TOP + (1.0 - s) * (H - TOP - BOTTOM);
    let lang = crate::i18n::Lang::current();
    let mut svg = String::new();
    let mut desc: Vec<String> = curves
        .iter()
        .map(|c| {
            let share = format!("{:.0}", c.at(52.0) * 100.0);
            format!(
                "{}: {}",
                c.label,
                lang.t("share_after_52_weeks").replace("{share}", &share)
            )
        })
        .collect();
    desc.push(lang.t("km_band_and_marks").to_string());
    open_svg(&mut svg, id, title, &desc.join(". "));
    for tenth in (0..=10).step_by(2) {
        let v = f64::from(tenth) / 10.0;
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" stroke="#ddd" stroke-width="1"/><text x="{}" y="{:.1}" font-size="11" text-anchor="end" fill="#444">{}%</text>"##,
            W - RIGHT,
            LEFT - 4.0,
            y(v) + 4.0,
            tenth * 10,
            yy = y(v)
        );
    }
    let mut week = 0.0;
    while week <= max_weeks {
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{}" font-size="11" text-anchor="middle" fill="#444">{week}</text>"##,
            x(week),
            H - BOTTOM + 14.0
        );
        week += 26.0;
    }
    // Three colours times three dashes: nine curves stay distinct; the
    // table beside the chart has every group. Bands first, under the lines.
    let shown = &curves[..curves.len().min(9)];
    for (i, c) in shown.iter().enumerate() {
        band(&mut svg, COLOURS[i % COLOURS.len()], c, max_weeks, &x, &y);
    }
    for (i, c) in shown.iter().enumerate() {
        let mut pts = vec![format!("{:.1},{:.1}", x(0.0), y(1.0))];
        let mut prev = 1.0;
        for &(t, s) in c.steps.iter().take_while(|s| s.0 <= max_weeks) {
            pts.push(format!("{:.1},{:.1}", x(t), y(prev)));
            pts.push(format!("{:.1},{:.1}", x(t), y(s)));
            prev = s;
        }
        pts.push(format!("{:.1},{:.1}", x(c.last), y(prev)));
        polyline_with_legend(&mut svg, i, &pts, c.label);
        let colour = COLOURS[i % COLOURS.len()];
        for &t in c.censored.iter().take_while(|t| **t <= max_weeks) {
            let (cx, cy) = (x(t), y(c.at(t)));
            let _ = write!(
                svg,
                r#"<line x1="{cx:.1}" x2="{cx:.1}" y1="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="1"/>"#,
                cy - 3.0,
                cy + 3.0
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The 95% band as a shaded step-shaped area: along the upper bounds, back
/// along the lower ones.
fn band(
    svg: &mut String,
    colour: &str,
    c: &Curve<'_>,
    max_weeks: f64,
    x: &dyn Fn(f64) -> f64,
    y: &dyn Fn(f64) -> f64,
) {
    let steps: Vec<&(f64, f64, f64)> = c.band.iter().take_while(|b| b.0 <= max_weeks).collect();
    if steps.is_empty() {
        return;
    }
    // The band holds from each step to the next, or to the end of the data.
    let end = c.last.min(max_weeks);
    let mut upper = Vec::new();
    let mut lower = Vec::new();
    for (k, &&(t, lo, hi)) in steps.iter().enumerate() {
        let next = steps.get(k + 1).map_or(end, |n| n.0);
        upper.push(format!(
            "{:.1},{:.1} {:.1},{:.1}",
            x(t),
            y(hi),
            x(next),
            y(hi)
        ));
        lower.push(format!(
            "{:.1},{:.1} {:.1},{:.1}",
            x(next),
            y(lo),
            x(t),
            y(lo)
        ));
    }
    lower.reverse();
    let _ = write!(
        svg,
        r#"<polygon points="{} {}" fill="{colour}" fill-opacity="0.15" stroke="none"/>"#,
        upper.join(" "),
        lower.join(" ")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_curve_has_its_band_and_censoring_marks() {
        let c = Curve {
            label: "før <modellen>",
            steps: vec![(2.0, 0.8), (5.0, 0.4)],
            last: 8.0,
            band: vec![(2.0, 0.5, 0.95), (5.0, 0.15, 0.7)],
            censored: vec![3.0, 8.0],
        };
        let svg = survival_chart("km", "Kurver", &[c], 26.0);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<polygon").count(), 1, "one shaded band");
        assert!(svg.contains(r#"fill-opacity="0.15""#));
        // Two censoring marks: the only vertical lines 6 units long (the
        // grid and the legend's sample are horizontal).
        let vertical = svg
            .split("<line ")
            .skip(1)
            .filter(|l| {
                let get = |k: &str| {
                    l.split(&format!("{k}=\""))
                        .nth(1)
                        .and_then(|v| v.split('"').next())
                        .and_then(|v| v.parse::<f64>().ok())
                };
                get("x1") == get("x2")
                    && get("y1")
                        .zip(get("y2"))
                        .is_some_and(|(a, b)| (b - a - 6.0).abs() < 1e-9)
            })
            .count();
        assert_eq!(vertical, 2);
        assert!(svg.contains("før &lt;modellen&gt;"));
        assert!(!svg.contains("style="), "no inline CSS under the CSP");
    }
}
