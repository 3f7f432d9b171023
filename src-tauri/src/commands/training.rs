//! 培训与SOP commands: each a few lines over `shequn_core::training`.

use serde::Serialize;
use shequn_core::training::{
    self, AttemptSummary, CourseModuleView, ExamPaper, ExamResult, GrowthView, LevelCriteria,
    ModuleProgress, ModuleStatus, NewStaff, RunQuery, RunSummary, RunView, StaffView, StartRun,
    TemplateInput, TemplateView, TrainingDocument, WeekReport,
};
use tauri::{AppHandle, State};
use ts_rs::TS;

use crate::commands::files::{pick_save, print_kept_copy, write_file};
use crate::error::IpcError;
use crate::state::AppState;
use shequn_core::Error;

#[tauri::command]
pub async fn staff_list(
    state: State<'_, AppState>,
    include_inactive: bool,
) -> Result<Vec<StaffView>, IpcError> {
    state.with_store(|s| training::list_staff(s, include_inactive))
}

#[tauri::command]
pub async fn staff_add(state: State<'_, AppState>, staff: NewStaff) -> Result<StaffView, IpcError> {
    state.with_store(|s| training::add_staff(s, &staff, crate::clock::now()))
}

#[tauri::command]
pub async fn staff_update(
    state: State<'_, AppState>,
    id: i64,
    staff: NewStaff,
) -> Result<StaffView, IpcError> {
    state.with_store(|s| training::update_staff(s, id, &staff, crate::clock::now()))
}

#[tauri::command]
pub async fn staff_growth(state: State<'_, AppState>) -> Result<Vec<GrowthView>, IpcError> {
    state.with_store(|s| training::growth(s, crate::clock::now()))
}

#[tauri::command]
pub async fn level_criteria_get(
    state: State<'_, AppState>,
) -> Result<Vec<LevelCriteria>, IpcError> {
    state.with_store(training::level_criteria)
}

#[tauri::command]
pub async fn level_criteria_set(
    state: State<'_, AppState>,
    criteria: Vec<LevelCriteria>,
) -> Result<Vec<LevelCriteria>, IpcError> {
    state.with_store(|s| training::set_level_criteria(s, &criteria))
}

#[tauri::command]
pub async fn checklist_templates(
    state: State<'_, AppState>,
) -> Result<Vec<TemplateView>, IpcError> {
    state.with_store(training::templates)
}

#[tauri::command]
pub async fn checklist_template_add(
    state: State<'_, AppState>,
    template: TemplateInput,
) -> Result<TemplateView, IpcError> {
    state.with_store(|s| training::add_template(s, &template, crate::clock::now()))
}

#[tauri::command]
pub async fn checklist_template_update(
    state: State<'_, AppState>,
    id: i64,
    template: TemplateInput,
) -> Result<TemplateView, IpcError> {
    state.with_store(|s| training::update_template(s, id, &template, crate::clock::now()))
}

#[tauri::command]
pub async fn checklist_template_delete(
    state: State<'_, AppState>,
    id: i64,
) -> Result<(), IpcError> {
    state.with_store(|s| training::delete_template(s, id))
}

#[tauri::command]
pub async fn checklist_templates_restore(state: State<'_, AppState>) -> Result<u32, IpcError> {
    state.with_store(|s| training::restore_default_templates(s, crate::clock::now()))
}

/// Today's daily SOPs, starting any not yet started (a staff member added today, or
/// the app left open past midnight).
#[tauri::command]
pub async fn checklists_today(state: State<'_, AppState>) -> Result<Vec<RunView>, IpcError> {
    state.with_store(|s| training::todays_sop(s, crate::clock::now()))
}

#[tauri::command]
pub async fn checklists_list(
    state: State<'_, AppState>,
    query: RunQuery,
) -> Result<Vec<RunSummary>, IpcError> {
    state.with_store(|s| training::list_runs(s, &query, crate::clock::now()))
}

#[tauri::command]
pub async fn checklists_get(state: State<'_, AppState>, id: i64) -> Result<RunView, IpcError> {
    state.with_store(|s| training::run(s, id, crate::clock::now()))
}

#[tauri::command]
pub async fn checklists_start(
    state: State<'_, AppState>,
    start: StartRun,
) -> Result<RunView, IpcError> {
    state.with_store(|s| training::start_run(s, &start, crate::clock::now()))
}

