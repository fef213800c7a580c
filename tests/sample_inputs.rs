//! Generator for the sample year's office workbooks (杨家寺镇, 2024) under `inputs/`.
//!
//! How to run (rewrites the files in place; the output is deterministic, so re-running
//! produces byte-identical files):
//!
//! ```text
//! cargo test --test sample_inputs -- --ignored regenerate_sample_inputs
//! ```
//!
//! It writes:
//! - `inputs/司法所/2024年矛盾纠纷排查化解台账.xlsx`       (145 cases: 法院 66, 派出所 58, 信访 21)
//! - `inputs/村调委会/<村>人民调解委员会调解台账.xlsx`    (杨家寺村 11, 王家坪村 9, 石咀村 8, 罗家堡村 8)
//! - `inputs/党政办/2024年会议及学法记录.xlsx`             (29 meetings)
//! - `inputs/政务公开/2024年政务公开信息统计.csv`          (GBK, 件次 total 243)
//!
//! The fifth village, 关庄村 (7 cases), is a legacy Excel 97 `.xls` written by
//! `tests/fixtures/make_sample_xls.py` (Python + xlwt); run that one separately.
//!
//! The figures must match the reference report (`shared/seed/`): do not change the counts
//! without changing the report's expectations too. Pseudo-random choices (names, dates,
//! wording) come from a tiny fixed-seed LCG, so no `rand` crate is involved.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

// ---------------------------------------------------------------------------------------------
// Deterministic helpers
// ---------------------------------------------------------------------------------------------

/// Knuth's MMIX linear congruential generator; the high 32 bits are used.
struct Lcg(u64);

impl Lcg {
    fn new(seed: u64) -> Self {
        Lcg(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    fn next_u32(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 32) as u32
    }
    /// Uniform-ish integer in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next_u32() as usize) % n
    }
    /// Integer in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next_u32() % (hi - lo + 1))
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

const MONTH_DAYS_2024: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// Day of year 2024 (1-based) to (month, day).
fn md_of_day(mut doy: u32) -> (u8, u8) {
    for (i, &len) in MONTH_DAYS_2024.iter().enumerate() {
        if doy <= len {
            return (i as u8 + 1, doy as u8);
        }
        doy -= len;
    }
    panic!("day of year past 2024");
}

fn manifest_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn fixed_properties(title: &str, author: &str) -> DocProperties {
    let created = ExcelDateTime::from_ymd(2025, 1, 6)
        .and_then(|d| d.and_hms(9, 30, 0))
        .expect("valid fixed datetime");
    DocProperties::new()
        .set_title(title)
        .set_author(author)
        .set_company("杨家寺镇人民政府")
        .set_creation_datetime(&created)
}

/// Cell formats shared by the workbooks.
struct Styles {
    title: Format,
    left: Format,
    right: Format,
    header: Format,
    cell: Format,
    cell_left: Format,
    date_cn: Format,
    date_iso: Format,
    footer: Format,
}

impl Styles {
    fn new() -> Self {
        let base = Format::new().set_font_name("宋体").set_font_size(11);
        let boxed = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            title: base
                .clone()
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            left: base.clone().set_align(FormatAlign::Left),
            right: base.clone().set_align(FormatAlign::Right),
            header: boxed.clone().set_bold().set_text_wrap(),
            cell: boxed.clone(),
            cell_left: boxed.clone().set_align(FormatAlign::Left).set_text_wrap(),
            date_cn: boxed.clone().set_num_format("yyyy\"年\"m\"月\"d\"日\""),
            date_iso: boxed.set_num_format("yyyy-mm-dd"),
            footer: base.set_align(FormatAlign::Left),
        }
    }
}

/// How a clerk happened to enter one date.
#[derive(Clone, Copy)]
enum DateStyle {
    Cn,
    Iso,
    TextDot,
    TextCn,
    TextSlash,
}

fn choose_date_style(rng: &mut Lcg, text_percent: usize) -> DateStyle {
    let roll = rng.below(100);
    if roll < text_percent {
        *rng.pick(&[DateStyle::TextDot, DateStyle::TextCn, DateStyle::TextSlash])
    } else if roll < text_percent + (100 - text_percent) / 5 {
        DateStyle::Iso
    } else {
        DateStyle::Cn
    }
}

