//! Line breaking for Chinese text mixed with Latin words and numbers: a break may
//! fall between any two hanzi, never inside a Latin word or a number, never before
//! closing punctuation (，。、）》 …) and never after opening punctuation (（《“ …).

use super::font::font;

/// Characters that may not start a line.
const NO_LINE_START: &str = "，。、；：？！）》」』】〕〉”’…—·～%‰℃,.;:?!)]}>'\"";
/// Characters that may not end a line.
const NO_LINE_END: &str = "（《「『【〔〈“‘([{<￥¥$";

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._-/:@#%&+=".contains(c)
}

/// Unbreakable pieces: a Latin word or number, one space, or one other character.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if is_word_char(c) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(&text[s..i]);
        }
        out.push(&text[i..i + c.len_utf8()]);
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn starts_with_any(token: &str, set: &str) -> bool {
    token.chars().next().is_some_and(|c| set.contains(c))
}

/// Breaks `text` into lines no wider than `max_width_mm` at `size_pt`. A single word
/// wider than the line is cut by characters. Explicit newlines are kept.
pub fn wrap(text: &str, size_pt: f32, max_width_mm: f32) -> Vec<String> {
    let font = font();
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let paragraph = paragraph.trim_end_matches('\r');
        let mut line: Vec<&str> = Vec::new();
        let mut width = 0.0;
        let mut pieces: Vec<String> = Vec::new();
        for token in tokens(paragraph) {
            let w = font.width_mm(token, size_pt);
            if w > max_width_mm && !token.trim().is_empty() {
                // Too wide for any line: cut it by characters.
                for c in token.chars() {
                    pieces.push(c.to_string());
                }
            } else {
                pieces.push(token.to_owned());
            }
        }
        for piece in &pieces {
            let w = font.width_mm(piece, size_pt);
            if width + w <= max_width_mm + 1e-3 || line.is_empty() {
                if line.is_empty() && piece == " " {
                    continue;
                }
                line.push(piece);
                width += w;
                continue;
            }
            // `piece` starts a new line. Keep closing punctuation with the word before
            // it, and opening punctuation with the word after it.
            let mut carried: Vec<&str> = Vec::new();
            let mut head: &str = piece;
            while starts_with_any(head, NO_LINE_START) && line.len() > 1 {
                let last = line.pop().unwrap_or_default();
                carried.insert(0, last);
                head = last;
            }
            while line.len() > 1 && line.last().is_some_and(|t| starts_with_any(t, NO_LINE_END)) {
                carried.insert(0, line.pop().unwrap_or_default());
            }
            lines.push(line.concat().trim_end().to_owned());
            line = carried;
            if !(line.is_empty() && piece == " ") {
                line.push(piece);
            }
            width = line.iter().map(|t| font.width_mm(t, size_pt)).sum();
        }
        lines.push(line.concat().trim_end().to_owned());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pt_to_mm;

    /// Width of `n` hanzi at 10 pt.
    fn hanzi(n: f32) -> f32 {
        pt_to_mm(10.0) * n + 0.01
    }

    #[test]
    fn hanzi_break_anywhere_and_lines_fit() {
        let lines = wrap("进群领取新人礼包一份", 10.0, hanzi(4.0));
        assert_eq!(lines, ["进群领取", "新人礼包", "一份"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let lines = wrap("欢迎光临，请扫码", 10.0, hanzi(4.0));
        assert_eq!(lines, ["欢迎光", "临，请扫", "码"]);
        for l in &lines {
            assert!(!starts_with_any(l, NO_LINE_START), "{lines:?}");
        }
    }

    #[test]
    fn opening_punctuation_never_ends_a_line_and_nothing_is_lost() {
        let text = "会员请看《积分规则》，生日当月（含农历）双倍积分！";
        for width in 3..12 {
            let lines = wrap(text, 10.0, hanzi(width as f32));
            assert_eq!(lines.concat(), text);
            for l in &lines {
                assert!(
                    !l.ends_with(|c| NO_LINE_END.contains(c)),
                    "{width}: {lines:?}"
                );
                assert!(!starts_with_any(l, NO_LINE_START), "{width}: {lines:?}");
                assert!(
                    crate::render::font().width_mm(l, 10.0) <= hanzi(width as f32),
                    "{width}: {lines:?}"
                );
            }
        }
        assert_eq!(
            wrap("小店会员《积分》", 10.0, hanzi(5.0)),
            ["小店会员", "《积分》"]
        );
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        let lines = wrap("扫码回复VIP2026领取", 10.0, hanzi(5.0));
        assert!(lines.iter().any(|l| l.contains("VIP2026")), "{lines:?}");
        let lines = wrap("hello world again", 10.0, pt_to_mm(10.0) * 3.2);
        assert_eq!(lines, ["hello", "world", "again"]);
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut_and_newlines_kept() {
        let lines = wrap(
            "https://example.com/very/long/link",
            10.0,
            pt_to_mm(10.0) * 4.0,
        );
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines.concat(), "https://example.com/very/long/link");
        assert_eq!(wrap("第一行\n第二行", 10.0, 100.0), ["第一行", "第二行"]);
    }
}
