//! The report's charts drawn as vectors on a render [`Scene`]: bars are rectangles,
//! lines are line segments, every label is text, so the PDF stays sharp at any zoom
//! and its words can be searched and copied.

use crate::render::{Align, Rgb, Scene, Stroke, TextStyle};

pub struct Series<'a> {
    pub name: &'a str,
    pub values: Vec<f64>,
    pub color: Rgb,
}

/// Where a chart goes on the page, in mm.
#[derive(Debug, Clone, Copy)]
pub struct Area {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

const AXIS: Rgb = Rgb(150, 150, 150);
const GRID: Rgb = Rgb(225, 225, 225);
const LABEL_PT: f32 = 7.0;
const TICKS: u32 = 4;

/// A round step so that `TICKS` steps cover `max`: 1, 2 or 5 times a power of ten.
fn nice_step(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let raw = max / f64::from(TICKS);
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude)
        .max(1.0)
}

/// `12,500` (no decimals: axis labels are for reading off, the tables are exact).
fn axis_label(v: f64) -> String {
    super::format::grouped(v.round().max(0.0) as u64)
}

/// The title and a legend line; returns the height they took.
fn heading(page: &mut Scene, a: Area, title: &str, legend: &[(&str, Rgb)], primary: Rgb) -> f32 {
    let mut used = if title.is_empty() {
        0.0
    } else {
        page.text(a.x, a.y, a.w, title, TextStyle::new(12.0).color(primary))
    };
    let mut x = a.x;
    let y = a.y + used + 1.0;
    for (name, color) in legend {
        page.rect(x, y + 0.6, 3.0, 2.2, Some(*color), None);
        let w = crate::render::font().width_mm(name, LABEL_PT) + 6.0;
        page.text(
            x + 4.0,
            y,
            w,
            name,
            TextStyle::new(LABEL_PT).color(Rgb::GREY),
        );
        x += w + 4.0;
    }
    if !legend.is_empty() {
        used += 5.0;
    }
    used + 2.0
}

/// Grouped bars over `categories`, and optionally a line on its own scale (at the
/// right). An empty period still gets its axes, so the page does not jump.
pub fn bars(
    page: &mut Scene,
    a: Area,
    title: &str,
    categories: &[String],
    bars: &[Series],
    line: Option<&Series>,
    primary: Rgb,
) {
    let mut legend: Vec<(&str, Rgb)> = bars.iter().map(|s| (s.name, s.color)).collect();
    if let Some(l) = line {
        legend.push((l.name, l.color));
    }
    let top = a.y + heading(page, a, title, &legend, primary);
    let (left, right) = (
        a.x + 14.0,
        a.x + a.w - if line.is_some() { 12.0 } else { 2.0 },
    );
    let bottom = a.y + a.h - 6.0;
    let (pw, ph) = (right - left, bottom - top);
    let max = bars
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0, f64::max);
    let step = nice_step(max);
    let scale_top = step * f64::from(TICKS);
    let thin = |color| Stroke { color, width: 0.2 };
    for i in 0..=TICKS {
        let y = bottom - ph * i as f32 / TICKS as f32;
        page.line(left, y, right, y, thin(if i == 0 { AXIS } else { GRID }));
        page.text(
            a.x,
            y - 1.4,
            12.5,
            &axis_label(step * f64::from(i)),
            TextStyle::new(LABEL_PT)
                .color(Rgb::GREY)
                .align(Align::Right),
        );
    }
    let n = categories.len().max(1);
    let slot = pw / n as f32;
    let group = slot * 0.7;
    let bar_w = group / bars.len().max(1) as f32;
    for (k, s) in bars.iter().enumerate() {
        for (i, v) in s.values.iter().enumerate() {
            let h = (v / scale_top) as f32 * ph;
            if h > 0.0 {
                let x = left + slot * i as f32 + (slot - group) / 2.0 + bar_w * k as f32;
                page.rect(x, bottom - h, bar_w * 0.92, h, Some(s.color), None);
            }
        }
    }
    if let Some(l) = line {
        let lmax = l.values.iter().copied().fold(0.0, f64::max);
        let lstep = nice_step(lmax);
        let ltop = lstep * f64::from(TICKS);
        for i in 0..=TICKS {
            let y = bottom - ph * i as f32 / TICKS as f32;
            page.text(
                right + 1.0,
                y - 1.4,
                11.0,
                &axis_label(lstep * f64::from(i)),
                TextStyle::new(LABEL_PT).color(l.color),
            );
        }
        let point = |i: usize, v: f64| {
            (
                left + slot * (i as f32 + 0.5),
                bottom - (v / ltop) as f32 * ph,
            )
        };
        let stroke = Stroke {
            color: l.color,
            width: 0.5,
        };
        for (i, pair) in l.values.windows(2).enumerate() {
            let (x1, y1) = point(i, pair[0]);
            let (x2, y2) = point(i + 1, pair[1]);
            page.line(x1, y1, x2, y2, stroke);
        }
        for (i, v) in l.values.iter().enumerate() {
            let (x, y) = point(i, *v);
            page.circle(x, y, 0.6, l.color);
        }
    }
    // As many category labels as fit, evenly spaced.
    let fit = ((pw / 11.0).floor() as usize).max(1);
    let every = n.div_ceil(fit);
    for (i, c) in categories.iter().enumerate().step_by(every.max(1)) {
        page.text(
            left + slot * i as f32 + slot / 2.0 - 6.0,
            bottom + 1.0,
            12.0,
            c,
            TextStyle::new(LABEL_PT).color(Rgb::GREY).center(),
        );
    }
}

/// One bar per row, labelled on the left, its value written at its end.
pub fn rows(
    page: &mut Scene,
    a: Area,
    title: &str,
    rows: &[(String, f64, String)],
    color: Rgb,
    primary: Rgb,
) {
    let top = a.y + heading(page, a, title, &[], primary);
    let label_w = 28.0;
    let value_w = 24.0;
    let bar_left = a.x + label_w + 1.0;
    let bar_span = a.w - label_w - value_w - 2.0;
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    let pitch = ((a.y + a.h - top) / rows.len().max(1) as f32).min(7.0);
    for (i, (label, value, text)) in rows.iter().enumerate() {
        let y = top + pitch * i as f32;
        page.text(
            a.x,
            y,
            label_w,
            label,
            TextStyle::new(8.0).align(Align::Right).max_lines(1),
        );
        let w = if max > 0.0 {
            (value / max) as f32 * bar_span
        } else {
            0.0
        };
        page.rect(bar_left, y + 0.4, bar_span, pitch * 0.62, Some(GRID), None);
        if w > 0.0 {
            page.rect(bar_left, y + 0.4, w, pitch * 0.62, Some(color), None);
        }
        page.text(
            bar_left + bar_span + 1.5,
            y,
            value_w,
            text,
            TextStyle::new(8.0).color(Rgb::GREY),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round_and_cover_the_maximum() {
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(3.0), 1.0);
        assert_eq!(nice_step(10.0), 5.0);
        assert_eq!(nice_step(205.01), 100.0);
        assert_eq!(nice_step(12_345.0), 5_000.0);
        for max in [1.0, 7.0, 99.0, 1234.5, 987_654.0] {
            assert!(nice_step(max) * f64::from(TICKS) >= max, "{max}");
        }
    }
}