fn write_date(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    (m, d): (u8, u8),
    style: DateStyle,
    st: &Styles,
) -> Result<(), XlsxError> {
    let date = ExcelDateTime::from_ymd(2024, m, d)?;
    match style {
        DateStyle::Cn => ws.write_datetime_with_format(row, col, &date, &st.date_cn)?,
        DateStyle::Iso => ws.write_datetime_with_format(row, col, &date, &st.date_iso)?,
        DateStyle::TextDot => {
            ws.write_string_with_format(row, col, format!("2024.{m}.{d}"), &st.cell)?
        }
        DateStyle::TextCn => {
            ws.write_string_with_format(row, col, format!("2024年{m}月{d}日"), &st.cell)?
        }
        DateStyle::TextSlash => {
            ws.write_string_with_format(row, col, format!("2024/{m:02}/{d:02}"), &st.cell)?
        }
    };
    Ok(())
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "杨", "赵", "陈", "马", "罗", "石", "何", "汪", "郭", "蒲", "吕", "魏",
    "冯", "谢", "贾", "牛", "苟", "裴", "雷", "关", "姚",
];
const GIVEN: &[&str] = &[
    "建军", "国强", "文明", "海平", "小红", "秀英", "玉兰", "永福", "志强", "红霞", "丽娟", "天喜",
    "进财", "宝林", "金花", "彩霞", "卫东", "东升", "长生", "双喜", "月娥", "桂芳", "晓东", "亚军",
    "俊杰", "鹏飞", "海燕", "明亮", "耀祖", "满仓", "来福", "春梅", "玉珍", "新民", "保平", "军民",
    "小平", "万年", "建华", "兴旺",
];

fn person(rng: &mut Lcg) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

/// Two parties with different names.
fn two_people(rng: &mut Lcg) -> (String, String) {
    let a = person(rng);
    loop {
        let b = person(rng);
        if b != a {
            return (a, b);
        }
    }
}

/// Dispute types with a few brief descriptions each.
const DISPUTES: &[(&str, &[&str])] = &[
    (
        "婚姻家庭纠纷",
        &[
            "夫妻双方因家庭琐事长期争吵，女方要求离婚",
            "兄弟间因赡养老人费用分担问题发生争执",
            "离婚后因子女抚养费给付问题发生纠纷",
            "因婚约解除后彩礼返还数额发生争议",
        ],
    ),
    (
        "邻里纠纷",
        &[
            "因房屋滴水问题与邻居发生争执",
            "因修建院墙占用通道引发纠纷",
            "因排水沟堵塞致雨水流入邻家院内",
            "因家畜毁坏邻家庄稼引发口角",
        ],
    ),
    (
        "土地承包纠纷",
        &[
            "因承包地界址不清发生争执",
            "因土地流转租金未按期支付发生纠纷",
            "因承包地调整分配问题产生矛盾",
        ],
    ),
    (
        "损害赔偿纠纷",
        &[
            "因酒后口角发生肢体冲突致一方轻微伤",
            "因放养羊只啃食邻家麦苗要求赔偿",
            "因农用车剐蹭要求赔偿修理费",
        ],
    ),
    (
        "劳务纠纷",
        &[
            "因务工工资被拖欠发生纠纷",
            "在建房施工中受伤，就赔偿问题产生争议",
        ],
    ),
    (
        "宅基地纠纷",
        &[
            "因宅基地四至界限争议发生纠纷",
            "因翻建房屋越界占用对方宅基地",
        ],
    ),
    (
        "民间借贷纠纷",
        &["借款到期未归还发生纠纷", "因借款利息约定不明产生争议"],
    ),
    (
        "交通事故纠纷",
        &["三轮车与摩托车相撞，就医疗费赔偿产生争议"],
    ),
    ("山林权属纠纷", &["因林地边界不清砍伐树木引发纠纷"]),
];

fn dispute_by_name(name: &str) -> &'static [&'static str] {
    DISPUTES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, d)| *d)
        .expect("known dispute type")
}

