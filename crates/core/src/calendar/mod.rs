//! 日历: the shop's year in one place — festivals and shopping days (solar, lunar
//! and moving ones), the 24 solar terms, statutory days off and working weekends,
//! the member day, members' birthdays (lunar ones on this year's solar date), the
//! shop's campaigns, and the dates to start preparing for each. Every date is
//! computed (see `lunar`), none typed into a table, except the holiday days the
//! owner adds once the published schedule ends.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, Local, NaiveDate};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::campaigns;
use crate::db::timestamp;
use crate::error::{Error, FieldError, Result};
use crate::members::stats::daily;
use crate::reports::Period;
use crate::store::Store;
use crate::text::parse_named_day;

pub mod festivals;
pub mod ics;
pub mod lunar;
mod prep;
pub use prep::{PREP_DAYS, PrepStage, Upcoming, upcoming};

/// What an entry is; the names are the CLI's `--kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EntryKind {
    Holiday,
    Festival,
    SolarTerm,
    MemberDay,
    Campaign,
    Birthday,
    /// A day to start preparing for a festival, campaign or member day (only when
    /// asked for: the month view shows it in 概览 instead).
    Prep,
}

impl EntryKind {
    pub const ALL: [EntryKind; 7] = [
        EntryKind::Holiday,
        EntryKind::Festival,
        EntryKind::SolarTerm,
        EntryKind::MemberDay,
        EntryKind::Campaign,
        EntryKind::Birthday,
        EntryKind::Prep,
    ];

    /// What the calendar shows when no kind is picked.
    pub const SHOWN: [EntryKind; 6] = [
        EntryKind::Holiday,
        EntryKind::Festival,
        EntryKind::SolarTerm,
        EntryKind::MemberDay,
        EntryKind::Campaign,
        EntryKind::Birthday,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Holiday => "holiday",
            EntryKind::Festival => "festival",
            EntryKind::SolarTerm => "solar_term",
            EntryKind::MemberDay => "member_day",
            EntryKind::Campaign => "campaign",
            EntryKind::Birthday => "birthday",
            EntryKind::Prep => "prep",
        }
    }

    pub fn parse(text: &str) -> Option<EntryKind> {
        EntryKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text.trim())
    }
}

/// One thing on one day. `shequn calendar --json` prints these; `date`, `kind` and
/// `name` are a contract, the rest is added where it applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Entry {
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub kind: EntryKind,
    pub name: String,
    /// A campaign's own first and last days (its entry sits on its first day within
    /// the range asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub start: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub end: Option<NaiveDate>,
    /// The campaign's id, or the owner-added day's.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub id: Option<i64>,
    /// Birthdays that day.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub count: Option<u32>,
    /// A holiday entry that is a working day (调休上班).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub work: Option<bool>,
    /// A festival worth a campaign (提前准备 reminds of it).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub plan: Option<bool>,
    /// A prep entry: the day it prepares for, and how many days before it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub for_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub days_before: Option<u32>,
}

impl Entry {
    fn new(date: NaiveDate, kind: EntryKind, name: impl Into<String>) -> Entry {
        Entry {
            date,
            kind,
            name: name.into(),
            start: None,
            end: None,
            id: None,
            count: None,
            work: None,
            plan: None,
            for_date: None,
            days_before: None,
        }
    }
}

/// The range the calendar answers for at once: a few years.
const LONGEST_RANGE_DAYS: i64 = 3 * 366;

/// Checks a range typed as two days.
pub fn parse_range(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate)> {
    let period = Period::parse(from, to)?;
    check_range(period.from, period.to)?;
    Ok((period.from, period.to))
}

/// A run of whole days (the reports' rule) the calendar can compute.
fn check_range(from: NaiveDate, to: NaiveDate) -> Result<()> {
    Period::new(from, to)?;
    if (to - from).num_days() >= LONGEST_RANGE_DAYS {
        return Err(Error::invalid("to", "一次最多看三年的日历"));
    }
    if !lunar::YEARS.contains(&from.year()) || !lunar::YEARS.contains(&to.year()) {
        return Err(Error::invalid(
            "from",
            format!(
                "日历只算 {} 到 {} 年的日子",
                lunar::YEARS.start(),
                lunar::YEARS.end()
            ),
        ));
    }
    Ok(())
}

