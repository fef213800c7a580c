//! A district's ledgers, made up deterministically from a seed: towns of 司法所 mediation
//! registers, 党政办 meeting logs and 政务公开 count tables, decorated as offices keep them (a
//! merged title, a 填报单位 line, the header on row 3, a 合计 row, a 填表人 footer), mostly
//! .xlsx with one file in ten a GBK .csv as platforms export them. (No maintained crate writes
//! legacy .xls, so none is made; the tests read the sample's .xls.)

use rust_xlsxwriter::{Format, Workbook};
use std::path::Path;

/// splitmix64: the same seed, the same corpus.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn pick<'a>(&mut self, of: &[&'a str]) -> &'a str {
        of[(self.next() % of.len() as u64) as usize]
    }

    pub fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n)) as u32
    }
}

const SOURCES: &[&str] = &[
    "法院委派",
    "派出所移交",
    "信访局转交",
    "当事人申请",
    "村调委会主动调解",
    "12345热线",
];
const KINDS: &[&str] = &[
    "邻里纠纷",
    "婚姻家庭纠纷",
    "土地承包纠纷",
    "损害赔偿纠纷",
    "合同纠纷",
    "劳动争议",
];
const OUTCOMES: &[&str] = &[
    "调解成功",
    "达成协议并履行",
    "调解成功",
    "调解不成功",
    "正在调解",
    "已化解",
];
const MEETINGS: &[&str] = &["专题学法", "党委会", "理论学习中心组学习", "法治建设培训班"];
const CATEGORIES: &[&str] = &["政策文件", "人事信息", "财政预决算", "重点领域"];
const CHANNELS: &[&str] = &["政府网站", "政务公众号", "公开栏"];

/// One ledger to write: its kind and size.
#[derive(Clone, Copy)]
pub enum Kind {
    Mediation,
    Meeting,
    Disclosure,
}

/// Writes `files` workbooks holding `rows` records in all under `dir`, and a template.
pub fn make(dir: &Path, files: u32, rows: u64, seed: u64) {
    let mut rng = Rng::new(seed);
    let per = (rows / u64::from(files)).max(1) as u32;
    for f in 0..files {
        let town = format!("第{:02}镇", f / 30 + 1);
        let kind = match f % 20 {
            0..=11 => Kind::Mediation,
            12..=16 => Kind::Meeting,
            _ => Kind::Disclosure,
        };
        let (office, name) = match kind {
            Kind::Mediation => ("司法所", format!("{town}第{f:04}号矛盾纠纷调解台账")),
            Kind::Meeting => ("党政办", format!("{town}第{f:04}号会议及学法记录")),
            Kind::Disclosure => ("政务公开", format!("{town}第{f:04}号政务公开统计")),
        };
        let folder = dir.join(&town).join(office);
        std::fs::create_dir_all(&folder).unwrap();
        let rows = table(kind, per, f, &mut rng);
        if f % 10 == 9 {
            csv_gbk(&folder.join(format!("{name}.csv")), &rows);
        } else {
            xlsx(&folder.join(format!("{name}.xlsx")), &town, &rows, kind);
        }
    }
    std::fs::write(
        dir.join("报告模板.txt"),
        "---\n标题：2024年全区法治政府建设情况报告\n署名：某区法治办\n成文日期：2025年1月10日\n报告年度：2024\n---\n\
         # 调解\n全年受理矛盾纠纷{{调解.受理}}件，化解{{调解.化解}}件，化解率{{调解.化解率|%}}。\n\
         # 学法\n召开会议{{会议.次数}}次，参会{{会议.人次}}人次。\n# 公开\n公开信息{{公开.件次}}条。\n",
    )
    .unwrap();
}

/// The rows of the largest sheet Excel keeps: 1,048,576.
pub const EXCEL_ROWS: u32 = 1_048_576;

