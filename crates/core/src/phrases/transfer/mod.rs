//! Import and export of the library: JSON (everything, for moving between shops)
//! and XLSX (to edit in Excel). An import merges by category + title (a shipped
//! phrase also by its key, so an edited title still finds it), lands whole or not
//! at all, and reports what it added, updated and skipped.

use std::path::Path;

use chrono::{DateTime, Local};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::keywords::{self, insert_rule, normalise};
use super::model::*;
use super::store::{self, id_by_title, parse_tags, tags_json};
use crate::db::timestamp;
use crate::error::Error;
use crate::sheet::{self};
use crate::store::Store;
use crate::text::pinyin_keys;

mod xlsx;

use xlsx::{read_xlsx, xlsx_bytes};

const FORMAT: &str = "shequn-scripts";
const VERSION: u32 = 1;
const SCRIPTS_SHEET: &str = "话术";
const RULES_SHEET: &str = "关键词回复";
const RULES_CATEGORY: &str = "关键词回复表";
/// Errors listed before the rest are summed up.
const ERRORS_SHOWN: usize = 20;

/// The JSON file: every field of every phrase and rule. Its keys (`scripts`, format
/// `shequn-scripts`) are those of files shops already hold; they keep their names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryFile {
    pub format: String,
    pub version: u32,
    pub scripts: Vec<PhraseRecord>,
    pub keyword_rules: Vec<RuleRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhraseRecord {
    pub category: String,
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub favorite: bool,
    #[serde(default)]
    pub uses: u32,
    #[serde(default)]
    pub last_used_at: Option<String>,
    #[serde(default)]
    pub default_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleRecord {
    pub keywords: Vec<String>,
    pub reply: String,
    #[serde(default)]
    pub whole: bool,
    #[serde(default)]
    pub priority: i32,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub default_key: Option<String>,
}

fn yes() -> bool {
    true
}

enum Kind {
    Json,
    Xlsx,
}

fn kind_of(path: &Path) -> Result<Kind, Error> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "json" => Ok(Kind::Json),
        "xlsx" => Ok(Kind::Xlsx),
        _ => Err(Error::validation(
            "话术库只能导入导出 .json（换电脑、换店用，内容完整）或 .xlsx（用 Excel 编辑）文件",
        )),
    }
}

