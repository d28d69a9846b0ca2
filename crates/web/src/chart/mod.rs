//! Line charts as inline SVG, drawn on the server. Lines differ by dash and
//! marker shape as well as colour, and the chart names itself for screen
//! readers; the numbers are always also in a table beside it. Only SVG
//! presentation attributes are used, so the CSP's `style-src 'self'` holds.

use chrono::Datelike;
use jobspor_domain::progression::Point;
use std::fmt::Write;

mod series;
mod survival;
pub use series::{bar_chart, series_chart, Bar, Series};
pub use survival::{survival_chart, Curve};

pub struct Line<'a> {
    pub label: &'a str,
    pub points: &'a [Point],
    /// 0: solid line with circles, 1: dashed with squares, 2: dotted with diamonds.
    pub style: usize,
}

pub(crate) const W: f64 = 560.0;
pub(crate) const H: f64 = 240.0;
pub(crate) const LEFT: f64 = 36.0;
pub(crate) const RIGHT: f64 = 12.0;
pub(crate) const TOP: f64 = 12.0;
pub(crate) const BOTTOM: f64 = 52.0;
pub(crate) const COLOURS: [&str; 3] = ["#1d4f91", "#b35900", "#2e7d32"];

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The dash pattern of line style `style` (solid, dashed, dotted).
pub(crate) fn dash(style: usize) -> &'static str {
    match style % 3 {
        0 => "",
        1 => r#" stroke-dasharray="6 4""#,
        _ => r#" stroke-dasharray="2 3""#,
    }
}

/// Line `i` of up to nine (three colours times three dashes) through `pts`,
/// and its entry in the legend under the chart.
pub(crate) fn polyline_with_legend(svg: &mut String, i: usize, pts: &[String], label: &str) {
    let colour = COLOURS[i % COLOURS.len()];
    let dash = dash(i / 3);
    let _ = write!(
        svg,
        r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>"#,
        pts.join(" ")
    );
    let ly = H - 26.0 + (i / 3) as f64 * 11.0;
    let lx = LEFT + (i % 3) as f64 * 170.0;
    let _ = write!(
        svg,
        r##"<line x1="{lx:.1}" x2="{:.1}" y1="{ly}" y2="{ly}" stroke="{colour}" stroke-width="2"{dash}/><text x="{:.1}" y="{}" font-size="11" fill="#222">{}</text>"##,
        lx + 24.0,
        lx + 28.0,
        ly + 4.0,
        escape(label)
    );
}

/// The chart's opening tag with its title and description, which screen
/// readers announce.
pub(crate) fn open_svg(svg: &mut String, id: &str, title: &str, desc: &str) {
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {W} {H}" width="100%" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        escape(title),
        escape(desc)
    );
}