// ---------------------------------------------------------------------------------------------
// 1. 司法所: 矛盾纠纷排查化解台账
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Source {
    Court,
    Police,
    Petition,
}

fn write_sifasuo(path: &Path) -> Result<(), XlsxError> {
    let mut rng = Lcg::new(2024_0101);
    let st = Styles::new();

    // 145 cases: sources shuffled, acceptance days sorted through the year.
    let mut sources: Vec<Source> = std::iter::repeat_n(Source::Court, 66)
        .chain(std::iter::repeat_n(Source::Police, 58))
        .chain(std::iter::repeat_n(Source::Petition, 21))
        .collect();
    rng.shuffle(&mut sources);
    let mut days: Vec<u32> = (0..sources.len()).map(|_| rng.range(3, 355)).collect();
    days.sort_unstable();

    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties(
        "杨家寺镇2024年矛盾纠纷排查化解台账",
        "杨家寺镇司法所",
    ));
    let ws = wb.add_worksheet();
    ws.set_name("台账")?;

    // Columns: A 序号, B 受理日期, C 案件来源, D 纠纷类型, E 申请人, F 被申请人,
    //          G 纠纷简要情况, H 结案日期, I 调解结果, J 调解员.
    for (col, width) in [5.0, 15.0, 14.0, 14.0, 10.0, 10.0, 36.0, 15.0, 12.0, 16.0]
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(col as u16, width)?;
    }
    ws.set_row_height(0, 30)?;
    ws.merge_range(0, 0, 0, 9, "杨家寺镇2024年矛盾纠纷排查化解台账", &st.title)?;
    ws.merge_range(1, 0, 1, 3, "填报单位：杨家寺镇司法所", &st.left)?;
    ws.merge_range(1, 7, 1, 9, "填报时间：2025年1月6日", &st.right)?;

    // Two-row header (rows 3-4).
    let vertical = [
        (0u16, "序号"),
        (1, "受理\n日期"),
        (2, "案件来源"),
        (3, "纠纷类型"),
        (6, "纠纷简要情况"),
        (7, "结案日期"),
        (8, "调解结果"),
        (9, "调解员"),
    ];
    for (col, text) in vertical {
        ws.merge_range(2, col, 3, col, text, &st.header)?;
    }
    ws.merge_range(2, 4, 2, 5, "当事人", &st.header)?;
    ws.write_string_with_format(3, 4, "申请人", &st.header)?;
    ws.write_string_with_format(3, 5, "被申请人", &st.header)?;
    ws.set_row_height(2, 20)?;
    ws.set_row_height(3, 20)?;

    let court_words = ["法院", "秦州区人民法院", "诉前委派", "法庭"];
    let police_words = ["派出所", "杨家寺派出所", "公安"];
    let petition_words = ["信访", "信访办转办", "区信访局"];
    let outcome_words = ["调解成功", "成功", "已化解", "达成调解协议"];
    let mediators = [
        "王建军",
        "刘晓燕",
        "赵志刚",
        "马文斌",
        "王建军、刘晓燕",
        "赵志刚、马文斌",
    ];
    let court_types = [
        "婚姻家庭纠纷",
        "民间借贷纠纷",
        "劳务纠纷",
        "损害赔偿纠纷",
        "交通事故纠纷",
    ];
    let police_types = ["邻里纠纷", "损害赔偿纠纷", "婚姻家庭纠纷", "交通事故纠纷"];
    let petition_types = [
        "土地承包纠纷",
        "宅基地纠纷",
        "山林权属纠纷",
        "劳务纠纷",
        "邻里纠纷",
    ];

    let first_data_row = 4u32; // Excel row 5
    for (i, (&source, &day)) in sources.iter().zip(days.iter()).enumerate() {
        let row = first_data_row + i as u32;
        let (source_word, kind) = match source {
            Source::Court => (*rng.pick(&court_words), *rng.pick(&court_types)),
            Source::Police => (*rng.pick(&police_words), *rng.pick(&police_types)),
            Source::Petition => (*rng.pick(&petition_words), *rng.pick(&petition_types)),
        };
        let brief = *rng.pick(dispute_by_name(kind));
        let (applicant, respondent) = two_people(&mut rng);
        let respondent = if rng.below(12) == 0 {
            format!("{respondent}等2人")
        } else {
            respondent
        };
        let closed = (day + rng.range(1, 9)).min(366);

        ws.write_number_with_format(row, 0, (i + 1) as f64, &st.cell)?;
        let style = choose_date_style(&mut rng, 15);
        write_date(ws, row, 1, md_of_day(day), style, &st)?;
        ws.write_string_with_format(row, 2, source_word, &st.cell)?;
        ws.write_string_with_format(row, 3, kind, &st.cell)?;
        ws.write_string_with_format(row, 4, &applicant, &st.cell)?;
        ws.write_string_with_format(row, 5, &respondent, &st.cell)?;
        ws.write_string_with_format(row, 6, brief, &st.cell_left)?;
        let style = choose_date_style(&mut rng, 15);
        write_date(ws, row, 7, md_of_day(closed), style, &st)?;
        ws.write_string_with_format(row, 8, *rng.pick(&outcome_words), &st.cell)?;
        ws.write_string_with_format(row, 9, *rng.pick(&mediators), &st.cell)?;
    }

    let total_row = first_data_row + sources.len() as u32; // Excel row 150
    ws.merge_range(total_row, 0, total_row, 1, "合计", &st.header)?;
    ws.write_string_with_format(total_row, 2, format!("{}件", sources.len()), &st.cell)?;
    for col in 3..=9 {
        ws.write_blank(total_row, col, &st.cell)?;
    }
    ws.merge_range(
        total_row + 1,
        0,
        total_row + 1,
        9,
        "填报人：张某某    审核人：李某某    联系电话：0938-xxxxxxx",
        &st.footer,
    )?;
    ws.merge_range(
        total_row + 2,
        0,
        total_row + 2,
        9,
        "注：本台账按受理时间顺序登记。",
        &st.footer,
    )?;

    let notes = wb.add_worksheet();
    notes.set_name("说明")?;
    notes.set_column_width(0, 90)?;
    notes.write_string(
        0,
        0,
        "本台账登记2024年度由法院、派出所、信访部门推送至镇司法所的矛盾纠纷（“三调对接”案件）；各村人民调解委员会自行调解的纠纷由各村另行登记。",
    )?;
    notes.write_string(
        1,
        0,
        "“案件来源”栏填写推送单位；“调解结果”栏填写调解成功、达成调解协议或调解不成等情况；调解不成的应注明引导当事人通过其他途径解决。",
    )?;
    notes.write_string(2, 0, "本表每季度末报镇综治中心一次，年终汇总后报区司法局。")?;

    wb.save(path)
}

