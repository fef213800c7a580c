//! How a fact's number is written in prose, and the heading ordinals.

use chinese_number::{ChineseCase, ChineseCountMethod, ChineseVariant, NumberToChinese};

/// The formats a template may write after `|`, as a hint under an unknown one.
pub const FORMATS_HINT: &str =
    "可用的格式：不写（原数）、%（百分比）、余（如 243 写作 240余）、汉字（如 103 写作一百零三）、汉字年（如 2024 写作二〇二四）；正文中还可用 同比（与上年比较，如“增长12.5%”）";

/// The ways a placeholder may ask for its number: `{{x}}`, `{{x|%}}`, `{{x|余}}`, `{{x|汉字}}`,
/// `{{x|汉字年}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// 66, 97.7
    Plain,
    /// 100%, 97.7%
    Percent,
    /// 243 -> 240余, 58 -> 50余, 240 -> 240
    Approx,
    /// A whole count in Chinese numerals: 8 -> 八, 12 -> 十二, 103 -> 一百零三.
    Chinese,
    /// A year digit by digit: 2024 -> 二〇二四.
    ChineseYear,
}

impl Format {
    /// Reads the part after `|`; `None` for an unknown format.
    pub fn parse(spec: &str) -> Option<Format> {
        match spec.trim() {
            "" | "数" | "数字" | "plain" => Some(Format::Plain),
            "%" | "％" | "百分比" | "percent" => Some(Format::Percent),
            "余" | "约" => Some(Format::Approx),
            "汉字" | "中文" => Some(Format::Chinese),
            "汉字年" | "中文年" => Some(Format::ChineseYear),
            _ => None,
        }
    }

    /// Whether the format writes Chinese numerals, which exist for whole numbers only.
    pub fn is_chinese(self) -> bool {
        matches!(self, Format::Chinese | Format::ChineseYear)
    }

    pub fn apply(self, value: f64) -> String {
        match self {
            Format::Plain => one_decimal(value),
            Format::Percent => {
                let mut rounded = (value * 10.0).round() / 10.0;
                // 99.96% must not read as 100%: not every case was resolved.
                if rounded >= 100.0 && value < 100.0 {
                    rounded = 99.9;
                }
                format!("{}%", one_decimal(rounded))
            }
            Format::Approx => approx(value),
            Format::Chinese => whole(value)
                .and_then(|n| {
                    n.to_chinese(
                        ChineseVariant::Simple,
                        ChineseCase::Lower,
                        ChineseCountMethod::TenThousand,
                    )
                    .ok()
                })
                .unwrap_or_else(|| one_decimal(value)),
            Format::ChineseYear => whole(value)
                .and_then(|n| {
                    n.to_chinese_naive(ChineseVariant::Simple, ChineseCase::Lower)
                        .ok()
                })
                // A year is written with 〇, not 零: 二〇二四.
                .map(|s| s.replace('零', "〇"))
                .unwrap_or_else(|| one_decimal(value)),
        }
    }
}

/// The value as a whole non-negative number, if it is one. The template refuses Chinese
/// numerals for any other figure before it gets here; a table's odd cell falls back to digits.
fn whole(value: f64) -> Option<u64> {
    (value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value < 1e15)
        .then_some(value as u64)
}

