//! `gongwen init`: next year's folder, made from this year's. The same office sub-folders, in
//! each an empty ledger for every ledger found there (a title row, a header the vocabulary
//! recognises, dropdowns), the report template moved on a year (see [`template`]), the office's
//! `gongwen.toml` and a 填表说明.txt. The folder is built beside its place under a temporary
//! name and renamed when complete: it never exists half-made, and an existing one is never
//! touched.

mod guide;
mod ledgers;
mod template;

use crate::diag::Finding;
use crate::ingest::{self, vocab::VOCABULARY_FILE, LedgerKind, Vocabulary};
use crate::pipeline::{Failure, DEFAULT_TEMPLATE};
use ledgers::{Lists, Sheet};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What `gongwen init` was asked.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// This year's folder.
    pub inputs: PathBuf,
    /// This year's template (default `<inputs>/报告模板.txt`).
    pub template: Option<PathBuf>,
    /// The new year (default: the template's 报告年度 + 1).
    pub year: Option<i32>,
    /// The folder to make (default [`default_dir`]).
    pub dir: Option<PathBuf>,
    pub isolation: ingest::Isolation,
}

/// The folder made.
#[derive(Debug)]
pub struct Prepared {
    pub dir: PathBuf,
    pub year: i32,
    /// The files written, relative to `dir` with `/`, in order.
    pub files: Vec<String>,
    /// The template was carried over (as `<dir>/报告模板.txt`).
    pub template: bool,
    /// Years in the template other than the report year (line, as written), left unchanged.
    pub other_years: Vec<(u32, String)>,
}

/// One new ledger: where (relative, with `/`), its title row, its sheets.
#[derive(Debug, Clone)]
struct Planned {
    path: String,
    title: String,
    sheets: Vec<Sheet>,
}

/// `<year>年台账`, beside the inputs folder.
pub fn default_dir(inputs: &Path, year: i32) -> PathBuf {
    let parent = inputs.parent().unwrap_or(Path::new(""));
    parent.join(format!("{year}年台账"))
}

fn usage(message: impl Into<String>, hint: impl Into<String>) -> Failure {
    Failure {
        findings: vec![Finding::error("", message).hint(hint).unreadable()],
        code: 2,
    }
}

/// Makes next year's folder.
pub fn prepare(opts: &InitOptions) -> Result<Prepared, Failure> {
    if !opts.inputs.is_dir() {
        return Err(usage(
            format!("找不到台账文件夹 {}", opts.inputs.display()),
            "请在放 inputs 文件夹的地方运行 gongwen init，或用 --inputs 指定今年的台账文件夹",
        ));
    }
    let template_path = opts
        .template
        .clone()
        .unwrap_or_else(|| opts.inputs.join(DEFAULT_TEMPLATE));
    let old = if template_path.exists() || opts.template.is_some() {
        Some(read_template(&template_path)?)
    } else {
        None
    };
    let old_year = old.as_ref().and_then(|(_, t)| t.year);
    let year = match (opts.year, old_year) {
        (Some(y), _) => y,
        (None, Some(y)) => y + 1,
        (None, None) => {
            return Err(usage(
                "不知道新的年度是哪一年",
                "请用 --year 指定新的年度（例如 gongwen init --year 2025），或在报告模板中写“报告年度：2024”",
            ))
        }
    };
    if !(1901..=2200).contains(&year) {
        return Err(usage(
            format!("年度 {year} 不是一个年份"),
            "请用 --year 写四位年份，例如 --year 2025",
        ));
    }
    let last_year = old_year.unwrap_or(year - 1);
    let dir = opts
        .dir
        .clone()
        .unwrap_or_else(|| default_dir(&opts.inputs, year));
    if std::fs::symlink_metadata(&dir).is_ok() {
        return Err(usage(
            format!("{} 已经存在，没有改动它，也没有生成新的台账", dir.display()),
            "请先把这个文件夹改名或移走，或者在 gongwen init 后面写一个新的文件夹名",
        ));
    }
    if is_inside(&dir, &opts.inputs) {
        return Err(usage(
            format!("{} 在今年的台账文件夹 {} 里面", dir.display(), opts.inputs.display()),
            "新的台账文件夹要放在今年的文件夹外面（否则今年的报告会把它也读进去）：不写文件夹名，或写一个外面的位置",
        ));
    }
    let vocab = Vocabulary::load(&opts.inputs).map_err(|f| Failure {
        findings: vec![f],
        code: 1,
    })?;
    let ingested = ingest::ingest_with(
        &opts.inputs,
        last_year,
        std::slice::from_ref(&template_path),
        &opts.isolation,
        ingest::Fields::Traced,
    );
    let planned = plan(&ingested, &vocab, last_year, year);
    let lists = lists(&ingested, &vocab);
    let moved = old
        .as_ref()
        .map(|(text, _)| template::move_template(text, last_year, year));
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let shown = dir.display().to_string();
    files.push((
        guide::GUIDE.to_string(),
        guide::text(year, &shown, &planned, &lists, moved.is_some()),
    ));
    if let Some(m) = &moved {
        files.push((DEFAULT_TEMPLATE.to_string(), m.text.clone().into_bytes()));
    }
    let vocabulary = opts.inputs.join(VOCABULARY_FILE);
    if vocabulary.is_file() {
        let bytes =
            crate::input::read_regular(&vocabulary, crate::input::MAX_TEXT_BYTES).map_err(|e| {
                usage(
                    format!("无法读取 {}（{e}）", vocabulary.display()),
                    "请确认这个文件可以打开",
                )
            })?;
        files.push((VOCABULARY_FILE.to_string(), bytes));
    }
    for p in &planned {
        let bytes = ledgers::workbook(&p.title, &p.sheets, &lists, year).map_err(|e| {
            usage(
                format!("无法生成台账 {}：{e}", p.path),
                "请把这条信息告诉维护人员",
            )
        })?;
        files.push((p.path.clone(), bytes));
    }
    write_folder(&dir, &files)?;
    Ok(Prepared {
        dir,
        year,
        files: files.into_iter().map(|(name, _)| name).collect(),
        template: moved.is_some(),
        other_years: moved.map(|m| m.other_years).unwrap_or_default(),
    })
}