// ---------------------------------------------------------------------------------------------
// 2. 村人民调解委员会 台账 (four .xlsx villages; 关庄村 is the .xls from the Python script)
// ---------------------------------------------------------------------------------------------

struct Village {
    name: &'static str,
    cases: usize,
    mediators: &'static [&'static str],
    reporter: &'static str,
    /// Write a "调解组织" column whose single value is merged over all data rows.
    org_column: bool,
    seed: u64,
}

const VILLAGES: &[Village] = &[
    Village {
        name: "杨家寺村",
        cases: 11,
        mediators: &["杨志明", "杨建华", "杨志明、何小平"],
        reporter: "杨建华",
        org_column: false,
        seed: 11,
    },
    Village {
        name: "王家坪村",
        cases: 9,
        mediators: &["王保平", "王新民", "王保平、郭满仓"],
        reporter: "王新民",
        org_column: true,
        seed: 22,
    },
    Village {
        name: "石咀村",
        cases: 8,
        mediators: &["石来福", "石耀祖"],
        reporter: "石耀祖",
        org_column: false,
        seed: 33,
    },
    Village {
        name: "罗家堡村",
        cases: 8,
        mediators: &["罗万年", "罗军民", "罗万年、蒲兴旺"],
        reporter: "罗军民",
        org_column: false,
        seed: 44,
    },
];

