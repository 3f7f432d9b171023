//! The calendar as an iCalendar file (RFC 5545) a phone's calendar app imports:
//! festivals, statutory days, member days, campaigns and the days to start
//! preparing, each an all-day event. Birthdays stay out (they are the members'
//! own, and a phone calendar is often shared).

use std::path::Path;

use chrono::{DateTime, Days, Local, NaiveDate, Utc};

use super::{Entry, EntryKind, entries};
use crate::error::{Error, Result};
use crate::store::Store;

/// What goes into the file.
const KINDS: [EntryKind; 5] = [
    EntryKind::Holiday,
    EntryKind::Festival,
    EntryKind::MemberDay,
    EntryKind::Campaign,
    EntryKind::Prep,
];

/// Text escaped as RFC 5545 wants it in a property value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (never inside a character), CRLF-ended.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn day(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

fn event(out: &mut String, e: &Entry, stamp: &str) {
    let (start, end) = match (e.kind, e.start, e.end) {
        (EntryKind::Campaign, Some(start), Some(end)) => (start, end),
        _ => (e.date, e.date),
    };
    // An all-day event ends (exclusive) the day after its last day.
    let end_exclusive = end + Days::new(1);
    let uid_part = match e.id {
        Some(id) => format!("{}-{id}", e.kind.as_str()),
        None => e.kind.as_str().to_owned(),
    };
    let mut name_hash: u32 = 2_166_136_261;
    for b in e.name.bytes() {
        name_hash = (name_hash ^ u32::from(b)).wrapping_mul(16_777_619);
    }
    line(out, "BEGIN:VEVENT");
    line(
        out,
        &format!("UID:{}-{uid_part}-{name_hash:08x}@shequn.app", day(e.date)),
    );
    line(out, &format!("DTSTAMP:{stamp}"));
    line(out, &format!("DTSTART;VALUE=DATE:{}", day(start)));
    line(out, &format!("DTEND;VALUE=DATE:{}", day(end_exclusive)));
    line(out, &format!("SUMMARY:{}", escape(&e.name)));
    let category = match e.kind {
        EntryKind::Holiday => "法定节假日",
        EntryKind::Festival => "节日",
        EntryKind::MemberDay => "会员日",
        EntryKind::Campaign => "活动",
        EntryKind::Prep => "提前准备",
        EntryKind::SolarTerm => "节气",
        EntryKind::Birthday => "生日",
    };
    line(out, &format!("CATEGORIES:{category}"));
    line(out, "TRANSP:TRANSPARENT");
    line(out, "END:VEVENT");
}

/// The file's text for `from..=to`.
pub fn text(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Local>,
) -> Result<(String, usize)> {
    let list = entries(store, from, to, &KINDS)?;
    let shop = crate::shop::get(store)?.name;
    let title = if shop.is_empty() {
        "社群掌柜 日历".to_owned()
    } else {
        format!("{shop} 日历")
    };
    let stamp = now.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Shequn//社群掌柜//ZH");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(&title)));
    for e in &list {
        event(&mut out, e, &stamp);
    }
    line(&mut out, "END:VCALENDAR");
    Ok((out, list.len()))
}

/// Writes the file; returns how many events it holds.
pub fn export(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Local>,
    path: &Path,
) -> Result<usize> {
    let (text, count) = text(store, from, to, now)?;
    crate::sheet::write_atomically(path, text.as_bytes()).map_err(|e| {
        Error::io(format!(
            "日历文件没能写入 {}，请换个位置再试",
            path.display()
        ))
        .with_source(e)
    })?;
    Ok(count)
}
