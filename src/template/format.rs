//! How a fact's number is written in prose, and the heading ordinals.

/// The ways a placeholder may ask for its number: `{{x}}`, `{{x|%}}`, `{{x|余}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// 66, 97.7
    Plain,
    /// 100%, 97.7%
    Percent,
    /// 243 -> 240余, 58 -> 50余, 240 -> 240
    Approx,
}

impl Format {
    /// Reads the part after `|`; `None` for an unknown format.
    pub fn parse(spec: &str) -> Option<Format> {
        match spec.trim() {
            "" | "数" | "数字" | "plain" => Some(Format::Plain),
            "%" | "％" | "百分比" | "percent" => Some(Format::Percent),
            "余" | "约" => Some(Format::Approx),
            _ => None,
        }
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
        }
    }
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

/// 1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 35 -> 三十五 (1..=99).
pub fn chinese_numeral(n: u32) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n.is_multiple_of(10) {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
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
}