fn write_village(v: &Village, path: &Path) -> Result<(), XlsxError> {
    let mut rng = Lcg::new(v.seed);
    let st = Styles::new();
    let committee = format!("{}人民调解委员会", v.name);

    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties(
        &format!("{committee}调解台账"),
        &committee,
    ));
    let ws = wb.add_worksheet();
    ws.set_name("2024年")?;

    let mut headers: Vec<(&str, f64)> = vec![("序号", 5.0)];
    if v.org_column {
        headers.push(("调解组织", 14.0));
    }
    headers.extend([
        ("调解日期", 15.0),
        ("纠纷类型", 14.0),
        ("当事人", 16.0),
        ("纠纷简要情况", 36.0),
        ("调解结果", 12.0),
        ("调解员", 16.0),
    ]);
    let last_col = (headers.len() - 1) as u16;
    let off = u16::from(v.org_column); // column shift after 序号

    ws.set_row_height(0, 28)?;
    ws.merge_range(
        0,
        0,
        0,
        last_col,
        &format!("{}2024年矛盾纠纷调解台账", committee),
        &st.title,
    )?;
    ws.merge_range(1, 0, 1, 3, &format!("填报单位：{committee}"), &st.left)?;
    for (col, (text, width)) in headers.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
        ws.write_string_with_format(2, col as u16, *text, &st.header)?;
    }

    let types = [
        "邻里纠纷",
        "邻里纠纷",
        "婚姻家庭纠纷",
        "土地承包纠纷",
        "宅基地纠纷",
        "损害赔偿纠纷",
        "山林权属纠纷",
    ];
    let outcomes = ["调解成功", "成功", "已化解", "达成口头协议", "达成调解协议"];

    let mut days: Vec<u32> = (0..v.cases).map(|_| rng.range(8, 360)).collect();
    days.sort_unstable();

    let first = 3u32; // Excel row 4
    for (i, &day) in days.iter().enumerate() {
        let row = first + i as u32;
        let kind = *rng.pick(&types);
        let (a, b) = two_people(&mut rng);
        let parties = if rng.below(2) == 0 {
            format!("{a}与{b}")
        } else {
            format!("{a}、{b}")
        };
        ws.write_number_with_format(row, 0, (i + 1) as f64, &st.cell)?;
        let style = choose_date_style(&mut rng, 20);
        write_date(ws, row, 1 + off, md_of_day(day), style, &st)?;
        ws.write_string_with_format(row, 2 + off, kind, &st.cell)?;
        ws.write_string_with_format(row, 3 + off, &parties, &st.cell)?;
        ws.write_string_with_format(
            row,
            4 + off,
            *rng.pick(dispute_by_name(kind)),
            &st.cell_left,
        )?;
        ws.write_string_with_format(row, 5 + off, *rng.pick(&outcomes), &st.cell)?;
        ws.write_string_with_format(row, 6 + off, *rng.pick(v.mediators), &st.cell)?;
    }
    if v.org_column {
        ws.merge_range(
            first,
            1,
            first + v.cases as u32 - 1,
            1,
            &committee,
            &st.cell,
        )?;
    }

    let total = first + v.cases as u32;
    ws.write_string_with_format(total, 0, "合计", &st.header)?;
    ws.write_string_with_format(total, 1, format!("{}件", v.cases), &st.cell)?;
    for col in 2..=last_col {
        ws.write_blank(total, col, &st.cell)?;
    }
    ws.merge_range(
        total + 1,
        0,
        total + 1,
        last_col,
        &format!("填报人：{}    填报日期：2024年12月30日", v.reporter),
        &st.footer,
    )?;

    wb.save(path)
}

// ---------------------------------------------------------------------------------------------
// 3. 党政办: 会议及学法记录
// ---------------------------------------------------------------------------------------------

/// (month, day, 会议类型, 会议名称（主题）, 主持人, 地点, attendance range)
type Meeting = (
    u8,
    u8,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    (u32, u32),
);

const HALL: &str = "镇政府三楼会议室";
const CENTER: &str = "镇党群服务中心会议室";
const SMALL: &str = "镇政府二楼小会议室";
const STATION: &str = "镇综合文化站";

