//! The phrase library (话术库): phrases staff paste into group chats, sorted by
//! category, searched in Chinese and pinyin, filled from a member and the shop
//! profile; builders for 群公告 and 群规; the keyword reply table and its tester;
//! the shipped defaults; import and export.

mod builders;
mod defaults;
mod fill;
mod keywords;
mod model;
mod shipped_phrases;
mod store;
mod transfer;

pub use builders::{AnnouncementForm, RulesForm, announcement, rules, suggested_rules};
pub use defaults::{DEFAULT_KEYWORD_RULES, DEFAULT_PHRASES, load_defaults_once, restore_defaults};
pub use fill::{fill, fill_body, fill_text, placeholders, record_use};
pub use keywords::{add_rule, delete_rule, keyword_rules, test_reply, update_rule};
pub use model::*;
pub use store::{add, categories, delete, get, list, set_favorite, tags, update};
pub use transfer::{LibraryFile, PhraseRecord, RuleRecord, export, import, preview_import};

use crate::error::{Error, FieldError};

/// Placeholders with nothing to fill them: the text is not ready to paste.
/// The name the save dialog offers for the library: `话术库-2026-12-02.json` (`ext`
/// is `json` or `xlsx`).
pub fn export_file_name(ext: &str, today: chrono::NaiveDate) -> String {
    format!("话术库-{}.{ext}", crate::text::day_text(today))
}

pub fn unfilled(names: &[String]) -> Error {
    Error::invalid_fields(
        names
            .iter()
            .map(|n| FieldError::new(format!("values.{n}"), format!("请填写{{{n}}}")))
            .collect(),
    )
    .with_message(format!(
        "还有占位符没有填：{}。请先填好",
        names
            .iter()
            .map(|n| format!("{{{n}}}"))
            .collect::<Vec<_>>()
            .join("、")
    ))
}

/// A `--set` (or form) entry that is not `name=value`.
pub fn invalid_set(entry: &str) -> Error {
    Error::invalid(
        "set",
        format!("“{entry}”应写成 名称=内容，例如 优惠券=满100减20券"),
    )
}
