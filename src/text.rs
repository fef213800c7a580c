//! Text helpers shared by every stage: decoding files of unknown encoding, full-width
//! normalisation, and display width.

use encoding_rs::{Encoding, GB18030, UTF_8};
use std::borrow::Cow;

/// Decodes bytes that may be UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030.
/// Returns the text and the name of the encoding that was used.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), enc.name());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), UTF_8.name());
    }
    let (text, _) = GB18030.decode_without_bom_handling(bytes);
    (text.into_owned(), GB18030.name())
}

/// Decodes like [`decode`], but a file that is UTF-8 on some lines and GBK on others (a file
/// pasted together from two sources) is decoded line by line. Returns the text, the encoding of
/// most lines, and the 1-based numbers of the lines in the other encoding.
pub fn decode_lines(bytes: &[u8]) -> (String, &'static str, Vec<usize>) {
    if Encoding::for_bom(bytes).is_some() || std::str::from_utf8(bytes).is_ok() {
        let (text, enc) = decode(bytes);
        return (text, enc, Vec::new());
    }
    let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    let is_utf8 = |l: &[u8]| std::str::from_utf8(l).is_ok();
    let utf8_wide = lines.iter().filter(|l| !l.is_ascii() && is_utf8(l)).count();
    let other = lines.iter().filter(|l| !is_utf8(l)).count();
    if utf8_wide == 0 {
        let (text, enc) = decode(bytes);
        return (text, enc, Vec::new());
    }
    let utf8_major = utf8_wide >= other;
    let mut odd = Vec::new();
    let mut text = String::with_capacity(bytes.len());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        match std::str::from_utf8(line) {
            Ok(t) => {
                if !utf8_major && !line.is_ascii() {
                    odd.push(i + 1);
                }
                text.push_str(t);
            }
            Err(_) => {
                if utf8_major {
                    odd.push(i + 1);
                }
                text.push_str(&GB18030.decode_without_bom_handling(line).0);
            }
        }
    }
    let major = if utf8_major {
        UTF_8.name()
    } else {
        GB18030.name()
    };
    (text, major, odd)
}

/// Folds full-width ASCII forms (Ｕ+FF01..FF5E) and the ideographic space to their half-width
/// forms, so "２０２４" reads as "2024" and "：" as ":".
pub fn fold_width(s: &str) -> String {
    folded(s).into_owned()
}

/// [`fold_width`] without a copy when nothing is full width (most cells).
pub fn folded(s: &str) -> Cow<'_, str> {
    let wide = |c: char| ('\u{FF01}'..='\u{FF5E}').contains(&c) || c == '\u{3000}';
    // Full-width forms start with byte EF, the ideographic space with E3.
    if !s.bytes().any(|b| b == 0xEF || b == 0xE3) || !s.chars().any(wide) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                _ => c,
            })
            .collect(),
    )
}

/// Whether `s` holds any of `chars` (at most two), in one pass over its bytes. For the
/// Chinese characters and full-width marks looked for in every cell of a million rows (计, 总,
/// 页, ：): `str::contains` also finds a character by its last byte, but checks each find with
/// a call to memcmp, and looks for one character at a time. A character not three bytes long
/// is searched for as `str::contains` does.
pub fn holds_any(s: &str, chars: &[char]) -> bool {
    let mut wanted = [[0u8; 3]; 2];
    if chars.len() > wanted.len() || chars.iter().any(|c| c.len_utf8() != 3) {
        return s.contains(chars);
    }
    for (w, c) in wanted.iter_mut().zip(chars) {
        c.encode_utf8(w);
    }
    let b = s.as_bytes();
    // Found by its last byte (a continuation byte, one value in 64), then its first two.
    let ends =
        |i: usize, w: &[u8; 3]| i >= 2 && b[i] == w[2] && b[i - 2] == w[0] && b[i - 1] == w[1];
    match chars {
        [] => false,
        [_] => memchr::memchr_iter(wanted[0][2], b).any(|i| ends(i, &wanted[0])),
        _ => memchr::memchr2_iter(wanted[0][2], wanted[1][2], b)
            .any(|i| ends(i, &wanted[0]) || ends(i, &wanted[1])),
    }
}

/// Folds width and removes every kind of whitespace (spaces, tabs, line breaks inside a cell).
pub fn squash(s: &str) -> String {
    squashed(s).into_owned()
}

