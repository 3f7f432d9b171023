//! The staff roster.

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{OptionalExtension, Row, params};

use super::model::{LEVELS, NewStaff, ROLES, StaffView};
use super::parse_day;
use crate::db::timestamp;
use crate::error::{Code, Error, FieldError};
use crate::store::Store;
use crate::text::day_text;

const NAME_MAX: usize = 20;
const SELECT: &str = "SELECT id, name, role, level, started_on, active FROM staff";

fn from_row(row: &Row) -> rusqlite::Result<StaffView> {
    Ok(StaffView {
        id: row.get(0)?,
        name: row.get(1)?,
        role: row.get(2)?,
        level: row.get(3)?,
        started_on: row.get(4)?,
        active: row.get(5)?,
    })
}

struct Checked {
    name: String,
    role: String,
    level: String,
    started_on: String,
}

fn check(new: &NewStaff, today: NaiveDate) -> Result<Checked, Error> {
    let mut errors = Vec::new();
    let name = new.name.trim().to_owned();
    let count = name.chars().count();
    if count == 0 {
        errors.push(FieldError::new("name", "姓名不能为空"));
    } else if count > NAME_MAX {
        errors.push(FieldError::new(
            "name",
            format!("姓名最多 {NAME_MAX} 个字，现在有 {count} 个"),
        ));
    }
    let role = new.role.trim().to_owned();
    if !ROLES.contains(&role.as_str()) {
        errors.push(FieldError::new(
            "role",
            format!("岗位“{role}”不在名单里，请选：{}", ROLES.join("、")),
        ));
    }
    let level = match new.level.trim() {
        "" => LEVELS[0].to_owned(),
        other => other.to_owned(),
    };
    if !LEVELS.contains(&level.as_str()) {
        errors.push(FieldError::new(
            "level",
            format!("级别“{level}”不在成长路径里，请选：{}", LEVELS.join("、")),
        ));
    }
    let started_on = match new.started_on.trim() {
        "" => day_text(today),
        text => match parse_day("started_on", "入职日期", text) {
            Ok(day) => day_text(day),
            Err(e) if e.code() == Code::Validation => {
                errors.extend(e.fields());
                String::new()
            }
            Err(other) => return Err(other),
        },
    };
    if errors.is_empty() {
        Ok(Checked {
            name,
            role,
            level,
            started_on,
        })
    } else {
        Err(Error::invalid_fields(errors))
    }
}

fn name_taken(name: &str) -> Error {
    Error::invalid_fields(vec![FieldError::new(
        "name",
        format!("已经有一位叫“{name}”的店员了：同名的请加个字区分，比如“{name}（早班）”"),
    )])
}

pub fn add_staff(store: &Store, new: &NewStaff, now: DateTime<Local>) -> Result<StaffView, Error> {
    let c = check(new, now.date_naive())?;
    let conn = store.conn();
    let taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM staff WHERE name = ?1)",
        [&c.name],
        |r| r.get(0),
    )?;
    if taken {
        return Err(name_taken(&c.name));
    }
    let ts = timestamp(now);
    conn.execute(
        "INSERT INTO staff (name, role, level, started_on, active, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![c.name, c.role, c.level, c.started_on, new.active, ts],
    )?;
    get_staff(store, conn.last_insert_rowid())
}

pub fn update_staff(
    store: &Store,
    id: i64,
    new: &NewStaff,
    now: DateTime<Local>,
) -> Result<StaffView, Error> {
    get_staff(store, id)?;
    let c = check(new, now.date_naive())?;
    let conn = store.conn();
    let taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM staff WHERE name = ?1 AND id <> ?2)",
        params![c.name, id],
        |r| r.get(0),
    )?;
    if taken {
        return Err(name_taken(&c.name));
    }
    conn.execute(
        "UPDATE staff SET name = ?1, role = ?2, level = ?3, started_on = ?4, active = ?5,
                updated_at = ?6 WHERE id = ?7",
        params![
            c.name,
            c.role,
            c.level,
            c.started_on,
            new.active,
            timestamp(now),
            id
        ],
    )?;
    get_staff(store, id)
}

pub(crate) fn get_staff(store: &Store, id: i64) -> Result<StaffView, Error> {
    store
        .conn()
        .query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("编号为 {id} 的店员")))
}

/// The roster, active staff first, then by name's order of joining.
pub fn list_staff(store: &Store, include_inactive: bool) -> Result<Vec<StaffView>, Error> {
    let sql = format!(
        "{SELECT} {} ORDER BY active DESC, id",
        if include_inactive {
            ""
        } else {
            "WHERE active = 1"
        }
    );
    let mut stmt = store.conn().prepare(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A staff member by exact name or by id (what the CLI's `--staff` takes).
pub fn find_staff(store: &Store, name_or_id: &str) -> Result<StaffView, Error> {
    let key = name_or_id.trim();
    let found = store
        .conn()
        .query_row(&format!("{SELECT} WHERE name = ?1"), [key], from_row)
        .optional()?;
    if let Some(staff) = found {
        return Ok(staff);
    }
    if let Ok(id) = key.parse::<i64>() {
        return get_staff(store, id);
    }
    Err(Error::not_found(format!(
        "叫“{key}”的店员：先在店员名单里添加"
    )))
}
