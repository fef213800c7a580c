//! The document model: the narrow waist between `template` (which produces it) and `render`
//! (which consumes it). It knows nothing of ledgers, templates or Word.
//!
//! Headings already carry their generated numbers ("一、", "（一）", "1.", "（1）"); every figure
//! that came from a ledger is an [`Inline::Fact`] so later stages can trace it.

/// A whole report, ready to lay out.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The title, e.g. "2024年杨家寺镇法治政府建设情况报告". Line breaks are decided by the renderer.
    pub title: String,
    /// 主送机关, written flush left under the title and followed by "：".
    pub addressee: Option<String>,
    pub blocks: Vec<Block>,
    /// 署名 and 成文日期 at the end (a sealed document).
    pub signature: Option<Signature>,
    /// 附注 below the date, without its parentheses ("此件公开发布").
    pub note: Option<String>,
    /// 附件, each on pages of its own after the body; listed in the 附件说明 under the body.
    pub attachments: Vec<Attachment>,
    /// 版头 of a formal document (red organ mark, 发文字号, red rule); `None` for a plain report.
    pub red_header: Option<RedHeader>,
    /// 版记 (抄送, 印发机关 and 印发日期) on the last page.
    pub end_block: Option<EndBlock>,
}

/// The red header (版头) of a formal document (GB/T 9704 7.2).
#[derive(Debug, Clone, PartialEq)]
pub struct RedHeader {
    /// 发文机关标志: one organ, or several for a joint document, in their order.
    pub organs: Vec<String>,
    /// What follows the organ names ("文件"), empty when the mark is the names alone.
    pub suffix: String,
    /// 发文字号 as printed: "杨政发〔2025〕3号".
    pub number: Option<String>,
    /// 签发人 of an upward document (one per organ), printed on the 发文字号 line.
    pub signers: Vec<String>,
}

/// The end block (版记, GB/T 9704 7.4).
#[derive(Debug, Clone, PartialEq)]
pub struct EndBlock {
    /// 抄送机关, as the clerk lists them (without "抄送：" and the closing "。").
    pub copy_to: Option<String>,
    /// 印发机关.
    pub printer: String,
    /// 印发日期, formatted like the signature's date.
    pub date: String,
}

/// One attachment: its title and its text, in the body's format.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A table of figures: a header row, then rows of cells (each one inline: a label or a fact).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Shown above the table, centred (optional).
    pub caption: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Inline>>,
}

/// One block of body text.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading on its own line. `level` is 1..=4; `number` is the generated ordinal with its
    /// punctuation ("一、", "（二）", "3.", "（4）").
    Heading {
        level: u8,
        number: String,
        text: String,
    },
    /// A body paragraph (first line indented two characters).
    Paragraph(Vec<Inline>),
    /// A table; its header row repeats on every page it runs onto.
    Table(Table),
}

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain prose.
    Text(String),
    /// A figure taken from the ledgers: the fact's name and the text it was formatted to.
    Fact { name: String, text: String },
    /// A level-3 or level-4 heading that runs into its paragraph ("1.服务保障……。" then prose).
    Lead {
        level: u8,
        number: String,
        text: String,
    },
}

/// The issuing organ(s) and the date the document was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    /// One organ, or several for a joint document, in their order.
    pub organs: Vec<String>,
    pub seal: Seal,
    /// Already formatted in Arabic numerals, no zero padding: "2024年12月20日".
    pub date: String,
    /// The same date as ISO 8601 ("2024-12-20"), used for the file's fixed metadata dates.
    pub iso_date: String,
}

/// How the document is signed (GB/T 9704 7.3.5).
#[derive(Debug, Clone, PartialEq)]
pub enum Seal {
    /// The organ's seal over its name and the date (7.3.5.1).
    Sealed,
    /// No seal: the name two characters in from the right, the date under it (7.3.5.2).
    Unsealed,
    /// The signing person's seal, with their title to its left (7.3.5.3): "镇长" and the name.
    Person { title: String, name: String },
}

impl Inline {
    /// The text this inline shows (a lead shows its number followed by its text).
    pub fn text(&self) -> String {
        match self {
            Inline::Text(t) => t.clone(),
            Inline::Fact { text, .. } => text.clone(),
            Inline::Lead { number, text, .. } => format!("{number}{text}"),
        }
    }
}

impl Block {
    /// The text of the block as a reader sees it, numbers included.
    pub fn text(&self) -> String {
        match self {
            Block::Heading { number, text, .. } => format!("{number}{text}"),
            Block::Paragraph(inlines) => inlines.iter().map(Inline::text).collect(),
            Block::Table(t) => {
                let rows = t
                    .rows
                    .iter()
                    .map(|r| r.iter().map(Inline::text).collect::<Vec<_>>().join("\t"));
                std::iter::once(t.header.join("\t"))
                    .chain(rows)
                    .collect::<Vec<_>>()
                    .join("\n")
            }
        }
    }
}
