//! Phrases: adding, editing, deleting, and the library search.

use chrono::{DateTime, Local};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::fill::placeholders;
use super::model::*;
use crate::db::timestamp;
use crate::error::{Error, FieldError};
use crate::store::Store;
use crate::text::pinyin_keys;

const TITLE_MAX: usize = 40;
const CATEGORY_MAX: usize = 10;
const BODY_MAX: usize = 2000;
const TAG_MAX: usize = 12;
const TAGS_MAX: usize = 10;
/// A page of results when the caller does not say.
const DEFAULT_LIMIT: u32 = 200;

/// A phrase after checking: trimmed, tags de-duplicated.
pub(super) struct Checked {
    pub title: String,
    pub category: String,
    pub body: String,
    pub tags: Vec<String>,
}

/// Checks every field at once, so the form can mark them all.
pub(super) fn check(new: &NewPhrase) -> Result<Checked, Error> {
    let mut errors = Vec::new();
    let title = new.title.trim().to_owned();
    let category = new.category.trim().to_owned();
    let body = new.body.trim().to_owned();
    let mut need = |field: &str, label: &str, value: &str, max: usize| {
        let len = value.chars().count();
        if len == 0 {
            errors.push(FieldError::new(field, format!("{label}不能为空")));
        } else if len > max {
            errors.push(FieldError::new(
                field,
                format!("{label}最多 {max} 个字，现在有 {len} 个"),
            ));
        }
    };
    need("title", "标题", &title, TITLE_MAX);
    need("category", "分类", &category, CATEGORY_MAX);
    need("body", "正文", &body, BODY_MAX);
    let mut tags: Vec<String> = Vec::new();
    for tag in &new.tags {
        let tag = tag.trim();
        if tag.is_empty() || tags.iter().any(|t| t == tag) {
            continue;
        }
        if tag.chars().count() > TAG_MAX {
            errors.push(FieldError::new(
                "tags",
                format!("标签“{tag}”太长：每个标签最多 {TAG_MAX} 个字"),
            ));
        }
        tags.push(tag.to_owned());
    }
    if tags.len() > TAGS_MAX {
        errors.push(FieldError::new(
            "tags",
            format!("标签最多 {TAGS_MAX} 个，现在有 {} 个", tags.len()),
        ));
    }
    if let Some(bad) = unclosed_brace(&body) {
        errors.push(FieldError::new(
            "body",
            format!("正文里“{bad}”的花括号没有配对：占位符要写成 {{优惠券}} 这样"),
        ));
    }
    if errors.is_empty() {
        Ok(Checked {
            title,
            category,
            body,
            tags,
        })
    } else {
        Err(Error::invalid_fields(errors))
    }
}

/// The text around a `{` with no `}` after it (or a `}` with no `{`), if any.
fn unclosed_brace(body: &str) -> Option<String> {
    let mut open: Option<usize> = None;
    for (i, c) in body.char_indices() {
        match c {
            '{' if open.is_some() => return Some(snippet(body, i)),
            '{' => open = Some(i),
            '}' if open.is_none() => return Some(snippet(body, i)),
            '}' => open = None,
            _ => {}
        }
    }
    open.map(|i| snippet(body, i))
}

fn snippet(body: &str, at: usize) -> String {
    body[at..].chars().take(6).collect()
}

fn duplicate(category: &str, title: &str) -> Error {
    Error::invalid(
        "title",
        format!("“{category}”里已经有一条叫“{title}”的话术，换个标题吧"),
    )
}

pub(super) fn id_by_title(
    conn: &Connection,
    category: &str,
    title: &str,
) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT id FROM scripts WHERE category = ?1 AND title = ?2",
        [category, title],
        |r| r.get(0),
    )
    .optional()
}

pub(super) fn tags_json(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".into())
}