/// The years a range touches.
fn years(from: NaiveDate, to: NaiveDate) -> std::ops::RangeInclusive<i32> {
    from.year()..=to.year()
}

/// Everything of `kinds` (all shown kinds when empty) in `from..=to`, in date order
/// (within a day: holidays, festivals, solar terms, member day, campaigns,
/// birthdays, prep).
pub fn entries(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    kinds: &[EntryKind],
) -> Result<Vec<Entry>> {
    check_range(from, to)?;
    let wanted = |k: EntryKind| {
        if kinds.is_empty() {
            EntryKind::SHOWN.contains(&k)
        } else {
            kinds.contains(&k)
        }
    };
    let within = |d: &NaiveDate| (from..=to).contains(d);
    let mut list: Vec<Entry> = Vec::new();
    if wanted(EntryKind::Holiday) {
        for h in festivals::holidays(from, to) {
            let mut e = Entry::new(h.date, EntryKind::Holiday, holiday_name(h.holiday, h.work));
            e.work = Some(h.work);
            list.push(e);
        }
        for d in owner_days(store, from, to)? {
            let mut e = Entry::new(d.date, EntryKind::Holiday, holiday_name(&d.name, d.work));
            e.work = Some(d.work);
            e.id = Some(d.id);
            list.push(e);
        }
    }
    if wanted(EntryKind::Festival) {
        for f in years(from, to).flat_map(festivals::festivals) {
            if within(&f.date) {
                let mut e = Entry::new(f.date, EntryKind::Festival, f.name);
                e.plan = Some(f.plan);
                list.push(e);
            }
        }
    }
    if wanted(EntryKind::SolarTerm) {
        for (date, name) in years(from, to).flat_map(lunar::solar_terms) {
            if within(&date) {
                list.push(Entry::new(date, EntryKind::SolarTerm, name));
            }
        }
    }
    let member_day = crate::shop::member_day(store)?;
    if wanted(EntryKind::MemberDay)
        && let Some(day) = member_day
    {
        for date in festivals::member_days(day, from, to) {
            list.push(Entry::new(date, EntryKind::MemberDay, "会员日"));
        }
    }
    if wanted(EntryKind::Campaign) {
        for s in campaigns::spans(store, from, to)? {
            let mut e = Entry::new(s.start.max(from), EntryKind::Campaign, s.name);
            e.start = Some(s.start);
            e.end = Some(s.end);
            e.id = Some(s.id);
            list.push(e);
        }
    }
    if wanted(EntryKind::Birthday) {
        list.extend(birthdays(store, from, to)?);
    }
    if wanted(EntryKind::Prep) {
        list.extend(prep::entries(store, from, to, member_day)?);
    }
    list.sort_by_key(|e| (e.date, e.kind));
    Ok(list)
}

fn holiday_name(holiday: &str, work: bool) -> String {
    if work {
        format!("{holiday}调休上班")
    } else {
        format!("{holiday}放假")
    }
}

/// Birthdays per day, from the few hundred distinct (month, day, lunar) keys of the
/// active members: each key is turned into its solar dates once per year.
fn birthdays(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<Entry>> {
    let mut per_day: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    for (birthday, count) in daily::birthdays(store.conn())? {
        for year in years(from, to) {
            for date in birthday.solar_dates_in(year) {
                if (from..=to).contains(&date) {
                    *per_day.entry(date).or_default() += count;
                }
            }
        }
    }
    Ok(per_day
        .into_iter()
        .map(|(date, count)| {
            let mut e = Entry::new(date, EntryKind::Birthday, format!("{count} 位会员生日"));
            e.count = Some(count);
            e
        })
        .collect())
}

/// A day the owner added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OwnerDay {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub name: String,
    pub work: bool,
}

fn owner_days(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<OwnerDay>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT id, day, name, work FROM calendar_days WHERE day BETWEEN ?1 AND ?2 ORDER BY day, id",
    )?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, bool>(3)?,
        ))
    })?;
    let mut list = Vec::new();
    for row in rows {
        let (id, day, name, work) = row?;
        if let Ok(date) = day.parse() {
            list.push(OwnerDay {
                id,
                date,
                name,
                work,
            });
        }
    }
    Ok(list)
}