/// [`squash`] without a copy when there is nothing to fold or remove (most cells of a ledger):
/// for the checks run on every cell.
pub fn squashed(s: &str) -> Cow<'_, str> {
    // Whitespace and full-width forms are ASCII whitespace or start with one of these bytes
    // (U+0085/U+00A0: C2; U+1680: E1; U+2000..U+205F: E2; U+3000: E3; U+FF01..U+FF5E: EF);
    // Chinese characters (E4..E9) never do, so most cells are settled byte by byte.
    let suspect = |b: &u8| b.is_ascii_whitespace() || matches!(b, 0x0B | 0xC2 | 0xE1..=0xE3 | 0xEF);
    let plain = |c: char| !(c.is_whitespace() || ('\u{FF01}'..='\u{FF5E}').contains(&c));
    if !s.as_bytes().iter().any(suspect) || s.chars().all(plain) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        fold_width(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect(),
    )
}

/// [`squashed`] of a text that may already be owned: borrowed stays borrowed where nothing
/// changes, owned is squashed in place of a copy.
pub fn squashed_text(t: Cow<'_, str>) -> Cow<'_, str> {
    match t {
        Cow::Borrowed(t) => squashed(t),
        Cow::Owned(t) => Cow::Owned(squash(&t)),
    }
}

/// Display width in character cells: ASCII and other narrow characters count one half,
/// CJK and full-width characters one.
pub fn cells(s: &str) -> f64 {
    s.chars().map(char_cells).sum()
}

/// The width of one character in cells (see [`cells`]).
pub fn char_cells(c: char) -> f64 {
    if (c as u32) < 0x1100 || ('\u{FF61}'..='\u{FFDC}').contains(&c) {
        0.5
    } else {
        1.0
    }
}

/// The characters of `a` and `b` apart (Levenshtein distance on chars).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A pattern written in the program, compiled. Every such pattern is a literal that the tests
/// run through, so compiling it cannot fail on any input.
pub fn compile(pattern: &str) -> regex::Regex {
    #[allow(clippy::expect_used)] // a literal of the program, exercised by the tests
    regex::Regex::new(pattern).expect("a pattern of the program")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_any_finds_a_character_wherever_it_is_and_never_a_neighbour_sharing_its_bytes() {
        assert!(holds_any("本月合计", &['计', '总']));
        assert!(holds_any("总数", &['计', '总']));
        assert!(holds_any("第1页", &['页']));
        // 订 and 认 end in bytes 计 ends in; 设计 holds it mid-text.
        assert!(!holds_any("订认让", &['计']));
        assert!(holds_any("设计院", &['计']));
        assert!(!holds_any("", &['计']) && !holds_any("计", &[]));
        // Other lengths are searched for as str::contains does.
        assert!(holds_any("a:b", &[':']) && holds_any("x😀", &['😀', '计']));
        for t in ["合计", "计划", "小计：", "总", "统计人", "设 计"] {
            for c in ['计', '总', '：', '页'] {
                assert_eq!(holds_any(t, &[c]), t.contains(c), "{t} {c}");
            }
        }
    }

    #[test]
    fn gbk_utf8_and_bom_are_all_read() {
        let (gbk, _, _) = GB18030.encode("合计,243");
        assert_eq!(decode(&gbk).0, "合计,243");
        assert_eq!(decode("合计".as_bytes()).0, "合计");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("件次".as_bytes());
        assert_eq!(decode(&bom).0, "件次");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("月份\t件次".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16).0, "月份\t件次");
    }

    #[test]
    fn full_width_digits_fold() {
        assert_eq!(fold_width("２０２４年３月"), "2024年3月");
        // A legend written in full width reads as one in ASCII.
        assert_eq!(
            fold_width("１＝法院；２＝派出所：　其他"),
            "1=法院;2=派出所: 其他"
        );
        assert!(matches!(folded("1=法院；2=信访"), Cow::Owned(_)));
        assert!(matches!(folded("张三与李四（邻里纠纷）"), Cow::Owned(_)));
        assert!(matches!(folded("张三与李四 2024-03-05"), Cow::Borrowed(_)));
        assert_eq!(squash(" 受理\n日期 "), "受理日期");
    }

    #[test]
    fn every_kind_of_space_goes_and_plain_text_is_not_copied() {
        for odd in [
            "\u{a0}", "\u{3000}", "\u{2028}", "\u{202f}", "\u{1680}", "\u{b}", "\u{85}",
        ] {
            assert_eq!(squashed(&format!("法院{odd}推送")), "法院推送", "{odd:?}");
        }
        assert_eq!(squashed("调解（成功）：Ａ１"), "调解(成功):A1");
        assert!(matches!(squashed("法院推送2024-03"), Cow::Borrowed(_)));
    }

    #[test]
    fn widths_count_ascii_as_half() {
        assert_eq!(cells("2024年12月20日"), 7.0);
        assert_eq!(edit_distance("调解.受理", "调解.受里"), 1);
    }
}
