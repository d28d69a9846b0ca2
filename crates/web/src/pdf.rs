//! The intervention plan as a PDF for the citizen, made on the server in
//! Danish: goals, interventions, contacts and next dates. Text is real text
//! (DejaVu Sans, embedded and subset) so it can be extracted and read aloud,
//! and the document is tagged: a heading and paragraph structure in reading
//! order, with Danish as its language.

use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::tagging::{ContentTag, Node, SpanTag, Tag, TagGroup, TagKind, TagTree};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use std::num::NonZeroU16;
use thiserror::Error;

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

#[derive(Debug, Error)]
pub enum PdfError {
    #[error("font could not be loaded")]
    Font,
    #[error("page size")]
    Page,
    #[error("pdf: {0}")]
    Write(String),
}

/// One block of the document, in reading order.
pub enum Block {
    /// A heading of level 1 or 2.
    Heading(u16, String),
    Paragraph(String),
    /// A label in bold with its text after it, e.g. "Mål: Kan gå 30 minutter".
    Field(String, String),
}

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;

/// Measures text with the font's own advances, so lines wrap where they
/// should and a label's text starts right after it.
struct Metrics<'a>(ttf_parser::Face<'a>);

impl Metrics<'_> {
    fn width(&self, text: &str, size: f32) -> f32 {
        let f = &self.0;
        let units: u32 = text
            .chars()
            .map(|c| {
                f.glyph_index(c)
                    .and_then(|g| f.glyph_hor_advance(g))
                    .map(u32::from)
                    .unwrap_or(u32::from(f.units_per_em()) / 2)
            })
            .sum();
        units as f32 * size / f32::from(f.units_per_em())
    }

    /// Splits at spaces so no line is wider than the text column; the first
    /// line starts `first_indent` in.
    fn wrap(&self, text: &str, size: f32, first_indent: f32) -> Vec<String> {
        let column = WIDTH - 2.0 * MARGIN;
        let mut lines = Vec::new();
        let mut room = column - first_indent;
        for para in text.lines() {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if !line.is_empty() && self.width(&candidate, size) > room {
                    lines.push(std::mem::replace(&mut line, word.to_string()));
                    room = column;
                } else {
                    line = candidate;
                }
            }
            lines.push(line);
            room = column;
        }
        lines
    }
}

/// A line of a block before placement: bold or not, its indent, its text.
struct Line {
    bold: bool,
    indent: f32,
    text: String,
}

/// A block's lines, size and spacing, with its structure tag.
struct Laid {
    tag: TagKind,
    lines: Vec<Line>,
    size: f32,
    before: f32,
    after: f32,
}

/// A line with its place on a page and the index of its tag group.
struct Placed {
    x: f32,
    y: f32,
    bold: bool,
    size: f32,
    text: String,
    group: usize,
}

fn line(bold: bool, indent: f32, text: String) -> Line {
    Line { bold, indent, text }
}

fn lay_out(block: &Block, plain: &Metrics<'_>, heavy: &Metrics<'_>) -> Laid {
    match block {
        Block::Heading(level, text) => {
            let size = if *level <= 1 { 18.0 } else { 13.0 };
            let lvl = NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN);
            Laid {
                tag: Tag::Hn(lvl, Some(text.clone())).into(),
                lines: heavy
                    .wrap(text, size, 0.0)
                    .into_iter()
                    .map(|l| line(true, 0.0, l))
                    .collect(),
                size,
                before: 10.0,
                after: 4.0,
            }
        }
        Block::Paragraph(text) => Laid {
            tag: Tag::P.into(),
            lines: plain
                .wrap(text, 10.5, 0.0)
                .into_iter()
                .map(|l| line(false, 0.0, l))
                .collect(),
            size: 10.5,
            before: 0.0,
            after: 4.0,
        },
        Block::Field(label, text) => {
            let size = 10.5;
            let head = format!("{label}: ");
            let indent = heavy.width(&head, size);
            let mut lines = vec![line(true, 0.0, head)];
            for (i, l) in plain.wrap(text, size, indent).into_iter().enumerate() {
                lines.push(line(false, if i == 0 { indent } else { 0.0 }, l));
            }
            Laid {
                tag: Tag::P.into(),
                lines,
                size,
                before: 0.0,
                after: 3.0,
            }
        }
    }
}