/// A chart of `lines` over time on the scale `low..=high`. `id` makes the
/// title and description ids unique on the page.
pub fn line_chart(id: &str, title: &str, lines: &[Line<'_>], low: i8, high: i8) -> String {
    let days: Vec<i64> = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.on.num_days_from_ce() as i64))
        .collect();
    let (first, last) = (
        days.iter().copied().min().unwrap_or(0),
        days.iter().copied().max().unwrap_or(0),
    );
    let span = (last - first).max(1) as f64;
    let x = |day: i64| {
        if last == first {
            LEFT + (W - LEFT - RIGHT) / 2.0
        } else {
            LEFT + (day - first) as f64 / span * (W - LEFT - RIGHT)
        }
    };
    let range = f64::from(high - low).max(1.0);
    let y = |v: i8| TOP + (f64::from(high - v) / range) * (H - TOP - BOTTOM);
    let mut svg = String::new();
    let desc: Vec<String> = lines
        .iter()
        .map(|l| {
            let values: Vec<String> = l
                .points
                .iter()
                .map(|p| format!("{} {}", crate::i18n::date(p.on), p.value))
                .collect();
            format!(
                "{}: {}",
                l.label,
                if values.is_empty() {
                    "–".into()
                } else {
                    values.join(", ")
                }
            )
        })
        .collect();
    open_svg(&mut svg, id, title, &desc.join(". "));
    // Grid and scale.
    let step = if high - low > 5 { 2 } else { 1 };
    let mut v = low;
    while v <= high {
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd" stroke-width="1"/><text x="{}" y="{:.1}" font-size="11" text-anchor="end" fill="#444">{v}</text>"##,
            W - RIGHT,
            LEFT - 6.0,
            y(v) + 4.0,
            y = y(v)
        );
        v += step;
    }
    if !days.is_empty() {
        for (day, anchor) in [(first, "start"), (last, "end")] {
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="{}" font-size="11" text-anchor="{anchor}" fill="#444">{}</text>"##,
                x(day),
                H - 30.0,
                crate::i18n::date(
                    chrono::NaiveDate::from_num_days_from_ce_opt(day as i32).unwrap_or_default()
                )
            );
        }
    }
    for l in lines {
        let colour = COLOURS[l.style % COLOURS.len()];
        let dash = dash(l.style);
        let coords: Vec<String> = l
            .points
            .iter()
            .map(|p| format!("{:.1},{:.1}", x(p.on.num_days_from_ce() as i64), y(p.value)))
            .collect();
        if coords.len() > 1 {
            let _ = write!(
                svg,
                r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>"#,
                coords.join(" ")
            );
        }
        for p in l.points {
            let (cx, cy) = (x(p.on.num_days_from_ce() as i64), y(p.value));
            let _ = match l.style % 3 {
                0 => write!(
                    svg,
                    r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="4" fill="{colour}"/>"#
                ),
                1 => write!(
                    svg,
                    r#"<rect x="{:.1}" y="{:.1}" width="8" height="8" fill="{colour}"/>"#,
                    cx - 4.0,
                    cy - 4.0
                ),
                _ => write!(
                    svg,
                    r#"<polygon points="{cx:.1},{:.1} {:.1},{cy:.1} {cx:.1},{:.1} {:.1},{cy:.1}" fill="{colour}"/>"#,
                    cy - 5.0,
                    cx + 5.0,
                    cy + 5.0,
                    cx - 5.0
                ),
            };
        }
    }
    // The legend: each line's sample and name, so colour is never the only cue.
    for (n, l) in lines.iter().enumerate() {
        let colour = COLOURS[l.style % COLOURS.len()];
        let dash = dash(l.style);
        let x0 = LEFT + 150.0 * n as f64;
        let _ = write!(
            svg,
            r##"<line x1="{x0}" x2="{}" y1="{}" y2="{}" stroke="{colour}" stroke-width="2"{dash}/><text x="{}" y="{}" font-size="11" fill="#222">{}</text>"##,
            x0 + 24.0,
            H - 10.0,
            H - 10.0,
            x0 + 30.0,
            H - 6.0,
            escape(l.label)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_chart_names_itself_and_escapes_text() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
        let citizen = [
            Point { on: d(1), value: 2 },
            Point {
                on: d(15),
                value: 5,
            },
        ];
        let provider = [Point { on: d(1), value: 3 }];
        let svg = line_chart(
            "g1",
            "Kan <gå> & løbe",
            &[
                Line {
                    label: "Borger",
                    points: &citizen,
                    style: 0,
                },
                Line {
                    label: "Udfører",
                    points: &provider,
                    style: 1,
                },
            ],
            0,
            10,
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"role="img""#) && svg.contains(r#"aria-labelledby="g1-t g1-d""#));
        assert!(svg.contains("Kan &lt;gå&gt; &amp; løbe"));
        assert!(svg.contains("Borger: 01-11-2026 2, 15-11-2026 5"));
        assert_eq!(
            svg.matches("<polyline").count(),
            1,
            "one point draws no line"
        );
        assert_eq!(svg.matches("<circle").count(), 2);
        assert_eq!(svg.matches("<rect").count(), 1);
        assert!(!svg.contains("style="), "no inline CSS under the CSP");
        // An empty chart is still a valid, named image.
        let empty = line_chart("g2", "Tom", &[], -2, 2);
        assert!(empty.contains("<title id=\"g2-t\">Tom</title>"));
    }
}
