//! Fitting text into a box: shrink a headline until it fits, or say how many
//! characters to cut. Nothing is ever clipped or drawn outside its box.

use super::font::pt_to_mm;
use super::wrap::wrap;

/// Height `text` takes when wrapped `width` wide at `size_pt`.
pub fn text_height(text: &str, size_pt: f32, width: f32, line_height: f32) -> f32 {
    wrap(text, size_pt, width).len() as f32 * pt_to_mm(size_pt) * line_height
}

fn fits(text: &str, size_pt: f32, width: f32, height: f32, line_height: f32) -> bool {
    text_height(text, size_pt, width, line_height) <= height + 1e-3
}

/// How many characters must go from `text` for it to fit `width`×`height` at
/// `size_pt` (0 when it fits).
pub fn chars_over(text: &str, size_pt: f32, width: f32, height: f32, line_height: f32) -> usize {
    if fits(text, size_pt, width, height, line_height) {
        return 0;
    }
    let chars: Vec<char> = text.chars().collect();
    // The longest prefix that fits, by bisection: fitting only gets harder with length.
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let prefix: String = chars[..mid].iter().collect();
        if fits(&prefix, size_pt, width, height, line_height) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    chars.len() - lo
}

/// The largest size from `max_pt` down to `min_pt`, in half points, at which `text`
/// fits the box; when even `min_pt` is too big, how many characters to cut at it.
pub fn fit_size(
    text: &str,
    width: f32,
    height: f32,
    max_pt: f32,
    min_pt: f32,
    line_height: f32,
) -> Result<f32, usize> {
    let mut size = max_pt;
    while size >= min_pt - 1e-3 {
        if fits(text, size, width, height, line_height) {
            return Ok(size);
        }
        size -= 0.5;
    }
    Err(chars_over(text, min_pt, width, height, line_height).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_headline_keeps_its_size_and_a_long_one_shrinks_inside_the_box() {
        let (w, h) = (60.0, 20.0);
        assert_eq!(fit_size("进群有礼", w, h, 40.0, 16.0, 1.2), Ok(40.0));
        let long = "周末限时特惠全场饮品第二杯半价";
        let size = fit_size(long, w, h, 40.0, 16.0, 1.2).unwrap();
        assert!((16.0..40.0).contains(&size), "{size}");
        assert!(text_height(long, size, w, 1.2) <= h);
        assert!(text_height(long, size + 0.5, w, 1.2) > h);
    }

    #[test]
    fn text_that_cannot_fit_says_how_much_to_cut() {
        let text = "这是一段很长很长的群公告".repeat(20);
        let over = fit_size(&text, 40.0, 10.0, 12.0, 10.0, 1.3).unwrap_err();
        let total = text.chars().count();
        assert!(over > 0 && over < total);
        let kept: String = text.chars().take(total - over).collect();
        assert!(text_height(&kept, 10.0, 40.0, 1.3) <= 10.0);
        let one_more: String = text.chars().take(total - over + 1).collect();
        assert!(text_height(&one_more, 10.0, 40.0, 1.3) > 10.0);
        assert_eq!(chars_over("够短", 10.0, 40.0, 10.0, 1.3), 0);
    }
}
