//! How customers get into the shop's groups: the group ledger, invite channels,
//! one-time invite codes, redemption at the counter, and the printed cards.

mod channels;
pub mod code;
mod groups;
mod history;
mod model;
pub mod print;
mod redeem;

pub use channels::{
    add_channel, channel, channels, delete_channel, generate_codes, referral_code_for,
    set_channel_active, set_channel_archived, unprinted_codes, update_channel,
};
pub use groups::{
    add_group, delete_group, group, groups, qr_status, suggest_group_name, update_group,
    update_group_size,
};
pub use history::{export_redemptions, redemptions};
pub use model::*;
pub use redeem::redeem;

use crate::db::DbError;
use crate::error::{Code, FieldError};
use crate::members::MemberError;

#[derive(Debug, thiserror::Error)]
pub enum InviteError {
    #[error("{}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("；"))]
    Invalid(Vec<FieldError>),
    #[error("找不到{0}")]
    NotFound(String),
    /// A code the counter must turn away, with the reason to show.
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Members(#[from] MemberError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for InviteError {
    fn from(e: rusqlite::Error) -> Self {
        InviteError::Db(DbError::Sql(e))
    }
}

impl InviteError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        InviteError::Invalid(vec![FieldError::new(field, message)])
    }

    pub fn code(&self) -> Code {
        match self {
            InviteError::Invalid(_) => Code::Validation,
            InviteError::NotFound(_) => Code::NotFound,
            InviteError::Refused(_) => Code::Conflict,
            InviteError::Members(e) => e.code(),
            InviteError::Db(e) => e.code(),
        }
    }

    pub fn fields(&self) -> Vec<FieldError> {
        match self {
            InviteError::Invalid(errors) => errors.clone(),
            InviteError::Members(e) => e.fields(),
            _ => Vec::new(),
        }
    }
}

/// A join or contact link must be a web address: that is what WeChat's QR codes hold.
pub(crate) fn check_link(link: &str) -> Result<String, String> {
    let link = link.trim();
    if link.is_empty() {
        return Err("请填写链接，或上传群二维码截图".into());
    }
    match url::Url::parse(link) {
        Ok(u) if (u.scheme() == "https" || u.scheme() == "http") && u.host().is_some() => {
            Ok(link.to_owned())
        }
        _ => Err(format!("“{link}”不是网址：链接应以 https:// 开头")),
    }
}
