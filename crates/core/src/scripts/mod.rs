//! The phrase library (话术库): phrases staff paste into group chats, sorted by
//! category, searched in Chinese and pinyin, filled from a member and the shop
//! profile; builders for 群公告 and 群规; the keyword reply table and its tester;
//! the shipped defaults; import and export.

mod builders;
mod defaults;
mod fill;
mod keywords;
mod model;
mod store;
mod transfer;

pub use builders::{AnnouncementForm, RulesForm, announcement, rules, suggested_rules};
pub use defaults::{DEFAULT_KEYWORD_RULES, DEFAULT_SCRIPTS, load_defaults_once, restore_defaults};
pub use fill::{fill, fill_body, fill_text, placeholders, record_use};
pub use keywords::{add_rule, delete_rule, keyword_rules, test_reply, update_rule};
pub use model::*;
pub use store::{add, categories, delete, get, list, set_favorite, tags, update};
pub use transfer::{LibraryFile, RuleRecord, ScriptRecord, export, import, preview_import};

use crate::db::DbError;
use crate::error::{Code, FieldError};
use crate::shop::ShopError;

#[derive(Debug, thiserror::Error)]
pub enum ScriptError {
    #[error("{}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("；"))]
    Invalid(Vec<FieldError>),
    #[error("找不到{0}")]
    NotFound(String),
    /// Placeholders with nothing to fill them: the text is not ready to paste.
    #[error(
        "还有占位符没有填：{}。请先填好",
        .0.iter().map(|n| format!("{{{n}}}")).collect::<Vec<_>>().join("、")
    )]
    Unfilled(Vec<String>),
    /// A file to import or export, with what is wrong and where.
    #[error("{0}")]
    File(String),
    #[error(transparent)]
    Shop(#[from] ShopError),
    #[error(transparent)]
    Members(#[from] crate::members::MemberError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for ScriptError {
    fn from(e: rusqlite::Error) -> Self {
        ScriptError::Db(DbError::Sql(e))
    }
}

impl ScriptError {
    pub(crate) fn invalid(field: &str, message: impl Into<String>) -> Self {
        ScriptError::Invalid(vec![FieldError::new(field, message)])
    }

    /// A `--set` (or form) entry that is not `name=value`.
    pub fn invalid_set(entry: &str) -> Self {
        ScriptError::invalid(
            "set",
            format!("“{entry}”应写成 名称=内容，例如 优惠券=满100减20券"),
        )
    }

    pub fn code(&self) -> Code {
        match self {
            ScriptError::Invalid(_) | ScriptError::Unfilled(_) | ScriptError::File(_) => {
                Code::Validation
            }
            ScriptError::NotFound(_) => Code::NotFound,
            ScriptError::Shop(e) => e.code(),
            ScriptError::Members(e) => e.code(),
            ScriptError::Db(e) => e.code(),
        }
    }

    pub fn fields(&self) -> Vec<FieldError> {
        match self {
            ScriptError::Invalid(errors) => errors.clone(),
            ScriptError::Unfilled(names) => names
                .iter()
                .map(|n| FieldError::new(format!("values.{n}"), format!("请填写{{{n}}}")))
                .collect(),
            ScriptError::Members(e) => e.fields(),
            _ => Vec::new(),
        }
    }
}