/// Lays the blocks out on A4 pages, each text line a tagged span inside its
/// heading or paragraph.
pub fn render(title: &str, blocks: &[Block]) -> Result<Vec<u8>, PdfError> {
    let regular = Font::new(REGULAR.into(), 0).ok_or(PdfError::Font)?;
    let bold = Font::new(BOLD.into(), 0).ok_or(PdfError::Font)?;
    let plain = Metrics(ttf_parser::Face::parse(REGULAR, 0).map_err(|_| PdfError::Font)?);
    let heavy = Metrics(ttf_parser::Face::parse(BOLD, 0).map_err(|_| PdfError::Font)?);
    // Lines are placed first, then drawn page by page.
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut groups: Vec<TagGroup> = Vec::new();
    let mut y = MARGIN;
    for block in blocks {
        let laid = lay_out(block, &plain, &heavy);
        y += laid.before;
        let group = groups.len();
        groups.push(TagGroup::new(laid.tag));
        for (n, l) in laid.lines.into_iter().enumerate() {
            // A field's text starts on its label's line.
            if !(n > 0 && l.indent > 0.0) {
                y += laid.size * if y > MARGIN { 1.35 } else { 1.0 };
                if y > HEIGHT - MARGIN {
                    pages.push(Vec::new());
                    y = MARGIN + laid.size;
                }
            }
            if let Some(page) = pages.last_mut() {
                page.push(Placed {
                    x: MARGIN + l.indent,
                    y,
                    bold: l.bold,
                    size: laid.size,
                    text: l.text,
                    group,
                });
            }
        }
        y += laid.after;
    }
    let mut document = Document::new();
    for lines in &pages {
        let mut page =
            document.start_page_with(PageSettings::from_wh(WIDTH, HEIGHT).ok_or(PdfError::Page)?);
        let mut surface = page.surface();
        for p in lines.iter().filter(|p| !p.text.is_empty()) {
            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
            let font = if p.bold {
                bold.clone()
            } else {
                regular.clone()
            };
            surface.draw_text(
                Point::from_xy(p.x, p.y),
                font,
                p.size,
                &p.text,
                false,
                TextDirection::Auto,
            );
            surface.end_tagged();
            if let Some(g) = groups.get_mut(p.group) {
                g.push(Node::from(id));
            }
        }
        surface.finish();
        page.finish();
    }
    let mut tree = TagTree::new().with_lang(Some("da".into()));
    for g in groups {
        tree.push(g);
    }
    document.set_tag_tree(tree);
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .language("da".to_string())
            .creator("Jobspor".to_string()),
    );
    document
        .finish()
        .map_err(|e| PdfError::Write(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fit_the_column_and_long_plans_get_more_pages() {
        let m = Metrics(ttf_parser::Face::parse(REGULAR, 0).unwrap());
        let text = "Borgeren ønsker at komme tilbage på arbejdsmarkedet gennem et forløb med gradvis optrapning af timer og støtte fra en mentor. ".repeat(6);
        let lines = m.wrap(&text, 10.5, 120.0);
        assert!(lines.len() > 3);
        assert!(m.width(&lines[0], 10.5) <= WIDTH - 2.0 * MARGIN - 120.0);
        for l in &lines[1..] {
            assert!(m.width(l, 10.5) <= WIDTH - 2.0 * MARGIN, "{l}");
        }
        assert_eq!(
            lines.join(" ").split_whitespace().count(),
            text.split_whitespace().count(),
            "no word lost"
        );
        let blocks: Vec<Block> = (0..120)
            .map(|i| Block::Field(format!("Punkt {i}"), "Æble, øl og år".into()))
            .collect();
        let pdf = render("Prøve", &blocks).unwrap();
        let raw = String::from_utf8_lossy(&pdf);
        let count: u32 = raw
            .split("/Count ")
            .nth(1)
            .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!(
            count >= 3,
            "120 fields take at least three A4 pages, got {count}"
        );
    }
}