const MEETINGS: &[Meeting] = &[
    (
        1,
        8,
        "党委会专题研究法治工作",
        "研究部署2024年依法治镇工作",
        "李卫东",
        SMALL,
        (15, 18),
    ),
    (
        1,
        19,
        "专题学法",
        "学习《中华人民共和国宪法》",
        "李卫东",
        HALL,
        (30, 48),
    ),
    (
        2,
        26,
        "主要负责人专题会议",
        "党政主要负责人履行推进法治建设第一责任人职责专题会议",
        "李卫东",
        SMALL,
        (15, 22),
    ),
    (
        3,
        5,
        "党委会专题研究法治工作",
        "研究审定《杨家寺镇2024年法治政府建设工作要点》",
        "李卫东",
        SMALL,
        (15, 18),
    ),
    (
        3,
        14,
        "理论学习中心组学习",
        "党委理论学习中心组2024年第1次集中学习",
        "李卫东",
        HALL,
        (18, 25),
    ),
    (
        3,
        22,
        "法治建设培训班",
        "2024年第一期法治建设培训班（习近平法治思想专题）",
        "王志强",
        STATION,
        (45, 60),
    ),
    (
        4,
        3,
        "专题学法",
        "学习《中国共产党纪律处分条例》",
        "李卫东",
        HALL,
        (30, 48),
    ),
    (
        4,
        17,
        "党委会",
        "研究2024年乡村振兴衔接资金项目安排",
        "李卫东",
        SMALL,
        (15, 18),
    ),
    (
        4,
        25,
        "主要负责人专题会议",
        "依法行政工作专题会议",
        "王志强",
        SMALL,
        (15, 22),
    ),
    (
        5,
        9,
        "专题学法",
        "学习《中华人民共和国民法典》婚姻家庭编",
        "王志强",
        HALL,
        (30, 48),
    ),
    (
        5,
        21,
        "党委会专题研究法治工作",
        "专题研究“三调对接”矛盾纠纷化解工作",
        "李卫东",
        SMALL,
        (15, 18),
    ),
    (
        6,
        6,
        "法治建设培训班",
        "2024年第二期法治建设培训班（行政执法业务）",
        "刘海平",
        STATION,
        (45, 60),
    ),
    (
        6,
        18,
        "主要负责人专题会议",
        "矛盾纠纷排查化解专题会议",
        "王志强",
        CENTER,
        (15, 22),
    ),
    (
        6,
        27,
        "专题学法",
        "学习《中华人民共和国安全生产法》",
        "刘海平",
        HALL,
        (30, 48),
    ),
    (
        7,
        9,
        "党委会专题研究法治工作",
        "专题研究行政执法“三项制度”落实工作",
        "李卫东",
        SMALL,
        (15, 18),
    ),
    (
        7,
        26,
        "理论学习中心组学习",
        "学习党的二十届三中全会精神",
        "李卫东",
        HALL,
        (18, 25),
    ),
    (
        8,
        7,
        "专题学法",
        "学习《中华人民共和国土地管理法》",
        "王志强",
        HALL,
        (30, 48),
    ),
    (
        8,
        20,
        "主要负责人专题会议",
        "行政执法规范化建设专题会议",
        "王志强",
        SMALL,
        (15, 22),
    ),
    (
        9,
        4,
        "法治建设培训班",
        "2024年第三期法治建设培训班（矛盾纠纷调解实务）",
        "刘海平",
        STATION,
        (45, 60),
    ),
    (
        9,
        12,
        "党委会专题研究法治工作",
        "专题研究法律顾问参与重大行政决策合法性审查工作",
        "李卫东",
        SMALL,
        (15, 18),
    ),
    (
        9,
        25,
        "专题学法",
        "学习《信访工作条例》",
        "李卫东",
        HALL,
        (30, 48),
    ),
    (
        10,
        15,
        "党委会",
        "研究农村人居环境整治冬季攻坚工作",
        "李卫东",
        SMALL,
        (15, 18),
    ),
    (
        10,
        23,
        "主要负责人专题会议",
        "法治政府建设工作推进会",
        "王志强",
        CENTER,
        (15, 22),
    ),
    (
        11,
        5,
        "专题学法",
        "学习《中华人民共和国保守国家秘密法》",
        "王志强",
        HALL,
        (30, 48),
    ),
    (
        11,
        14,
        "法治建设培训班",
        "2024年第四期法治建设培训班（“八五”普法总结）",
        "王志强",
        STATION,
        (45, 60),
    ),
    (
        11,
        27,
        "理论学习中心组学习",
        "党委理论学习中心组学习习近平法治思想",
        "李卫东",
        HALL,
        (18, 25),
    ),
    (
        12,
        4,
        "专题学法",
        "“12·4”国家宪法日专题学法",
        "李卫东",
        CENTER,
        (30, 48),
    ),
    (
        12,
        17,
        "党委会专题研究法治工作",
        "专题研究2024年度法治政府建设情况报告",
        "李卫东",
        SMALL,
        (15, 18),
    ),
    (
        12,
        26,
        "主要负责人专题会议",
        "2024年度述法工作专题会议",
        "李卫东",
        SMALL,
        (15, 22),
    ),
];