fn library(conn: &Connection) -> Result<LibraryFile, Error> {
    let mut stmt = conn.prepare(
        "SELECT category, title, body, tags, favorite, uses, last_used_at, default_key
         FROM scripts ORDER BY category, title",
    )?;
    let scripts = stmt
        .query_map([], |r| {
            Ok(PhraseRecord {
                category: r.get(0)?,
                title: r.get(1)?,
                body: r.get(2)?,
                tags: parse_tags(&r.get::<_, String>(3)?),
                favorite: r.get(4)?,
                uses: r.get(5)?,
                last_used_at: r.get(6)?,
                default_key: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare(
        "SELECT keywords, reply, whole, priority, enabled, default_key FROM keyword_rules
         ORDER BY priority DESC, keywords",
    )?;
    let keyword_rules = stmt
        .query_map([], |r| {
            Ok(RuleRecord {
                keywords: parse_tags(&r.get::<_, String>(0)?),
                reply: r.get(1)?,
                whole: r.get(2)?,
                priority: r.get(3)?,
                enabled: r.get(4)?,
                default_key: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(LibraryFile {
        format: FORMAT.into(),
        version: VERSION,
        scripts,
        keyword_rules,
    })
}

/// Writes the whole library to `path` (.json or .xlsx). Returns how many phrases and
/// rules went out.
pub fn export(store: &Store, path: &Path) -> Result<(u32, u32), Error> {
    let kind = kind_of(path)?;
    let file = library(store.conn())?;
    let bytes = match kind {
        Kind::Json => serde_json::to_vec_pretty(&file)
            .map_err(|e| Error::validation(format!("生成 JSON 时出错：{e}")))?,
        Kind::Xlsx => xlsx_bytes(&file)?,
    };
    sheet::write_atomically(path, &bytes).map_err(|e| {
        log::error!("phrases export to {}: {e}", path.display());
        Error::validation(format!(
            "无法写入 {}：请确认文件没有在 Excel 里打开、文件夹可以写入",
            path.display()
        ))
    })?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok((count(file.scripts.len()), count(file.keyword_rules.len())))
}

/// A phrase from a file, and whether the file speaks for its use count (JSON does;
/// a spreadsheet's use columns are for reading only).
struct Incoming {
    record: PhraseRecord,
    with_usage: bool,
    /// "第 3 行" or "第 3 条", for messages.
    place: String,
}

/// What a file holds: phrases and rules, each with its place in the file for
/// messages, and the cells that could not be read at all.
#[derive(Default)]
struct Read {
    phrases: Vec<(Incoming, store::Checked)>,
    rules: Vec<(RuleRecord, keywords::CheckedRule)>,
    errors: Vec<String>,
}

impl Read {
    /// Checks a phrase where it is read, so messages come in file order.
    fn phrase(&mut self, incoming: Incoming) {
        let r = &incoming.record;
        let new = NewPhrase {
            title: r.title.clone(),
            category: r.category.clone(),
            body: r.body.clone(),
            tags: r.tags.clone(),
            favorite: r.favorite,
        };
        match store::check(&new) {
            Ok(c) => self.phrases.push((incoming, c)),
            Err(e) => self.errors.push(format!("{}：{e}", incoming.place)),
        }
    }

    fn rule(&mut self, place: &str, record: RuleRecord) {
        match keywords::check(&rule_input(&record)) {
            Ok(c) => self.rules.push((record, c)),
            Err(e) => self.errors.push(format!("{place}：{e}")),
        }
    }
}

fn read(path: &Path) -> Result<Read, Error> {
    let kind = kind_of(path)?;
    let bytes = std::fs::read(path).map_err(|e| {
        Error::validation(match e.kind() {
            std::io::ErrorKind::NotFound => format!("找不到文件 {}", path.display()),
            _ => format!("无法读取文件 {}", path.display()),
        })
    })?;
    match kind {
        Kind::Json => {
            let file: LibraryFile = serde_json::from_slice(&bytes).map_err(|e| {
                Error::validation(format!(
                    "这个 JSON 文件不是社群掌柜导出的话术库，或已经损坏（第 {} 行附近）",
                    e.line()
                ))
            })?;
            if file.format != FORMAT {
                return Err(Error::validation("这个 JSON 文件不是社群掌柜导出的话术库"));
            }
            if file.version > VERSION {
                return Err(Error::validation(
                    "这个话术库文件来自更新版本的社群掌柜，请先升级再导入",
                ));
            }
            let mut read = Read::default();
            for (i, record) in file.scripts.into_iter().enumerate() {
                read.phrase(Incoming {
                    record,
                    with_usage: true,
                    place: format!("第 {} 条话术", i + 1),
                });
            }
            for (i, record) in file.keyword_rules.into_iter().enumerate() {
                read.rule(&format!("第 {} 条关键词回复", i + 1), record);
            }
            Ok(read)
        }
        Kind::Xlsx => read_xlsx(bytes),
    }
}

fn fail_on(errors: Vec<String>) -> Result<(), Error> {
    if errors.is_empty() {
        return Ok(());
    }
    let mut text = errors
        .iter()
        .take(ERRORS_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    if errors.len() > ERRORS_SHOWN {
        text.push_str(&format!("\n……还有 {} 处", errors.len() - ERRORS_SHOWN));
    }
    Err(Error::validation(format!(
        "文件里有 {} 处要改，什么都没有导入：\n{text}",
        errors.len()
    )))
}

fn rule_input(r: &RuleRecord) -> NewKeywordRule {
    NewKeywordRule {
        keywords: r.keywords.clone(),
        reply: r.reply.clone(),
        whole: r.whole,
        priority: r.priority,
        enabled: r.enabled,
    }
}

/// What a stored phrase holds that an import may change.
#[derive(PartialEq)]
struct Stored {
    id: i64,
    title: String,
    body: String,
    tags: Vec<String>,
    favorite: bool,
    uses: u32,
    last_used_at: Option<String>,
    default_key: Option<String>,
}

fn stored(conn: &Connection, id: i64) -> rusqlite::Result<Stored> {
    conn.query_row(
        "SELECT id, title, body, tags, favorite, uses, last_used_at, default_key
         FROM scripts WHERE id = ?1",
        [id],
        |r| {
            Ok(Stored {
                id: r.get(0)?,
                title: r.get(1)?,
                body: r.get(2)?,
                tags: parse_tags(&r.get::<_, String>(3)?),
                favorite: r.get(4)?,
                uses: r.get(5)?,
                last_used_at: r.get(6)?,
                default_key: r.get(7)?,
            })
        },
    )
}

fn key_owner(conn: &Connection, table: &str, key: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        &format!("SELECT id FROM {table} WHERE default_key = ?1"),
        [key],
        |r| r.get(0),
    )
    .optional()
}

/// Imports `path` into the library, all or nothing.
pub fn import(
    store: &Store,
    path: &Path,
    now: DateTime<Local>,
) -> Result<PhraseImportReport, Error> {
    import_in(store, path, now, true)
}

/// What [`import`] would do, without changing anything: the same merge, rolled
/// back. The app shows it before the owner confirms.
pub fn preview_import(
    store: &Store,
    path: &Path,
    now: DateTime<Local>,
) -> Result<PhraseImportReport, Error> {
    import_in(store, path, now, false)
}

fn import_in(
    store: &Store,
    path: &Path,
    now: DateTime<Local>,
    commit: bool,
) -> Result<PhraseImportReport, Error> {
    let Read {
        phrases,
        rules,
        errors,
    } = read(path)?;
    fail_on(errors)?;

    let now = timestamp(now);
    let tx = crate::db::write_tx(store.conn())?;
    let mut report = PhraseImportReport::default();
    for (incoming, c) in &phrases {
        let r = &incoming.record;
        let by_title = id_by_title(&tx, &c.category, &c.title)?;
        let by_key = match (&r.default_key, by_title) {
            (Some(key), None) => key_owner(&tx, "scripts", key)?,
            _ => None,
        };
        let action = match by_title.or(by_key) {
            None => {
                // A shipped key already held by another phrase stays with that one.
                let key = match &r.default_key {
                    Some(k) if key_owner(&tx, "scripts", k)?.is_none() => Some(k.as_str()),
                    _ => None,
                };
                let id = store::insert(&tx, c, r.favorite, key, &now)?;
                if incoming.with_usage {
                    set_usage(&tx, id, r.uses, r.last_used_at.as_deref())?;
                }
                ImportAction::Added
            }
            Some(id) => {
                let before = stored(&tx, id)?;
                let mut after = Stored {
                    id,
                    title: c.title.clone(),
                    body: c.body.clone(),
                    tags: c.tags.clone(),
                    favorite: r.favorite,
                    uses: before.uses,
                    last_used_at: before.last_used_at.clone(),
                    default_key: before.default_key.clone(),
                };
                if incoming.with_usage {
                    after.uses = r.uses;
                    after.last_used_at = r.last_used_at.clone();
                }
                if after == before {
                    ImportAction::Skipped
                } else {
                    let keys = pinyin_keys(&after.title);
                    tx.execute(
                        "UPDATE scripts SET title = ?2, body = ?3, tags = ?4, favorite = ?5,
                                uses = ?6, last_used_at = ?7, title_pinyin = ?8,
                                title_initials = ?9, updated_at = ?10
                         WHERE id = ?1",
                        params![
                            id,
                            after.title,
                            after.body,
                            tags_json(&after.tags),
                            after.favorite,
                            after.uses,
                            after.last_used_at,
                            keys.full,
                            keys.initials,
                            now
                        ],
                    )?;
                    ImportAction::Updated
                }
            }
        };
        note(&mut report, action, &c.category, &c.title);
    }

    let existing = keywords::keyword_rules_in(&tx)?;
    let rule_key = |words: &[String]| {
        let mut words: Vec<String> = words.iter().map(|w| normalise(w)).collect();
        words.sort();
        words.join("\u{1f}")
    };
    for (rule, c) in &rules {
        let new = rule_input(rule);
        let label = c.keywords.join("、");
        let same = existing
            .iter()
            .find(|e| rule_key(&e.keywords) == rule_key(&c.keywords));
        let action = match same {
            None => {
                let key = match &rule.default_key {
                    Some(k) if key_owner(&tx, "keyword_rules", k)?.is_none() => Some(k.as_str()),
                    _ => None,
                };
                insert_rule(&tx, c, &new, key, &now)?;
                ImportAction::Added
            }
            Some(e)
                if e.reply == c.reply
                    && e.whole == new.whole
                    && e.priority == new.priority
                    && e.enabled == new.enabled =>
            {
                ImportAction::Skipped
            }
            Some(e) => {
                tx.execute(
                    "UPDATE keyword_rules SET reply = ?2, whole = ?3, priority = ?4, enabled = ?5,
                            updated_at = ?6 WHERE id = ?1",
                    params![e.id, c.reply, new.whole, new.priority, new.enabled, now],
                )?;
                ImportAction::Updated
            }
        };
        note(&mut report, action, RULES_CATEGORY, &label);
    }
    if commit {
        tx.commit()?;
    }
    // Without a commit the transaction rolls back when dropped.
    Ok(report)
}

fn note(report: &mut PhraseImportReport, action: ImportAction, category: &str, title: &str) {
    match action {
        ImportAction::Added => report.added += 1,
        ImportAction::Updated => report.updated += 1,
        ImportAction::Skipped => report.skipped += 1,
    }
    report.changes.push(ImportChange {
        action,
        category: category.to_owned(),
        title: title.to_owned(),
    });
}

/// A JSON import carries use counts; a spreadsheet does not.
fn set_usage(
    conn: &Connection,
    id: i64,
    uses: u32,
    last_used_at: Option<&str>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE scripts SET uses = ?2, last_used_at = ?3 WHERE id = ?1",
        params![id, uses, last_used_at],
    )?;
    Ok(())
}
