//! Checklist templates: the shipped ones and the shop's own, all editable. Runs copy
//! their items, so nothing here reaches a run already started.

use chrono::{DateTime, Local, NaiveTime};
use rusqlite::{Connection, OptionalExtension, params};

use super::model::{TemplateInput, TemplateItem, TemplateKind, TemplateView};
use crate::db::timestamp;
use crate::error::{Error, FieldError};
use crate::store::Store;

const NAME_MAX: usize = 20;
const TEXT_MAX: usize = 120;
const SECTION_MAX: usize = 20;
const DESCRIPTION_MAX: usize = 300;
const ITEMS_MAX: usize = 200;
/// A checklist reaches at most a year either side of its day.
const OFFSET_MAX: i32 = 366;

pub(super) struct Checked {
    pub name: String,
    pub kind: TemplateKind,
    pub event_based: bool,
    pub description: String,
    pub items: Vec<TemplateItem>,
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    crate::text::parse_clock(text).ok()
}

pub(super) fn check(input: &TemplateInput) -> Result<Checked, Error> {
    let mut errors = Vec::new();
    let name = input.name.trim().to_owned();
    let count = name.chars().count();
    if count == 0 {
        errors.push(FieldError::new("name", "模板名称不能为空"));
    } else if count > NAME_MAX {
        errors.push(FieldError::new(
            "name",
            format!("模板名称最多 {NAME_MAX} 个字，现在有 {count} 个"),
        ));
    }
    let description = input.description.trim().to_owned();
    if description.chars().count() > DESCRIPTION_MAX {
        errors.push(FieldError::new(
            "description",
            format!("说明最多 {DESCRIPTION_MAX} 个字"),
        ));
    }
    let kind = input.kind.unwrap_or(TemplateKind::Custom);
    let event_based = input.event_based
        || matches!(
            kind,
            TemplateKind::LaunchDay | TemplateKind::MemberDay | TemplateKind::Festival
        );
    if input.items.is_empty() {
        errors.push(FieldError::new("items", "清单至少要有一项"));
    }
    if input.items.len() > ITEMS_MAX {
        errors.push(FieldError::new(
            "items",
            format!("一张清单最多 {ITEMS_MAX} 项"),
        ));
    }
    let mut items = Vec::with_capacity(input.items.len());
    for (i, item) in input.items.iter().enumerate() {
        let no = i + 1;
        let field = |f: &str| format!("items.{i}.{f}");
        let text = item.text.trim().to_owned();
        let len = text.chars().count();
        if len == 0 {
            errors.push(FieldError::new(
                field("text"),
                format!("第 {no} 项没有内容"),
            ));
        } else if len > TEXT_MAX {
            errors.push(FieldError::new(
                field("text"),
                format!("第 {no} 项最多 {TEXT_MAX} 个字，现在有 {len} 个"),
            ));
        }
        let section = item.section.trim().to_owned();
        if section.chars().count() > SECTION_MAX {
            errors.push(FieldError::new(
                field("section"),
                format!("第 {no} 项的分段名最多 {SECTION_MAX} 个字"),
            ));
        }
        if let Some(offset) = item.day_offset
            && offset.abs() > OFFSET_MAX
        {
            errors.push(FieldError::new(
                field("day_offset"),
                format!("第 {no} 项的天数 {offset} 太远：最多前后 {OFFSET_MAX} 天"),
            ));
        }
        let start = item
            .window_start
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let end = item
            .window_end
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let (window_start, window_end) = match (start, end) {
            (None, None) => (None, None),
            (Some(s), Some(e)) => match (parse_time(s), parse_time(e)) {
                (Some(ts), Some(te)) if ts < te => (
                    Some(ts.format("%H:%M").to_string()),
                    Some(te.format("%H:%M").to_string()),
                ),
                (Some(_), Some(_)) => {
                    errors.push(FieldError::new(
                        field("window_end"),
                        format!("第 {no} 项的结束时间 {e} 要晚于开始时间 {s}"),
                    ));
                    (None, None)
                }
                _ => {
                    errors.push(FieldError::new(
                        field("window_start"),
                        format!("第 {no} 项的时间要写成 09:00 这样（现在是“{s}”到“{e}”）"),
                    ));
                    (None, None)
                }
            },
            _ => {
                errors.push(FieldError::new(
                    field("window_end"),
                    format!("第 {no} 项的时间段要同时填开始和结束，或者都不填"),
                ));
                (None, None)
            }
        };
        if window_start.is_some() && item.day_offset.is_none() {
            errors.push(FieldError::new(
                field("day_offset"),
                format!("第 {no} 项有时间段，也要说明是哪一天（第几天）"),
            ));
        }
        items.push(TemplateItem {
            section,
            text,
            day_offset: item.day_offset,
            window_start,
            window_end,
        });
    }
    if errors.is_empty() {
        Ok(Checked {
            name,
            kind,
            event_based,
            description,
            items,
        })
    } else {
        Err(Error::invalid_fields(errors))
    }
}

fn name_taken(conn: &Connection, name: &str, except: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM checklist_templates WHERE name = ?1 AND id <> ?2)",
        params![name, except],
        |r| r.get(0),
    )
}

fn taken_error(name: &str) -> Error {
    Error::invalid("name", format!("已经有叫“{name}”的模板了，换个名字吧"))
}