/// Adds a day off or working day the owner read in a published schedule (or a day
/// of their own): `name` is what it is for (春节, 店庆…).
pub fn add_day(
    store: &Store,
    date: &str,
    name: &str,
    work: bool,
    now: DateTime<Local>,
) -> Result<OwnerDay> {
    let mut wrong = Vec::new();
    let day = parse_named_day("日期", date)
        .map_err(|m| wrong.push(FieldError::new("date", m)))
        .ok();
    let name = name.trim();
    if name.is_empty() {
        wrong.push(FieldError::new("name", "请写上是什么假期，例如 春节"));
    } else if name.chars().count() > 20 {
        wrong.push(FieldError::new("name", "名称最多 20 个字"));
    }
    let Some(date) = day.filter(|_| wrong.is_empty()) else {
        return Err(Error::invalid_fields(wrong));
    };
    store.conn().execute(
        "INSERT INTO calendar_days (day, name, work, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![date.to_string(), name, work, timestamp(now)],
    )?;
    Ok(OwnerDay {
        id: store.conn().last_insert_rowid(),
        date,
        name: name.to_owned(),
        work,
    })
}

pub fn delete_day(store: &Store, id: i64) -> Result<()> {
    if store
        .conn()
        .execute("DELETE FROM calendar_days WHERE id = ?1", [id])?
        == 0
    {
        return Err(Error::not_found(format!("编号为 {id} 的自定义日子")));
    }
    Ok(())
}

/// The weekday content themes, 周一 first.
pub fn weekday_themes(store: &Store) -> Result<Vec<String>> {
    let mut stmt = store
        .conn()
        .prepare_cached("SELECT weekday, theme FROM weekday_themes ORDER BY weekday")?;
    let mut themes = vec![String::new(); 7];
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (weekday, theme) = row?;
        if let Some(slot) = usize::try_from(weekday - 1)
            .ok()
            .and_then(|i| themes.get_mut(i))
        {
            *slot = theme;
        }
    }
    Ok(themes)
}

/// Replaces the seven themes, 周一 first; an empty one is allowed (no theme that day).
pub fn set_weekday_themes(store: &Store, themes: &[String]) -> Result<Vec<String>> {
    if themes.len() != 7 {
        return Err(Error::validation("每周主题要有七个，周一到周日各一个"));
    }
    let wrong: Vec<FieldError> = themes
        .iter()
        .enumerate()
        .filter(|(_, t)| t.trim().chars().count() > 40)
        .map(|(i, _)| {
            FieldError::new(
                format!("themes.{i}"),
                format!("{}的主题最多 40 个字", WEEKDAY_NAMES[i]),
            )
        })
        .collect();
    if !wrong.is_empty() {
        return Err(Error::invalid_fields(wrong));
    }
    let tx = crate::db::write_tx(store.conn())?;
    for (i, theme) in themes.iter().enumerate() {
        tx.execute(
            "INSERT INTO weekday_themes (weekday, theme) VALUES (?1, ?2)
             ON CONFLICT (weekday) DO UPDATE SET theme = excluded.theme",
            params![i64::try_from(i).unwrap_or(0) + 1, theme.trim()],
        )?;
    }
    tx.commit()?;
    weekday_themes(store)
}

pub const WEEKDAY_NAMES: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// One day of the month view: its lunar date, as a calendar prints it under the
/// number (the month's name on 初一, a festival's or term's name is the UI's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DayCell {
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// `初五`, or `八月` on the first of a lunar month.
    pub lunar: String,
}

/// What the 日历 page needs for a range: the entries, each day's lunar date, the
/// weekday themes, the member day, and where the published holidays end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarView {
    pub entries: Vec<Entry>,
    pub days: Vec<DayCell>,
    pub themes: Vec<String>,
    pub member_day: Option<u32>,
    /// The last year of the statutory schedule the app carries.
    pub holidays_known_until: i32,
}

pub fn view(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<CalendarView> {
    let entries = entries(store, from, to, &[])?;
    let mut days = Vec::new();
    let mut date = from;
    while date <= to {
        let lunar = lunar::of_solar(date)
            .map(|l| {
                if l.day == 1 {
                    l.month_name()
                } else {
                    l.day_name().to_owned()
                }
            })
            .unwrap_or_default();
        days.push(DayCell { date, lunar });
        date = date + Days::new(1);
    }
    Ok(CalendarView {
        entries,
        days,
        themes: weekday_themes(store)?,
        member_day: crate::shop::member_day(store)?,
        holidays_known_until: festivals::holidays_known_until(),
    })
}