/// Whether the folder to make (which does not exist yet) would lie inside `inputs`.
fn is_inside(dir: &Path, inputs: &Path) -> bool {
    let Ok(inputs) = inputs.canonicalize() else {
        return false;
    };
    // The nearest folder of `dir` that exists, with the rest of the path after it.
    let mut base = dir.to_path_buf();
    while !base.exists() {
        match base.parent() {
            Some(p) if !p.as_os_str().is_empty() => base = p.to_path_buf(),
            _ => base = PathBuf::from("."),
        }
    }
    base.canonicalize().is_ok_and(|b| b.starts_with(&inputs))
}

/// The template's text and what it says; a template with problems is refused (exit 1).
fn read_template(path: &Path) -> Result<(String, crate::template::Template), Failure> {
    let bytes = crate::input::read_regular(path, crate::input::MAX_TEXT_BYTES).map_err(|e| {
        usage(
            format!("无法读取报告模板 {}（{e}）", path.display()),
            "请确认模板文件存在，或用 --template 指定今年的模板",
        )
    })?;
    let text = crate::text::decode(&bytes).0;
    let parsed =
        crate::template::parse(&text, &path.display().to_string()).map_err(|findings| {
            let code = 1;
            Failure { findings, code }
        })?;
    Ok((text, parsed))
}

/// A new ledger for each ledger file read (its folder kept, its year moved, as .xlsx); the three
/// ledgers at the top when none was read.
fn plan(ingested: &ingest::Ingested, vocab: &Vocabulary, from: i32, to: i32) -> Vec<Planned> {
    let mut by_path: BTreeMap<String, Planned> = BTreeMap::new();
    for (file, kinds) in &ingested.files {
        let (folder, name) = file
            .rsplit_once('/')
            .map_or(("", file.as_str()), |(d, n)| (d, n));
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        let stem = template::move_years(stem, from, to);
        let title = if stem.contains(&format!("{to}年")) {
            stem.clone()
        } else {
            format!("{to}年{stem}")
        };
        let village = vocab.is_village_committee(&stem)
            || folder.split('/').any(|d| vocab.is_village_committee(d));
        let path = if folder.is_empty() {
            format!("{stem}.xlsx")
        } else {
            format!("{folder}/{stem}.xlsx")
        };
        let entry = by_path.entry(path.clone()).or_insert_with(|| Planned {
            path,
            title,
            sheets: Vec::new(),
        });
        for kind in kinds {
            if !entry.sheets.iter().any(|s| s.kind == *kind) {
                entry.sheets.push(Sheet {
                    kind: *kind,
                    village: village && *kind == LedgerKind::Mediation,
                });
            }
        }
    }
    let mut planned: Vec<Planned> = by_path
        .into_values()
        .filter(|p| !p.sheets.is_empty())
        .collect();
    if planned.is_empty() {
        planned = LedgerKind::ALL
            .into_iter()
            .map(|kind| {
                let title = format!("{to}年{}", kind.description());
                Planned {
                    path: format!("{title}.xlsx"),
                    title,
                    sheets: vec![Sheet {
                        kind,
                        village: false,
                    }],
                }
            })
            .collect();
    }
    for p in &mut planned {
        p.sheets.sort_by_key(|s| s.kind);
    }
    planned
}