fn write_meetings(path: &Path) -> Result<(), XlsxError> {
    let mut rng = Lcg::new(8);
    let st = Styles::new();
    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties(
        "杨家寺镇2024年会议及学法活动记录",
        "杨家寺镇党政综合办公室",
    ));
    let ws = wb.add_worksheet();
    ws.set_name("Sheet1")?;

    let headers = [
        ("序号", 5.0),
        ("日期", 15.0),
        ("会议类型", 22.0),
        ("会议名称（主题）", 48.0),
        ("主持人", 10.0),
        ("参会人数", 9.0),
        ("地点", 20.0),
    ];
    ws.set_row_height(0, 28)?;
    ws.merge_range(0, 0, 0, 6, "杨家寺镇2024年会议及学法活动记录", &st.title)?;
    for (col, (text, width)) in headers.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
        ws.write_string_with_format(1, col as u16, *text, &st.header)?;
    }

    // Rows whose attendance the clerk typed as text ("32人"), 0-based.
    let text_attendance = [4usize, 16, 23];
    let first = 2u32; // Excel row 3
    let mut total_people = 0u32;
    for (i, &(m, d, kind, subject, host, place, (lo, hi))) in MEETINGS.iter().enumerate() {
        let row = first + i as u32;
        let people = rng.range(lo, hi);
        total_people += people;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &st.cell)?;
        let style = if i % 9 == 7 {
            DateStyle::TextDot
        } else {
            DateStyle::Cn
        };
        write_date(ws, row, 1, (m, d), style, &st)?;
        ws.write_string_with_format(row, 2, kind, &st.cell)?;
        ws.write_string_with_format(row, 3, subject, &st.cell_left)?;
        ws.write_string_with_format(row, 4, host, &st.cell)?;
        if text_attendance.contains(&i) {
            ws.write_string_with_format(row, 5, format!("{people}人"), &st.cell)?;
        } else {
            ws.write_number_with_format(row, 5, people as f64, &st.cell)?;
        }
        ws.write_string_with_format(row, 6, place, &st.cell)?;
    }
    let total = first + MEETINGS.len() as u32;
    ws.merge_range(total, 0, total, 1, "合计", &st.header)?;
    ws.write_string_with_format(total, 2, format!("{}次", MEETINGS.len()), &st.cell)?;
    ws.write_blank(total, 3, &st.cell)?;
    ws.write_blank(total, 4, &st.cell)?;
    ws.write_number_with_format(total, 5, total_people as f64, &st.cell)?;
    ws.write_blank(total, 6, &st.cell)?;

    wb.save(path)
}

// ---------------------------------------------------------------------------------------------
// 4. 政务公开: 信息统计 (GBK CSV)
// ---------------------------------------------------------------------------------------------

const DISCLOSURE_TOTAL: u32 = 243;