pub(super) fn parse_tags(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// Inserts a checked phrase; the caller holds the transaction if there is one.
pub(super) fn insert(
    conn: &Connection,
    s: &Checked,
    favorite: bool,
    default_key: Option<&str>,
    now: &str,
) -> rusqlite::Result<i64> {
    let keys = pinyin_keys(&s.title);
    conn.execute(
        "INSERT INTO scripts (title, category, body, tags, favorite, title_pinyin,
                              title_initials, default_key, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            s.title,
            s.category,
            s.body,
            tags_json(&s.tags),
            favorite,
            keys.full,
            keys.initials,
            default_key,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn add(store: &Store, new: &NewPhrase, now: DateTime<Local>) -> Result<PhraseView, Error> {
    let checked = check(new)?;
    let conn = store.conn();
    if id_by_title(conn, &checked.category, &checked.title)?.is_some() {
        return Err(duplicate(&checked.category, &checked.title));
    }
    let id = insert(conn, &checked, new.favorite, None, &timestamp(now))?;
    get(store, id)
}

pub fn update(
    store: &Store,
    id: i64,
    new: &NewPhrase,
    now: DateTime<Local>,
) -> Result<PhraseView, Error> {
    let checked = check(new)?;
    let conn = store.conn();
    get(store, id)?;
    if id_by_title(conn, &checked.category, &checked.title)?.is_some_and(|other| other != id) {
        return Err(duplicate(&checked.category, &checked.title));
    }
    let keys = pinyin_keys(&checked.title);
    conn.execute(
        "UPDATE scripts SET title = ?2, category = ?3, body = ?4, tags = ?5, favorite = ?6,
                title_pinyin = ?7, title_initials = ?8, updated_at = ?9
         WHERE id = ?1",
        params![
            id,
            checked.title,
            checked.category,
            checked.body,
            tags_json(&checked.tags),
            new.favorite,
            keys.full,
            keys.initials,
            timestamp(now)
        ],
    )?;
    get(store, id)
}

pub fn set_favorite(store: &Store, id: i64, favorite: bool) -> Result<PhraseView, Error> {
    let changed = store.conn().execute(
        "UPDATE scripts SET favorite = ?2 WHERE id = ?1",
        params![id, favorite],
    )?;
    if changed == 0 {
        return Err(not_found(id));
    }
    get(store, id)
}

/// Deletes a phrase. A shipped one can be brought back with "restore defaults".
pub fn delete(store: &Store, id: i64) -> Result<(), Error> {
    let changed = store
        .conn()
        .execute("DELETE FROM scripts WHERE id = ?1", [id])?;
    if changed == 0 {
        return Err(not_found(id));
    }
    Ok(())
}

pub(super) fn not_found(id: i64) -> Error {
    Error::not_found(format!("编号为 {id} 的话术，可能已被删除"))
}

const VIEW_COLUMNS: &str =
    "id, title, category, body, tags, favorite, uses, last_used_at, default_key, updated_at";

fn view_from_row(r: &Row) -> rusqlite::Result<PhraseView> {
    let body: String = r.get(3)?;
    let tags: String = r.get(4)?;
    let default_key: Option<String> = r.get(8)?;
    Ok(PhraseView {
        id: r.get(0)?,
        title: r.get(1)?,
        category: r.get(2)?,
        placeholders: placeholders(&body),
        body,
        tags: parse_tags(&tags),
        favorite: r.get(5)?,
        uses: r.get(6)?,
        last_used_at: r.get(7)?,
        is_default: default_key.is_some(),
        updated_at: r.get(9)?,
    })
}

pub fn get(store: &Store, id: i64) -> Result<PhraseView, Error> {
    store
        .conn()
        .query_row(
            &format!("SELECT {VIEW_COLUMNS} FROM scripts WHERE id = ?1"),
            [id],
            view_from_row,
        )
        .optional()?
        .ok_or_else(|| not_found(id))
}

/// The search. Each word of `search` must match (title, body or a tag as a
/// substring; or the title's pinyin, full or initials, for a word in Latin letters).
pub fn list(store: &Store, query: &PhraseQuery) -> Result<PhrasePage, Error> {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let arg = |v: Value, args: &mut Vec<Value>| {
        args.push(v);
        format!("?{}", args.len())
    };
    // Title hits rank above body hits: a sum of per-word title matches.
    let mut title_hit = Vec::new();
    for word in query
        .search
        .as_deref()
        .unwrap_or_default()
        .split_whitespace()
        .take(8)
    {
        let word = word.to_lowercase();
        let w = arg(Value::Text(word.clone()), &mut args);
        let mut title = format!("instr(lower(title), {w}) > 0");
        if word.chars().all(|c| c.is_ascii_alphanumeric()) {
            title.push_str(&format!(
                " OR instr(title_initials, {w}) > 0 OR instr(title_pinyin, {w}) > 0"
            ));
        }
        clauses.push(format!(
            "({title} OR instr(lower(body), {w}) > 0 OR instr(lower(tags), {w}) > 0)"
        ));
        title_hit.push(format!("({title})"));
    }
    if let Some(category) = query.category.as_deref().filter(|c| !c.is_empty()) {
        let c = arg(Value::Text(category.to_owned()), &mut args);
        clauses.push(format!("category = {c}"));
    }
    if let Some(tag) = query.tag.as_deref().filter(|t| !t.is_empty()) {
        let t = arg(Value::Text(tag.to_owned()), &mut args);
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM json_each(scripts.tags) WHERE value = {t})"
        ));
    }
    if query.favorites_only {
        clauses.push("favorite = 1".into());
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let rank = if title_hit.is_empty() {
        String::new()
    } else {
        format!("{} DESC, ", title_hit.join(" + "))
    };
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    let l = arg(Value::Integer(i64::from(limit)), &mut args);
    let o = arg(Value::Integer(i64::from(query.offset)), &mut args);
    let sql = format!(
        "SELECT {VIEW_COLUMNS}, COUNT(*) OVER () FROM scripts {filter}
         ORDER BY favorite DESC, uses DESC, {rank}id
         LIMIT {l} OFFSET {o}"
    );
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut total = 0u32;
    let phrases = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), |r| {
            total = r.get(10)?;
            view_from_row(r)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if phrases.is_empty() && query.offset > 0 {
        // Past the last page: the window count saw no rows, so count on its own.
        let count_args = &args[..args.len() - 2];
        total = conn.query_row(
            &format!("SELECT COUNT(*) FROM scripts {filter}"),
            rusqlite::params_from_iter(count_args.iter()),
            |r| r.get(0),
        )?;
    }
    Ok(PhrasePage { total, phrases })
}

/// The built-in categories (even when empty), then the shop's own, busiest first.
pub fn categories(store: &Store) -> Result<Vec<CategoryCount>, Error> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT category, COUNT(*) FROM scripts GROUP BY category ORDER BY COUNT(*) DESC, category",
    )?;
    let counts = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let count_of = |name: &str| {
        counts
            .iter()
            .find(|(c, _)| c == name)
            .map_or(0, |(_, n)| *n)
    };
    let mut out: Vec<CategoryCount> = BUILTIN_CATEGORIES
        .iter()
        .map(|name| CategoryCount {
            name: (*name).to_owned(),
            builtin: true,
            count: count_of(name),
        })
        .collect();
    out.extend(
        counts
            .iter()
            .filter(|(c, _)| !BUILTIN_CATEGORIES.contains(&c.as_str()))
            .map(|(name, count)| CategoryCount {
                name: name.clone(),
                builtin: false,
                count: *count,
            }),
    );
    Ok(out)
}

/// Every tag in use, the most used first.
pub fn tags(store: &Store) -> Result<Vec<String>, Error> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT t.value FROM scripts, json_each(scripts.tags) AS t
         GROUP BY t.value ORDER BY COUNT(*) DESC, t.value",
    )?;
    let tags = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(tags)
}
