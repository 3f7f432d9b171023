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

use crate::error::Error;
pub use bank::QUESTIONS;
pub use course::{COURSE, CourseModule, course_modules, course_progress, set_module_status};
pub use defaults::{DEFAULT_TEMPLATES, load_defaults_once, restore_default_templates};
pub use exam::{
    EXAM_PASS_SCORE, EXAM_QUESTIONS, attempt_result, attempts, certificate_pdf, parse_answers,
    right_letters, start_exam, submit_exam,
};
pub use growth::{growth, level_criteria, set_level_criteria};
pub use model::Question;
pub use model::*;
pub use print::{blank_sop_week_pdf, document_pdf, run_pdf};
pub(crate) use report::figures as period_figures;
pub use report::{TrainingFigures, week_report};
pub use runs::{
    CATCHING_UP, delete_run, ensure_daily_sop, item_status, list_runs, run, run_views,
    set_item_done, set_item_note, start_run, todays_sop,
};
pub use staff::{add_staff, find_staff, list_staff, update_staff};
pub use templates::{
    add_template, delete_template, find_template, template, templates, update_template,
};

/// Parses a YYYY-MM-DD date typed by the user, naming the field when it is wrong.
pub(crate) fn parse_day(field: &str, label: &str, text: &str) -> Result<chrono::NaiveDate, Error> {
    crate::text::parse_named_day(label, text).map_err(|message| Error::invalid(field, message))
}