/// Writes one mediation register that fills every row of its sheet (title, 填报单位 line,
/// header, records, 合计 and 填表人 rows: 1,048,576 in all), and a template.
pub fn register(dir: &Path, seed: u64) {
    let mut rng = Rng::new(seed);
    let folder = dir.join("第01镇").join("司法所");
    std::fs::create_dir_all(&folder).unwrap();
    // Five rows are not records: the title, 填报单位, the header, 合计 and the footer.
    let rows = table(Kind::Mediation, EXCEL_ROWS - 5, 0, &mut rng);
    xlsx(
        &folder.join("第01镇矛盾纠纷调解台账（全年）.xlsx"),
        "第01镇",
        &rows,
        Kind::Mediation,
    );
    std::fs::write(dir.join("报告模板.txt"), TEMPLATE).unwrap();
}

const TEMPLATE: &str = "---\n标题：2024年全区法治政府建设情况报告\n署名：某区法治办\n成文日期：2025年1月10日\n报告年度：2024\n---\n\
         # 调解\n全年受理矛盾纠纷{{调解.受理}}件，化解{{调解.化解}}件，化解率{{调解.化解率|%}}。\n";

/// The header and the records of one ledger, as text (numbers written as digits).
fn table(kind: Kind, rows: u32, file: u32, rng: &mut Rng) -> Vec<Vec<String>> {
    let date = |rng: &mut Rng| format!("2024-{:02}-{:02}", rng.below(12) + 1, rng.below(28) + 1);
    let header: &[&str] = match kind {
        Kind::Mediation => &[
            "序号",
            "受理日期",
            "案件来源",
            "纠纷类型",
            "当事人",
            "调解结果",
        ],
        Kind::Meeting => &["序号", "会议时间", "会议类型", "会议主题", "参会人数"],
        Kind::Disclosure => &["月份", "公开类别", "公开渠道", "件次"],
    };
    let mut out = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for i in 0..rows {
        let row = match kind {
            Kind::Mediation => vec![
                (i + 1).to_string(),
                date(rng),
                rng.pick(SOURCES).to_string(),
                rng.pick(KINDS).to_string(),
                format!("甲{file}-{i}与乙{file}-{i}"),
                rng.pick(OUTCOMES).to_string(),
            ],
            Kind::Meeting => vec![
                (i + 1).to_string(),
                date(rng),
                rng.pick(MEETINGS).to_string(),
                format!("第{i}次学习"),
                (rng.below(40) + 8).to_string(),
            ],
            Kind::Disclosure => vec![
                format!("{}月", i % 12 + 1),
                format!("{}{}", rng.pick(CATEGORIES), i / 12),
                rng.pick(CHANNELS).to_string(),
                (rng.below(20) + 1).to_string(),
            ],
        };
        out.push(row);
    }
    out
}

fn xlsx(path: &Path, town: &str, rows: &[Vec<String>], kind: Kind) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet_with_low_memory().unwrap();
    let bold = Format::new().set_bold();
    let width = rows[0].len() as u16;
    ws.merge_range(0, 0, 0, width - 1, &format!("{town}2024年台账"), &bold)
        .unwrap();
    ws.write_string(1, 0, format!("填报单位：{town}")).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 2, c as u16);
            let numeric = r > 2
                && (c == 0
                    || matches!(kind, Kind::Meeting if c == 4)
                    || matches!(kind, Kind::Disclosure if c == 3));
            match v.parse::<f64>() {
                Ok(n) if numeric => ws.write_number(r, c, n).unwrap(),
                _ => ws.write_string(r, c, v).unwrap(),
            };
        }
    }
    let last = rows.len() as u32 + 2;
    if matches!(kind, Kind::Mediation) {
        ws.write_string(last, 0, "合计").unwrap();
        ws.write_string(last, 2, format!("{}件", rows.len() - 1))
            .unwrap();
    }
    ws.write_string(last + 1, 0, "填表人：张三　审核人：李四")
        .unwrap();
    book.save(path).unwrap();
}

fn csv_gbk(path: &Path, rows: &[Vec<String>]) {
    let text: String = rows.iter().map(|r| r.join(",") + "\r\n").collect();
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(path, bytes).unwrap();
}