fn disclosure_csv() -> String {
    let mut rng = Lcg::new(243);
    // (类别, months it was published in, preferred channels)
    let categories: [(&str, &[u8], &[&str]); 6] = [
        ("财政预决算", &[2, 3, 7, 8, 12], &["政府网站", "宣传栏"]),
        (
            "乡村振兴衔接资金",
            &[3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
            &["宣传栏", "微信群", "政府网站"],
        ),
        (
            "行政执法公示",
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
            &["政府网站", "电子显示屏"],
        ),
        ("公共资源配置", &[4, 6, 9, 11], &["政府网站", "宣传栏"]),
        (
            "社会公益事业",
            &[1, 3, 5, 6, 8, 9, 10, 12],
            &["微信群", "电子显示屏", "宣传栏"],
        ),
        (
            "其他",
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
            &["微信群", "宣传栏", "电子显示屏"],
        ),
    ];

    let mut rows: Vec<(u8, &str, &str, u32)> = Vec::new();
    for month in 1..=12u8 {
        for (cat, months, channels) in categories.iter() {
            if !months.contains(&month) {
                continue;
            }
            let n_channels = if channels.len() > 1 && rng.below(3) == 0 {
                2
            } else {
                1
            };
            let start = rng.below(channels.len());
            for k in 0..n_channels {
                let channel = channels[(start + k) % channels.len()];
                rows.push((month, cat, channel, rng.range(1, 6)));
            }
        }
    }
    // Nudge the counts so the year adds up to exactly 243.
    let mut sum: u32 = rows.iter().map(|r| r.3).sum();
    while sum != DISCLOSURE_TOTAL {
        let i = rng.below(rows.len());
        if sum > DISCLOSURE_TOTAL && rows[i].3 > 1 {
            rows[i].3 -= 1;
            sum -= 1;
        } else if sum < DISCLOSURE_TOTAL && rows[i].3 < 9 {
            rows[i].3 += 1;
            sum += 1;
        }
    }

    let mut out = String::new();
    out.push_str("杨家寺镇2024年政务公开信息统计表,,,\r\n");
    out.push_str("月份,公开类别,公开渠道,件次\r\n");
    for (month, cat, channel, n) in &rows {
        out.push_str(&format!("{month}月,{cat},{channel},{n}\r\n"));
    }
    out.push_str(&format!("合计,,,{sum}\r\n"));
    out
}

fn write_disclosure(path: &Path) -> std::io::Result<()> {
    let text = disclosure_csv();
    let (bytes, _, had_errors) = encoding_rs::GBK.encode(&text);
    assert!(!had_errors, "every character must be representable in GBK");
    std::fs::write(path, bytes)
}

// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "writes the sample workbooks into inputs/; run on purpose"]
fn regenerate_sample_inputs() {
    let dirs = [
        "inputs/司法所",
        "inputs/村调委会",
        "inputs/党政办",
        "inputs/政务公开",
    ];
    for d in dirs {
        std::fs::create_dir_all(manifest_path(d)).unwrap();
    }

    write_sifasuo(&manifest_path(
        "inputs/司法所/2024年矛盾纠纷排查化解台账.xlsx",
    ))
    .unwrap();
    for v in VILLAGES {
        let rel = format!("inputs/村调委会/{}人民调解委员会调解台账.xlsx", v.name);
        write_village(v, &manifest_path(&rel)).unwrap();
    }
    write_meetings(&manifest_path("inputs/党政办/2024年会议及学法记录.xlsx")).unwrap();
    write_disclosure(&manifest_path("inputs/政务公开/2024年政务公开信息统计.csv")).unwrap();
}

#[test]
fn sample_generator_figures_match_the_report() {
    // Cheap, always-on guard on the generator's own arithmetic (no files written).
    let csv = disclosure_csv();
    let total: u32 = csv
        .lines()
        .skip(2)
        .filter(|l| !l.starts_with("合计"))
        .map(|l| l.rsplit(',').next().unwrap().parse::<u32>().unwrap())
        .sum();
    assert_eq!(total, DISCLOSURE_TOTAL);
    assert!(csv.trim_end().ends_with("合计,,,243"));

    let count = |kind: &str| MEETINGS.iter().filter(|m| m.2 == kind).count();
    assert_eq!(count("专题学法"), 8);
    assert_eq!(count("党委会专题研究法治工作"), 6);
    assert_eq!(count("法治建设培训班"), 4);
    assert_eq!(count("主要负责人专题会议"), 6);
    assert_eq!(MEETINGS.len(), 29);

    let village_cases: usize = VILLAGES.iter().map(|v| v.cases).sum();
    assert_eq!(
        village_cases + 7,
        43,
        "four .xlsx villages plus 关庄村 (.xls, 7 cases)"
    );
}
