//! How many people attended, read from words: "应到11人实到9人", "应到45人，实到41人" (the 实到
//! figure), "（共43人）", "班子成员9人", "干部职工38人参加", "38人". Used for a 参会人数 cell
//! that is not a bare number and for a meeting's name, theme or remark text; and the number of
//! people a list of names holds.

use super::vocab::LedgerKind;
use crate::text::squash;
use regex::Regex;
use std::sync::OnceLock;

/// Words before a figure that make it not the attendance (应到 is who was expected; 请假 and
/// 缺席 are who was not there).
const NOT_PRESENT_BEFORE: &[&str] = &[
    "应到",
    "应参会",
    "应参加",
    "应出席",
    "请假",
    "缺席",
    "缺勤",
    "病假",
    "事假",
    "未到",
    "缺",
];
/// Words after a figure that make it not the attendance ("2人请假").
const NOT_PRESENT_AFTER: &[&str] = &["请假", "缺席", "缺勤", "未到"];

/// The attendance a text states; `None` when it states none ("2024年第3次专题学法").
pub fn attendance_in_text(text: &str) -> Option<f64> {
    let t = squash(text);
    static PRESENT: OnceLock<Regex> = OnceLock::new();
    let present = PRESENT.get_or_init(|| {
        crate::text::compile(
            r"(?:实到|实际参加|实际到会|实际出席|实参会|出席|到会)(?:人数|人员)?[:：]?(\d+)",
        )
    });
    if let Some(n) = present.captures(&t).and_then(|c| c[1].parse().ok()) {
        return Some(n);
    }
    static PEOPLE: OnceLock<Regex> = OnceLock::new();
    let people = PEOPLE.get_or_init(|| crate::text::compile(r"(\d+)(?:人|名)"));
    people
        .captures_iter(&t)
        .filter(|c| {
            let all = c.get(0).map_or(0..0, |m| m.range());
            let before = &t[..all.start];
            let after = &t[all.end..];
            !NOT_PRESENT_BEFORE.iter().any(|w| before.ends_with(w))
                && !NOT_PRESENT_AFTER.iter().any(|w| after.starts_with(w))
        })
        .find_map(|c| c[1].parse().ok())
}

/// How many people a list of names holds ("张三、李四、王五" -> 3); `None` for a phrase such as
/// "全体干部", which says no number.
pub fn names_present(list: &str) -> Option<f64> {
    let names: Vec<&str> = list
        .split(['、', '，', ',', '；', ';', ' ', '\u{3000}', '\n', '/'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    (names.len() >= 2).then_some(names.len() as f64)
}

/// The names a remark lists after a label naming the people present (the column names of
/// 会议.参会人员: "参会人员：张三、李四、王五" -> 3), up to the end of its sentence.
pub fn names_after_label(text: &str) -> Option<f64> {
    let t = squash(text);
    let labels = LedgerKind::Meeting
        .fields()
        .iter()
        .find(|f| f.key == "参会人员")
        .map_or(&[][..], |f| f.synonyms.as_slice());
    labels.iter().find_map(|label| {
        let at = t.find(label.as_str())?;
        let rest = t[at + label.len()..].strip_prefix(['：', ':'])?;
        let list = rest.split(['。', '；', ';', '（', '(']).next()?;
        names_present(list)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attendance_in_every_written_form() {
        for (text, n) in [
            ("应到11人实到9人", 9.0),
            ("应到45人，实到41人", 41.0),
            ("（共43人）", 43.0),
            ("镇党委会（共17人）", 17.0),
            ("班子成员9人", 9.0),
            ("38人", 38.0),
            ("全体干部职工45人参加", 45.0),
            ("2人请假，到会20人", 20.0),
            ("请假2人，共23人", 23.0),
            ("出席：15", 15.0),
        ] {
            assert_eq!(attendance_in_text(text), Some(n), "{text}");
        }
        for text in ["2024年第3次专题学法", "全体干部", "", "应到11人"] {
            assert_eq!(attendance_in_text(text), None, "{text}");
        }
        assert_eq!(names_after_label("参会人员：张三、李四、王五。"), Some(3.0));
        assert_eq!(names_after_label("参加人员: 张三，李四"), Some(2.0));
        assert_eq!(names_after_label("地点：会议室、二楼"), None);
        assert_eq!(names_after_label("参会人员：全体干部"), None);
    }
}
