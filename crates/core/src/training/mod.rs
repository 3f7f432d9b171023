//! Training and SOP (培训与SOP): the staff roster, checklist templates and the runs
//! started from them (the daily SOP starts itself), the staff course with its exam,
//! certificates, growth suggestions and printable checklists.

mod bank;
mod course;
mod defaults;
mod exam;
mod growth;
mod model;
mod print;
mod report;
mod runs;
mod staff;
mod templates;

pub use bank::{QUESTIONS, Question};
pub use course::{COURSE, CourseModule, course_modules, course_progress, set_module_status};
pub use defaults::{DEFAULT_TEMPLATES, load_defaults_once, restore_default_templates};
pub use exam::{
    EXAM_PASS_SCORE, EXAM_QUESTIONS, attempt_result, attempts, certificate_pdf, parse_answers,
    right_letters, start_exam, submit_exam,
};
pub use growth::{growth, level_criteria, set_level_criteria};
pub use model::*;
pub use print::{blank_sop_week_pdf, document_pdf, run_pdf};
pub use report::week_report;
pub use runs::{
    CATCHING_UP, delete_run, ensure_daily_sop, item_status, list_runs, run, run_views,
    set_item_done, set_item_note, start_run, todays_sop,
};
pub use staff::{add_staff, find_staff, list_staff, update_staff};
pub use templates::{
    add_template, delete_template, find_template, template, templates, update_template,
};

use crate::db::DbError;
use crate::error::{Code, FieldError};
use crate::shop::ShopError;

#[derive(Debug, thiserror::Error)]
pub enum TrainingError {
    #[error("{}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("；"))]
    Invalid(Vec<FieldError>),
    #[error("找不到{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Shop(#[from] ShopError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for TrainingError {
    fn from(e: rusqlite::Error) -> Self {
        TrainingError::Db(DbError::Sql(e))
    }
}

impl TrainingError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        TrainingError::Invalid(vec![FieldError::new(field, message)])
    }

    pub fn code(&self) -> Code {
        match self {
            TrainingError::Invalid(_) => Code::Validation,
            TrainingError::NotFound(_) => Code::NotFound,
            TrainingError::Conflict(_) => Code::Conflict,
            TrainingError::Shop(e) => e.code(),
            TrainingError::Db(e) => e.code(),
        }
    }

    pub fn fields(&self) -> Vec<FieldError> {
        match self {
            TrainingError::Invalid(errors) => errors.clone(),
            _ => Vec::new(),
        }
    }
}

/// Parses a YYYY-MM-DD date typed by the user, naming the field when it is wrong.
pub(crate) fn parse_day(
    field: &str,
    label: &str,
    text: &str,
) -> Result<chrono::NaiveDate, TrainingError> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        TrainingError::invalid(
            field,
            format!("{label}“{}”不是日期：请写成 2026-12-01 这样", text.trim()),
        )
    })
}

pub(crate) fn day_text(day: chrono::NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}
