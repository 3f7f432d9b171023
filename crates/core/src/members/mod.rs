//! The member book (会员): records, purchases, tiers, points, referrals, tags, lists.
//!
//! Derived facts (12-month spend, tier, points balance, last visit, this year's
//! birthday) come from the ledgers; the columns holding them on `members` are a cache
//! for one `today`, rebuilt by [`refresh`] and checked against the ledgers in tests.

mod birthday;
pub(crate) mod book;
pub(crate) mod directory;
pub mod export;
pub mod import;
mod ledger;
mod model;
pub mod refresh;
#[cfg(test)]
mod schema_tests;
mod search;
pub(crate) mod standing;
mod store;

pub use book::{AddOutcome, add, get, get_by_phone, set_referrer, update};
pub use ledger::{
    PointsEntry, Purchase, award_points, points_history, purchases_of, read_typed_purchase,
    record_purchase, record_typed_purchase, redeem_points, void_purchase,
};
pub use model::*;
pub use refresh::ensure_fresh;
pub use search::{
    ReferralNode, ReferralStats, TagCount, custom_tags, list, referral_stats, referral_tree,
};
pub use standing::{delete, mark_left, return_member};

use crate::db::DbError;
use crate::error::{Code, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum MemberError {
    #[error("{}", join(.0))]
    Invalid(Vec<FieldError>),
    #[error("找不到{0}")]
    NotFound(String),
    #[error("积分不足：当前余额 {balance} 分，要扣 {wanted} 分")]
    InsufficientPoints { balance: i64, wanted: i64 },
    #[error("导入已取消，没有写入任何数据")]
    Cancelled,
    #[error("这笔消费（{0}）已经撤销过了")]
    AlreadyVoided(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for MemberError {
    fn from(e: rusqlite::Error) -> Self {
        MemberError::Db(DbError::Sql(e))
    }
}

fn join(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join("；")
}

impl MemberError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        MemberError::Invalid(vec![FieldError::new(field, message)])
    }

    pub fn code(&self) -> Code {
        match self {
            MemberError::Invalid(_) | MemberError::InsufficientPoints { .. } => Code::Validation,
            MemberError::NotFound(_) => Code::NotFound,
            MemberError::AlreadyVoided(_) | MemberError::Cancelled => Code::Conflict,
            MemberError::Db(e) => e.code(),
        }
    }

    pub fn fields(&self) -> Vec<FieldError> {
        match self {
            MemberError::Invalid(errors) => errors.clone(),
            MemberError::InsufficientPoints { .. } => {
                vec![FieldError::new("points", self.to_string())]
            }
            _ => Vec::new(),
        }
    }
}
