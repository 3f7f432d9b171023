//! The QR block at the foot of a poster: a row under the content, or a column
//! beside it on a square.

use std::sync::Arc;

use super::QrTarget;
use super::page::Page;
use crate::error::{Error, FieldError};
use crate::posters::model::PosterContent;
use crate::render::{QrMatrix, Rgb, TextStyle, pt_to_mm, text_height};

/// The bottom row: call to action (or the referral code) on the left, QR on the right.
pub(super) fn qr_row(
    page: &mut Page,
    qr: &QrTarget,
    c: &PosterContent,
    top: f32,
    q: f32,
) -> Result<(), Error> {
    let u = page.u;
    let matrix = QrMatrix::encode(&qr.link)
        .map_err(|e| Error::invalid_fields(vec![FieldError::new("qr", e.to_string())]))?;
    page.s
        .rect(page.x0, top, page.width, q, Some(page.p.panel), None);
    page.s.qr(
        page.x0 + page.width - q,
        top,
        q,
        Arc::new(matrix),
        Rgb::BLACK,
    );
    let left = page.x0 + 4.0 * u;
    let col = page.width - q - 8.0 * u;
    let mut y = top + 4.0 * u;
    let cta = cta_text(qr, c);
    let size = 15.0 * u;
    y += page.s.text(
        left,
        y,
        col,
        cta,
        TextStyle::new(size).color(page.p.title).max_lines(2),
    );
    y += 1.5 * u;
    match &qr.code {
        Some(code) => {
            let small = 9.0 * u;
            y += page.s.text(
                left,
                y,
                col,
                "到店出示邀请码",
                TextStyle::new(small).color(page.p.muted),
            );
            let big = 20.0 * u;
            page.s.text(
                left,
                y,
                col,
                code,
                TextStyle::new(big).color(page.p.title).max_lines(1),
            );
        }
        None => {
            page.s.text(
                left,
                y,
                col,
                "长按识别二维码，或用微信扫一扫",
                TextStyle::new(9.0 * u).color(page.p.muted).max_lines(2),
            );
        }
    }
    Ok(())
}

pub(super) fn cta_text<'a>(qr: &QrTarget, c: &'a PosterContent) -> &'a str {
    c.fields
        .get("cta")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .unwrap_or(if qr.code.is_some() {
            "扫码进群领福利"
        } else {
            "扫码进群"
        })
}

/// The square's right column: call to action above the QR, the code below it.
pub(super) fn qr_column(
    page: &mut Page,
    qr: &QrTarget,
    c: &PosterContent,
    x: f32,
    bottom: f32,
    q: f32,
) -> Result<(), Error> {
    let u = page.u;
    let matrix = QrMatrix::encode(&qr.link)
        .map_err(|e| Error::invalid_fields(vec![FieldError::new("qr", e.to_string())]))?;
    let size = 10.0 * u;
    let cta = cta_text(qr, c);
    let cta_h = text_height(cta, size, q, 1.3);
    let code_h = if qr.code.is_some() {
        pt_to_mm(13.0 * u) * 1.3 + 1.0 * u
    } else {
        0.0
    };
    let top = bottom - q - cta_h - code_h - 3.0 * u;
    page.s
        .rect(x, top, q, bottom - top, Some(page.p.panel), None);
    page.s.text(
        x,
        top + 1.5 * u,
        q,
        cta,
        TextStyle::new(size).color(page.p.title).center(),
    );
    let qy = top + cta_h + 2.0 * u;
    page.s.qr(x, qy, q, Arc::new(matrix), Rgb::BLACK);
    if let Some(code) = &qr.code {
        page.s.text(
            x,
            qy + q + 0.5 * u,
            q,
            code,
            TextStyle::new(13.0 * u)
                .color(page.p.accent)
                .center()
                .max_lines(1),
        );
    }
    Ok(())
}
