//! Errors every front shows the same way: a small [`Code`] the UI can branch on, a
//! message in Simplified Chinese a shop owner can act on, and — where the fault is in
//! one input — the fields to show it beside. The technical cause stays in `source()`
//! for the log.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::DbError;
use crate::members::MemberError;
use crate::shop::ShopError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of failure, for the UI and scripts to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Code {
    /// The user's input is wrong; `fields` says where.
    Validation,
    NotFound,
    Conflict,
    /// Reading or writing a file failed (disk full, no permission, missing file).
    Io,
    /// The data file is damaged or is not ours.
    Corrupt,
    /// The data file was written by a newer version of the app.
    Incompatible,
    /// A fault of ours, not the user's.
    Internal,
}

/// One wrong input, to show beside its field. `field` is a dotted path such as
/// `name` or `rules.tiers.silver_fen`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// How an error crosses IPC and appears in `--json` output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ErrorPayload {
    pub code: Code,
    pub message: String,
    pub fields: Vec<FieldError>,
}

/// Every error of the core, one variant per feature.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Shop(#[from] ShopError),
    #[error(transparent)]
    Members(#[from] MemberError),
    #[error(transparent)]
    Invites(#[from] crate::invites::InviteError),
    #[error(transparent)]
    Print(#[from] crate::printing::PrintError),
    #[error(transparent)]
    Posters(#[from] crate::posters::PosterError),
    #[error(transparent)]
    Scripts(#[from] crate::scripts::ScriptError),
    #[error(transparent)]
    Training(#[from] crate::training::TrainingError),
}

impl Error {
    pub fn code(&self) -> Code {
        match self {
            Error::Db(e) => e.code(),
            Error::Shop(e) => e.code(),
            Error::Members(e) => e.code(),
            Error::Invites(e) => e.code(),
            Error::Print(e) => e.code(),
            Error::Posters(e) => e.code(),
            Error::Scripts(e) => e.code(),
            Error::Training(e) => e.code(),
        }
    }

    pub fn fields(&self) -> Vec<FieldError> {
        match self {
            Error::Db(_) | Error::Print(_) => Vec::new(),
            Error::Shop(e) => e.fields(),
            Error::Members(e) => e.fields(),
            Error::Invites(e) => e.fields(),
            Error::Posters(e) => e.fields(),
            Error::Scripts(e) => e.fields(),
            Error::Training(e) => e.fields(),
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
            fields: self.fields(),
        }
    }

    /// The message followed by every technical cause, for the log.
    pub fn log_chain(&self) -> String {
        let mut out = self.to_string();
        let mut source = std::error::Error::source(self);
        let mut last = out.clone();
        while let Some(cause) = source {
            let text = cause.to_string();
            // Wrappers that show their inner error's message would repeat it.
            if text != last {
                out.push_str(" ← ");
                out.push_str(&text);
            }
            last = text;
            source = cause.source();
        }
        out
    }
}