/// The dropdowns' values: the vocabulary's channels and meeting kinds, and the values last
/// year's ledgers wrote, most used first.
fn lists(ingested: &ingest::Ingested, vocab: &Vocabulary) -> Lists {
    let used = |kind: LedgerKind, dim: &str| {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for run in ingested.records.runs() {
            for r in run.iter().filter(|r| r.ledger == kind) {
                if let Some(v) = r.dims.get(dim) {
                    *counts.entry(v.to_string()).or_default() += 1;
                }
            }
        }
        let mut values: Vec<(usize, String)> = counts.into_iter().map(|(v, n)| (n, v)).collect();
        values.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        values.into_iter().map(|(_, v)| v).collect::<Vec<String>>()
    };
    let mut meeting_kinds = vocab.meeting_kind_names();
    for k in used(LedgerKind::Meeting, "类型") {
        if !meeting_kinds.contains(&k) {
            meeting_kinds.push(k);
        }
    }
    Lists {
        channels: vocab.channel_names(),
        meeting_kinds,
        dispute_kinds: used(LedgerKind::Mediation, "类型"),
        categories: used(LedgerKind::Disclosure, "类别"),
        outlets: used(LedgerKind::Disclosure, "渠道"),
    }
}

/// Writes every file into a temporary folder beside `dir`, then renames it to `dir`. On any
/// failure the temporary folder is removed and `dir` does not exist.
fn write_folder(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Failure> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let cannot = |e: std::io::Error| {
        usage(
            format!(
                "无法在 {} 中建立文件夹（{e}），什么都没有生成",
                parent.display()
            ),
            "请确认这个位置可以写入（磁盘没有满、文件夹没有设为只读），然后重新运行",
        )
    };
    std::fs::create_dir_all(&parent).map_err(cannot)?;
    let scratch = tempfile::Builder::new()
        .prefix(".gongwen-init-")
        .tempdir_in(&parent)
        .map_err(cannot)?;
    for (name, bytes) in files {
        let path = scratch.path().join(name);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(cannot)?;
        }
        std::fs::write(&path, bytes).map_err(cannot)?;
    }
    // Another run may have made the folder meanwhile: a rename onto an existing folder that is
    // not empty fails, so nothing of it is changed.
    if std::fs::symlink_metadata(dir).is_ok() {
        return Err(usage(
            format!("{} 已经存在，没有改动它，也没有生成新的台账", dir.display()),
            "请先把这个文件夹改名或移走，或者在 gongwen init 后面写一个新的文件夹名",
        ));
    }
    std::fs::rename(scratch.path(), dir).map_err(cannot)?;
    // Renamed: nothing is left to remove.
    let _ = scratch.keep();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dropdowns_offer_words_the_vocabulary_reads() {
        let v = Vocabulary::default();
        assert_eq!(v.resolved(ledgers::OUTCOMES[0]), Some(true));
        assert_eq!(v.resolved(ledgers::OUTCOMES[1]), Some(false));
        for channel in v.channel_names() {
            assert_eq!(v.canonical("来源", &channel), channel);
        }
        assert!(v.meeting_kind_names().contains(&"专题学法".to_string()));
    }

    #[test]
    fn a_dropdown_keeps_to_excels_limit() {
        let many: Vec<String> = (0..100).map(|i| format!("类别{i}")).collect();
        let kept = ledgers::fitting(&many);
        assert!(kept.join(",").chars().count() <= 255);
        assert!(kept.len() > 10);
        assert_eq!(ledgers::fitting(&["a,b".to_string()]), Vec::<String>::new());
    }
}
