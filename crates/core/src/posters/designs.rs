//! Saved poster designs: reopen, duplicate, delete.

use chrono::{DateTime, Local};
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{PosterContent, template};
use crate::db::timestamp;
use crate::error::{Error, FieldError};
use crate::store::Store;

const NAME_MAX: usize = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DesignView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// The template's name (进群有礼…), for the list.
    pub template_name: String,
    pub content: PosterContent,
    pub updated_at: String,
}

const SELECT: &str = "SELECT id, name, content, photo_asset, updated_at FROM poster_designs";

fn view(row: &Row) -> rusqlite::Result<DesignView> {
    let json: String = row.get(2)?;
    // Written by `save_design` from a PosterContent; a row that no longer parses
    // (hand-edited) opens as an empty design rather than failing the whole list.
    let mut content: PosterContent = serde_json::from_str(&json).unwrap_or_default();
    // The column is the truth: a picture deleted from the library leaves the design.
    content.photo_asset = row.get(3)?;
    Ok(DesignView {
        id: row.get(0)?,
        name: row.get(1)?,
        template_name: template(&content.template)
            .map_or("海报", |t| t.name)
            .to_owned(),
        content,
        updated_at: row.get(4)?,
    })
}

/// Saves a new design (`id` None) or over an existing one.
pub fn save_design(
    store: &Store,
    id: Option<i64>,
    name: &str,
    content: &PosterContent,
    now: DateTime<Local>,
) -> Result<DesignView, Error> {
    let t = template(&content.template)
        .ok_or_else(|| Error::not_found(format!("海报模板“{}”", content.template)))?;
    let name = match name.trim() {
        "" => format!("{}海报 {}", t.name, now.format("%m-%d %H:%M")),
        n => n.to_owned(),
    };
    if name.chars().count() > NAME_MAX {
        return Err(Error::invalid_fields(vec![FieldError::new(
            "name",
            format!("设计名称最多 {NAME_MAX} 个字"),
        )]));
    }
    let json = serde_json::to_string(content).map_err(|e| {
        Error::invalid_fields(vec![FieldError::new(
            "content",
            format!("设计内容无法保存：{e}"),
        )])
    })?;
    let conn = store.conn();
    let stamp = timestamp(now);
    let id = match id {
        Some(id) => {
            let changed = conn.execute(
                "UPDATE poster_designs SET name = ?2, content = ?3, photo_asset = ?4, updated_at = ?5
                  WHERE id = ?1",
                params![id, name, json, content.photo_asset, stamp],
            )?;
            if changed == 0 {
                return Err(Error::not_found(format!("编号为 {id} 的海报设计")));
            }
            id
        }
        None => {
            conn.execute(
                "INSERT INTO poster_designs (name, content, photo_asset, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![name, json, content.photo_asset, stamp],
            )?;
            conn.last_insert_rowid()
        }
    };
    design(store, id)
}

/// Every saved design, the latest worked on first.
pub fn designs(store: &Store) -> Result<Vec<DesignView>, Error> {
    let mut stmt = store
        .conn()
        .prepare(&format!("{SELECT} ORDER BY updated_at DESC, id DESC"))?;
    let rows = stmt
        .query_map([], view)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn design(store: &Store, id: i64) -> Result<DesignView, Error> {
    store
        .conn()
        .query_row(&format!("{SELECT} WHERE id = ?1"), [id], view)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("编号为 {id} 的海报设计")))
}

/// A copy to change without touching the original ("…（副本）").
pub fn duplicate_design(store: &Store, id: i64, now: DateTime<Local>) -> Result<DesignView, Error> {
    let original = design(store, id)?;
    let mut name: String = original.name.chars().take(NAME_MAX - 4).collect();
    name.push_str("（副本）");
    save_design(store, None, &name, &original.content, now)
}

pub fn delete_design(store: &Store, id: i64) -> Result<(), Error> {
    let changed = store
        .conn()
        .execute("DELETE FROM poster_designs WHERE id = ?1", [id])?;
    if changed == 0 {
        return Err(Error::not_found(format!("编号为 {id} 的海报设计")));
    }
    Ok(())
}