#[tauri::command]
pub async fn checklists_tick(
    state: State<'_, AppState>,
    run: i64,
    item: u32,
    done: bool,
    by: Option<i64>,
    catching_up: bool,
) -> Result<RunView, IpcError> {
    state.with_store(|s| {
        training::set_item_done(s, run, item, done, by, catching_up, crate::clock::now())
    })
}

#[tauri::command]
pub async fn checklists_note(
    state: State<'_, AppState>,
    run: i64,
    item: u32,
    note: String,
) -> Result<RunView, IpcError> {
    state.with_store(|s| training::set_item_note(s, run, item, &note, crate::clock::now()))
}

#[tauri::command]
pub async fn checklists_delete(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    state.with_store(|s| training::delete_run(s, id))
}

#[tauri::command]
pub async fn checklists_week(
    state: State<'_, AppState>,
    date: Option<String>,
) -> Result<WeekReport, IpcError> {
    let today = crate::clock::now().date_naive();
    let day =
        shequn_core::text::day_or(date.as_deref(), today).map_err(|m| Error::invalid("date", m))?;
    state.with_store(|s| training::week_report(s, day))
}

#[tauri::command]
pub fn course_modules() -> Vec<CourseModuleView> {
    training::course_modules()
}

#[tauri::command]
pub async fn course_progress(
    state: State<'_, AppState>,
    staff_id: i64,
) -> Result<Vec<ModuleProgress>, IpcError> {
    state.with_store(|s| training::course_progress(s, staff_id))
}

#[tauri::command]
pub async fn course_set_status(
    state: State<'_, AppState>,
    staff_id: i64,
    module: String,
    status: ModuleStatus,
) -> Result<Vec<ModuleProgress>, IpcError> {
    state.with_store(|s| {
        training::set_module_status(s, staff_id, &module, status, crate::clock::now())
    })
}

#[tauri::command]
pub async fn exam_start(state: State<'_, AppState>, staff_id: i64) -> Result<ExamPaper, IpcError> {
    state.with_store(|s| training::start_exam(s, staff_id, crate::clock::now()))
}

#[tauri::command]
pub async fn exam_submit(
    state: State<'_, AppState>,
    attempt: i64,
    answers: Vec<String>,
) -> Result<ExamResult, IpcError> {
    state.with_store(|s| training::submit_exam(s, attempt, &answers, crate::clock::now()))
}

#[tauri::command]
pub async fn exam_attempts(
    state: State<'_, AppState>,
    staff_id: Option<i64>,
) -> Result<Vec<AttemptSummary>, IpcError> {
    state.with_store(|s| training::attempts(s, staff_id))
}

#[tauri::command]
pub async fn exam_result(state: State<'_, AppState>, attempt: i64) -> Result<ExamResult, IpcError> {
    state.with_store(|s| training::attempt_result(s, attempt))
}

/// Saves a checklist, a blank SOP week or a certificate as PDF where the owner
/// chooses; `None` when cancelled.
#[tauri::command]
pub async fn training_pdf_save(
    app: AppHandle,
    state: State<'_, AppState>,
    document: TrainingDocument,
) -> Result<Option<String>, IpcError> {
    let (name, pdf) =
        state.with_store(|s| training::document_pdf(s, &document, crate::clock::now()))?;
    let Some(path) = pick_save(app, "保存 PDF", &name, "PDF 文件", &["pdf"]).await? else {
        return Ok(None);
    };
    write_file(&path, &pdf)?;
    Ok(Some(path.display().to_string()))
}

/// A document sent to the printer: the kept copy and the OS's job id.
#[derive(Serialize, TS)]
#[ts(export)]
pub struct Printed {
    path: String,
    job: String,
}

/// Prints a training document through the OS; its copy stays under `printed/`.
#[tauri::command]
pub async fn training_pdf_print(
    state: State<'_, AppState>,
    document: TrainingDocument,
    printer: Option<String>,
    copies: u32,
) -> Result<Printed, IpcError> {
    let (name, pdf) =
        state.with_store(|s| training::document_pdf(s, &document, crate::clock::now()))?;
    let (path, job) = print_kept_copy(&state, &name, &pdf, printer, copies).await?;
    Ok(Printed {
        path: path.display().to_string(),
        job,
    })
}

// What this module's commands take and return (generated by build.rs; tests only).
include!(concat!(env!("OUT_DIR"), "/signatures/training.rs"));
