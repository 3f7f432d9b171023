//! Errors every front shows the same way: a small [`Code`] the UI can branch on, a
//! message in Simplified Chinese a shop owner can act on, and — where the fault is in
//! one input — the fields to show it beside. The technical cause stays in `source()`
//! for the log.
//!
//! One struct for the whole core, built by the helpers below: a feature says what went
//! wrong in its own words and this module never needs to know the feature exists.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of failure, for the UI and scripts to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Code {
    /// The user's input is wrong; `fields` says where.
    Validation,
    NotFound,
    /// The request clashes with the book as it stands, or needs the owner to confirm.
    Conflict,
    /// Reading or writing a file failed (disk full, no permission, missing file).
    Io,
    /// The data file is damaged or is not ours.
    Corrupt,
    /// The data file was written by a newer version of the app.
    Incompatible,
    /// A fault of ours, not the user's.
    Internal,
    /// The owner stopped a long job; nothing it would have written was kept.
    Cancelled,
    /// An encrypted backup needs its passphrase, or was given the wrong one.
    Passphrase,
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

type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Every error of the core.
pub struct Error {
    code: Code,
    message: String,
    fields: Vec<FieldError>,
    source: Option<Cause>,
}

impl Error {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            fields: Vec::new(),
            source: None,
        }
    }

    /// One wrong input: the message is shown beside `field` and as the whole message.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::invalid_fields(vec![FieldError::new(field, message)])
    }

    /// Several wrong inputs at once; the message lists them all.
    pub fn invalid_fields(fields: Vec<FieldError>) -> Self {
        let message = fields
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join("；");
        Error {
            code: Code::Validation,
            message,
            fields,
            source: None,
        }
    }

    /// Wrong input that belongs to no one field (a file's content, a whole form).
    pub fn validation(message: impl Into<String>) -> Self {
        Error::new(Code::Validation, message)
    }

    /// `what` names the missing thing: "编号为 3 的会员" gives "找不到编号为 3 的会员".
    pub fn not_found(what: impl fmt::Display) -> Self {
        Error::new(Code::NotFound, format!("找不到{what}"))
    }

    /// Refused as the book stands, or waiting for the owner's confirmation.
    pub fn conflict(message: impl Into<String>) -> Self {
        Error::new(Code::Conflict, message)
    }

    pub fn io(message: impl Into<String>) -> Self {
        Error::new(Code::Io, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Error::new(Code::Internal, message)
    }

    pub fn cancelled(message: impl Into<String>) -> Self {
        Error::new(Code::Cancelled, message)
    }

    /// Keeps the technical cause for the log; the owner never sees it.
    pub fn with_source(mut self, cause: impl Into<Cause>) -> Self {
        self.source = Some(cause.into());
        self
    }

    /// Replaces the whole message (the fields keep their own).
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// Shows this error's message beside `field` as well.
    pub fn on_field(mut self, field: impl Into<String>) -> Self {
        self.fields
            .push(FieldError::new(field, self.message.clone()));
        self
    }

    pub fn code(&self) -> Code {
        self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn fields(&self) -> Vec<FieldError> {
        self.fields.clone()
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code,
            message: self.message.clone(),
            fields: self.fields.clone(),
        }
    }

    /// The message followed by every technical cause, for the log.
    pub fn log_chain(&self) -> String {
        let mut out = self.message.clone();
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("code", &self.code)
            .field("message", &self.message)
            .field("fields", &self.fields)
            .field("source", &self.source)
            .finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Any SQL failure inside a feature: the transaction it ran in is rolled back, so
/// what the owner needs to know is that this one change was not saved.
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::internal("读写数据时出错，这一次的修改没有保存").with_source(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_wrong_inputs_are_listed_in_one_message_and_each_beside_its_field() {
        let e = Error::invalid_fields(vec![
            FieldError::new("name", "请填写姓名"),
            FieldError::new("phone", "手机号应为 11 位"),
        ]);
        assert_eq!(e.code(), Code::Validation);
        assert_eq!(e.to_string(), "请填写姓名；手机号应为 11 位");
        assert_eq!(e.fields().len(), 2);
    }

    #[test]
    fn the_log_keeps_the_technical_cause_the_owner_never_sees() {
        let e = Error::from(rusqlite::Error::InvalidQuery);
        assert_eq!(e.code(), Code::Internal);
        assert_eq!(e.payload().message, "读写数据时出错，这一次的修改没有保存");
        assert!(e.log_chain().contains(" ← "), "{}", e.log_chain());
    }
}
