//! Year-over-year change, `{{x|同比}}`: a count compared with the same fact of the year before
//! ("增长12.5%", "下降3.1%", "持平"); a rate by its difference in percentage points ("提高1.2个百分点",
//! "下降0.4个百分点", "持平"). Last year's facts come from `inputs/<上年>/` or `--previous`.

use super::{Template, UsedFact};
use crate::diag::Finding;
use crate::facts::{Fact, Facts};

/// The change from `previous` to `current` as the report words it; `None` when last year's
/// count was 0 (no percentage exists) and this year's is not.
pub(super) fn wording(current: &Fact, previous: &Fact) -> Option<String> {
    let (now, then) = (current.value, previous.value);
    if current.is_rate {
        let points = round1(now - then);
        return Some(match points {
            p if p > 0.0 => format!("提高{}个百分点", number(p)),
            p if p < 0.0 => format!("下降{}个百分点", number(-p)),
            _ => "持平".to_string(),
        });
    }
    if then == 0.0 {
        return (now == 0.0).then(|| "持平".to_string());
    }
    let percent = round1((now - then) / then * 100.0);
    Some(match percent {
        p if p > 0.0 => format!("增长{}%", number(p)),
        p if p < 0.0 => format!("下降{}%", number(-p)),
        _ => "持平".to_string(),
    })
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// 12.5 -> "12.5", 20.0 -> "20".
fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

/// Fills `{{name|同比}}` (`typed` as written, on template line `line`), recording in `used`
/// this year's figure (with its rows) and last year's ("调解.受理（2023年）").
pub(super) fn fill(
    t: &Template,
    (line, typed, name): (u32, &str, &str),
    current: &Fact,
    previous: Option<&Facts>,
    used: &mut Vec<UsedFact>,
) -> Result<String, Finding> {
    let last_year = t.year.map(|y| y - 1);
    let label = last_year.map_or("上一年".to_string(), |y| format!("{y}年"));
    let Some(previous) = previous else {
        let folder = last_year.map_or("上年年份".to_string(), |y| y.to_string());
        return Err(Finding::error(
            &t.file,
            format!("占位符 {typed} 要和上年比较，但没有找到{label}的台账"),
        )
        .row(line)
        .hint(format!(
            "请把{label}的台账放进台账文件夹里名为“{folder}”的子文件夹（按办公室分文件夹），或用 --previous 指定{label}台账所在的文件夹"
        )));
    };
    let Some(before) = previous.get(name) else {
        return Err(Finding::error(
            &t.file,
            format!("占位符 {typed}：{label}的台账中没有“{name}”这项数据，无法比较"),
        )
        .row(line)
        .hint(format!(
            "请确认{label}的台账里有这一项（可用 gongwen facts --inputs <{label}台账文件夹> --year {} 查看），或删去“|同比”",
            last_year.unwrap_or_default()
        )));
    };
    let Some(text) = wording(current, before) else {
        return Err(Finding::error(
            &t.file,
            format!(
                "占位符 {typed}：{label}的“{name}”是 0，今年是 {}，算不出增长的百分比",
                super::Format::Plain.apply(current.value)
            ),
        )
        .row(line)
        .hint(format!(
            "请直接写出两年的数字，例如：{label}0件，今年{{{{{name}}}}}件"
        )));
    };
    used.push(UsedFact {
        name: name.to_string(),
        value: current.value,
        text: text.clone(),
        line,
        sentence: String::new(),
    });
    // Last year's figure beside it, so the checklist shows what was compared.
    used.push(UsedFact {
        name: format!("{name}（{label}）"),
        value: before.value,
        text: text.clone(),
        line,
        sentence: String::new(),
    });
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(value: f64, is_rate: bool) -> Fact {
        Fact {
            name: "x".into(),
            value,
            is_rate,
            rows: 0,
            select: Default::default(),
        }
    }

    fn count(v: f64) -> Fact {
        fact(v, false)
    }

    fn rate(v: f64) -> Fact {
        fact(v, true)
    }

    #[test]
    fn counts_change_by_percent_and_rates_by_points() {
        assert_eq!(wording(&count(180.0), &count(160.0)).unwrap(), "增长12.5%");
        assert_eq!(wording(&count(155.0), &count(160.0)).unwrap(), "下降3.1%");
        assert_eq!(wording(&count(120.0), &count(100.0)).unwrap(), "增长20%");
        assert_eq!(wording(&count(160.0), &count(160.0)).unwrap(), "持平");
        // 0.04% is 持平 at one decimal, as printed.
        assert_eq!(wording(&count(2501.0), &count(2500.0)).unwrap(), "持平");
        assert_eq!(wording(&count(0.0), &count(0.0)).unwrap(), "持平");
        assert_eq!(wording(&count(5.0), &count(0.0)), None);
        assert_eq!(
            wording(&rate(99.5), &rate(98.3)).unwrap(),
            "提高1.2个百分点"
        );
        assert_eq!(
            wording(&rate(97.0), &rate(97.4)).unwrap(),
            "下降0.4个百分点"
        );
        assert_eq!(wording(&rate(100.0), &rate(100.0)).unwrap(), "持平");
    }
}