/// At most one decimal, none when whole: 66, 97.7.
fn one_decimal(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.abs() >= 1e15 {
        format!("{value}")
    } else if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

/// Rounds down to two significant digits (tens at least) and adds 余 when something was cut:
/// 243 -> 240余, 58 -> 50余, 1234 -> 1200余, 240 -> 240, 7 -> 7.
fn approx(value: f64) -> String {
    let n = value.floor().max(0.0) as u64;
    if n < 10 {
        return n.to_string();
    }
    let digits = n.to_string().len() as u32;
    let step = 10u64.pow(digits.saturating_sub(2).max(1));
    let down = n / step * step;
    if down == n && value.fract() == 0.0 {
        n.to_string()
    } else {
        format!("{down}余")
    }
}

/// 1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 35 -> 三十五 (1..=99); other numbers in digits.
///
/// The crate drops the 一 of 一十 when nothing stands above the tens (十二, not 一十二), so its
/// output for 1..=99 is the heading ordinal as written in official documents.
pub fn chinese_numeral(n: u32) -> String {
    match n {
        1..=99 => n
            .to_chinese(
                ChineseVariant::Simple,
                ChineseCase::Lower,
                ChineseCountMethod::TenThousand,
            )
            .unwrap_or_else(|_| n.to_string()),
        _ => n.to_string(),
    }
}

/// The ordinal of the `n`th heading at `level` (1..=4): 一、 （一） 1. （1）
pub fn heading_number(level: u8, n: u32) -> String {
    match level {
        1 => format!("{}、", chinese_numeral(n)),
        2 => format!("（{}）", chinese_numeral(n)),
        3 => format!("{n}."),
        _ => format!("（{n}）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approximations_round_down_with_yu() {
        assert_eq!(Format::Approx.apply(243.0), "240余");
        assert_eq!(Format::Approx.apply(58.0), "50余");
        assert_eq!(Format::Approx.apply(240.0), "240");
        assert_eq!(Format::Approx.apply(1234.0), "1200余");
        assert_eq!(Format::Approx.apply(7.0), "7");
    }

    #[test]
    fn percentages_keep_one_decimal() {
        assert_eq!(Format::Percent.apply(100.0), "100%");
        assert_eq!(Format::Percent.apply(42.0 / 43.0 * 100.0), "97.7%");
        assert_eq!(Format::Percent.apply(99.97), "99.9%");
        assert_eq!(Format::Plain.apply(66.0), "66");
    }

    #[test]
    fn ordinals_for_four_levels() {
        assert_eq!(heading_number(1, 3), "三、");
        assert_eq!(heading_number(2, 12), "（十二）");
        assert_eq!(heading_number(3, 8), "8.");
        assert_eq!(heading_number(4, 1), "（1）");
        assert_eq!(chinese_numeral(20), "二十");
        assert_eq!(chinese_numeral(21), "二十一");
    }

    #[test]
    fn heading_ordinals_one_to_ninety_nine() {
        const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        for n in 1..=99u32 {
            let (tens, ones) = ((n / 10) as usize, (n % 10) as usize);
            let expected = match tens {
                0 => D[ones].to_string(),
                1 => format!("十{}", D[ones]),
                _ => format!("{}十{}", D[tens], D[ones]),
            };
            assert_eq!(chinese_numeral(n), expected, "{n}");
        }
        assert_eq!(chinese_numeral(10), "十");
        assert_eq!(chinese_numeral(12), "十二");
        assert_eq!(chinese_numeral(35), "三十五");
        assert_eq!(chinese_numeral(100), "100");
    }

    #[test]
    fn counts_in_chinese_numerals() {
        assert_eq!(Format::parse("汉字"), Some(Format::Chinese));
        assert_eq!(Format::parse("汉字年"), Some(Format::ChineseYear));
        assert_eq!(Format::Chinese.apply(8.0), "八");
        assert_eq!(Format::Chinese.apply(10.0), "十");
        assert_eq!(Format::Chinese.apply(12.0), "十二");
        assert_eq!(Format::Chinese.apply(103.0), "一百零三");
        assert_eq!(Format::Chinese.apply(110.0), "一百一十");
        assert_eq!(Format::Chinese.apply(2000.0), "二千");
        assert_eq!(Format::Chinese.apply(10_005.0), "一万零五");
        assert_eq!(Format::Chinese.apply(0.0), "零");
        assert_eq!(Format::ChineseYear.apply(2024.0), "二〇二四");
        assert_eq!(Format::ChineseYear.apply(2030.0), "二〇三〇");
        // Not whole: digits, never a wrong numeral (templates refuse it before this).
        assert_eq!(Format::Chinese.apply(97.5), "97.5");
    }
}
