//! 填表说明.txt: which office fills which file of the new year's folder, and how.

use super::ledgers::{self, Lists, Sheet};
use super::Planned;
use crate::ingest::LedgerKind;

/// The guide's file name.
pub(super) const GUIDE: &str = "填表说明.txt";

/// The guide as UTF-8 with a BOM and Windows line endings, so that Notepad opens it as it is.
pub(super) fn text(
    year: i32,
    dir: &str,
    ledgers: &[Planned],
    lists: &Lists,
    template: bool,
) -> Vec<u8> {
    let mut lines: Vec<String> = vec![
        format!("{year}年台账填表说明"),
        String::new(),
        format!("这个文件夹（{dir}）由 gongwen init 生成，用来登记{year}年的台账。"),
        "各办公室把自己的台账填好后放回原来的位置（文件名可以不改），年底运行：".to_string(),
        format!("    gongwen --inputs {dir}"),
        format!("就会生成{year}年的报告。年中随时可以运行 gongwen check --inputs {dir} 核对已填的内容。"),
        String::new(),
        "一、谁填哪个文件".to_string(),
    ];
    for p in ledgers {
        let office = p.path.split('/').next().filter(|_| p.path.contains('/'));
        let what: Vec<&str> = p.sheets.iter().map(|s| s.kind.description()).collect();
        lines.push(format!(
            "    {}{}（{}）",
            office.map(|o| format!("{o}：")).unwrap_or_default(),
            p.path,
            what.join("、")
        ));
    }
    lines.extend([
        String::new(),
        "二、怎么填（每个台账都一样）".to_string(),
        "    1. 一行登记一件事，从表头下面的第一行往下连续填写，中间不要留空行。".to_string(),
        format!("    2. 日期写成 {year}-03-05 或 {year}年3月5日，写全年、月、日。"),
        "    3. 带下拉箭头的栏目请从下拉列表中选择；数字栏（序号、参会人数、件次）只写数字，不写“人”“件”。".to_string(),
        "    4. 不要改动第 1 行的标题和第 2 行的表头（栏目名称），也不要删除栏目；用不到的栏目空着即可。".to_string(),
        "    5. 不要加“合计”“小计”行，程序会自己统计；一定要加的，请在这一行的第一栏写“合计”。".to_string(),
        "    6. 保存时保持 .xlsx 格式。".to_string(),
        String::new(),
        "三、各台账的要点".to_string(),
    ]);
    let mut kinds: Vec<(LedgerKind, bool)> = ledgers
        .iter()
        .flat_map(|p| p.sheets.iter().map(|s| (s.kind, s.village)))
        .collect();
    kinds.sort();
    kinds.dedup();
    for (kind, village) in kinds {
        let columns = ledgers::header(&Sheet { kind, village }, lists).join("、");
        let point = match (kind, village) {
            (LedgerKind::Mediation, false) => format!(
                "一行一件纠纷。“案件来源”选推送单位（{}），本单位自己受理的选“当事人申请”或“主动调解”；“调解结果”化解了选“{}”，调解不成或仍在调解的选“{}”。",
                lists.channels.join("、"),
                ledgers::OUTCOMES[0],
                ledgers::OUTCOMES[1]
            ),
            (LedgerKind::Mediation, true) => format!(
                "一行一件本村调委会调解的纠纷，都计入“村调委会”；“调解结果”化解了选“{}”，调解不成或仍在调解的选“{}”。",
                ledgers::OUTCOMES[0],
                ledgers::OUTCOMES[1]
            ),
            (LedgerKind::Meeting, _) => "一行一次会议或学习。“会议类型”从下拉列表中选（报告按类型统计次数），“参会人数”写实到人数。".to_string(),
            (LedgerKind::Disclosure, _) => "一行是某个月、某一类别、某一渠道公开的信息件次；“月份”选 1月至12月，“件次”写数字。".to_string(),
        };
        let name = if village {
            "村调委会调解台账"
        } else {
            kind.description()
        };
        lines.push(format!("    {name}：{point}"));
        lines.push(format!("        栏目：{columns}"));
    }
    if template {
        lines.extend([
            String::new(),
            "四、报告模板".to_string(),
            format!("    报告模板.txt 已把报告年度和正文中的年份改为{year}年，请通读一遍，按今年的工作修改正文。"),
            format!("    开头的“成文日期：”空着，领导签发后写上日期（例如 {}年1月10日），不写不会生成报告。", year + 1),
        ]);
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(lines.join("\r\n").into_bytes());
    bytes.extend(b"\r\n");
    bytes
}