fn write_items(
    conn: &Connection,
    template_id: i64,
    items: &[TemplateItem],
) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM template_items WHERE template_id = ?1",
        [template_id],
    )?;
    let mut stmt = conn.prepare(
        "INSERT INTO template_items
             (template_id, position, section, text, day_offset, window_start, window_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, item) in items.iter().enumerate() {
        stmt.execute(params![
            template_id,
            i as i64 + 1,
            item.section,
            item.text,
            item.day_offset,
            item.window_start,
            item.window_end
        ])?;
    }
    Ok(())
}

/// Inserts a checked template (the caller holds the transaction).
pub(super) fn insert(
    conn: &Connection,
    c: &Checked,
    default_key: Option<&str>,
    now: &str,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO checklist_templates
             (name, kind, event_based, description, default_key, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            c.name,
            c.kind.as_str(),
            c.event_based,
            c.description,
            default_key,
            now
        ],
    )?;
    let id = conn.last_insert_rowid();
    write_items(conn, id, &c.items)?;
    Ok(id)
}

pub fn add_template(
    store: &Store,
    input: &TemplateInput,
    now: DateTime<Local>,
) -> Result<TemplateView, Error> {
    let c = check(input)?;
    let tx = crate::db::write_tx(store.conn())?;
    if name_taken(&tx, &c.name, 0)? {
        return Err(taken_error(&c.name));
    }
    let id = insert(&tx, &c, None, &timestamp(now))?;
    tx.commit()?;
    template(store, id)
}

pub fn update_template(
    store: &Store,
    id: i64,
    input: &TemplateInput,
    now: DateTime<Local>,
) -> Result<TemplateView, Error> {
    template(store, id)?;
    let c = check(input)?;
    let tx = crate::db::write_tx(store.conn())?;
    if name_taken(&tx, &c.name, id)? {
        return Err(taken_error(&c.name));
    }
    tx.execute(
        "UPDATE checklist_templates SET name = ?1, kind = ?2, event_based = ?3,
                description = ?4, updated_at = ?5 WHERE id = ?6",
        params![
            c.name,
            c.kind.as_str(),
            c.event_based,
            c.description,
            timestamp(now),
            id
        ],
    )?;
    write_items(&tx, id, &c.items)?;
    tx.commit()?;
    template(store, id)
}

/// Deletes a template; runs started from it keep their items and its name.
pub fn delete_template(store: &Store, id: i64) -> Result<(), Error> {
    let n = store
        .conn()
        .execute("DELETE FROM checklist_templates WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(Error::not_found(format!("编号为 {id} 的清单模板")));
    }
    Ok(())
}

fn items_of(conn: &Connection, template_id: i64) -> rusqlite::Result<Vec<TemplateItem>> {
    let mut stmt = conn.prepare(
        "SELECT section, text, day_offset, window_start, window_end FROM template_items
         WHERE template_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([template_id], |r| {
        Ok(TemplateItem {
            section: r.get(0)?,
            text: r.get(1)?,
            day_offset: r.get(2)?,
            window_start: r.get(3)?,
            window_end: r.get(4)?,
        })
    })?;
    rows.collect()
}

const SELECT: &str = "SELECT id, name, kind, event_based, description, default_key IS NOT NULL,
                             updated_at FROM checklist_templates";

fn view(conn: &Connection, row: &rusqlite::Row) -> rusqlite::Result<TemplateView> {
    let id: i64 = row.get(0)?;
    let kind_text: String = row.get(2)?;
    let kind = TemplateKind::parse(&kind_text).unwrap_or(TemplateKind::Custom);
    Ok(TemplateView {
        id,
        name: row.get(1)?,
        kind,
        kind_label: kind.label().to_owned(),
        event_based: row.get(3)?,
        description: row.get(4)?,
        is_default: row.get(5)?,
        items: items_of(conn, id)?,
        updated_at: row.get(6)?,
    })
}

pub fn template(store: &Store, id: i64) -> Result<TemplateView, Error> {
    let conn = store.conn();
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], |r| view(conn, r))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("编号为 {id} 的清单模板")))
}

/// Every template, the shipped ones first in the order we ship them.
pub fn templates(store: &Store) -> Result<Vec<TemplateView>, Error> {
    let conn = store.conn();
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY default_key IS NULL, id"))?;
    let rows = stmt.query_map([], |r| view(conn, r))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A template by id, exact name, shipped key (`launch-day`) or kind (`launch_day`,
/// when only one template has it): what the CLI's TEMPLATE argument takes.
pub fn find_template(store: &Store, key: &str) -> Result<TemplateView, Error> {
    let key = key.trim();
    let conn = store.conn();
    let by: Option<i64> = conn
        .query_row(
            "SELECT id FROM checklist_templates WHERE name = ?1 OR default_key = ?1
             ORDER BY name = ?1 DESC LIMIT 1",
            [key],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = by {
        return template(store, id);
    }
    if let Ok(id) = key.parse::<i64>() {
        return template(store, id);
    }
    if let Some(kind) = TemplateKind::parse(key) {
        let ids: Vec<i64> = conn
            .prepare("SELECT id FROM checklist_templates WHERE kind = ?1 ORDER BY id")?
            .query_map([kind.as_str()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if let [only] = ids.as_slice() {
            return template(store, *only);
        }
    }
    let names: Vec<String> = templates(store)?.into_iter().map(|t| t.name).collect();
    Err(Error::not_found(format!(
        "叫“{key}”的清单模板：现有 {}",
        names.join("、")
    )))
}
