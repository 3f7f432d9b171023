use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The shop team's roles, as the roster offers them.
pub const ROLES: [&str; 5] = [
    "社群总负责人",
    "社群运营专员",
    "用户服务专员",
    "数据分析专员",
    "门店导购",
];

/// The staff growth path, lowest first.
pub const LEVELS: [&str; 4] = [
    "初级群管理员",
    "中级社群运营",
    "高级社群主理",
    "社群运营专家",
];

/// A staff member. `shequn staff list --json` prints these (a contract: `id`,
/// `name`, `role`, `level`, `started_on`, `active` keep their meaning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StaffView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub role: String,
    pub level: String,
    /// YYYY-MM-DD.
    pub started_on: String,
    pub active: bool,
}

/// What the owner types to add or edit a staff member; empty level means the first
/// level, empty start date means today.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewStaff {
    pub name: String,
    pub role: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub started_on: String,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// What a checklist template is for; decides how its dates are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TemplateKind {
    DailySop,
    GroupSetup,
    ColdStart,
    LaunchDay,
    MemberDay,
    Festival,
    Custom,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 7] = [
        TemplateKind::DailySop,
        TemplateKind::GroupSetup,
        TemplateKind::ColdStart,
        TemplateKind::LaunchDay,
        TemplateKind::MemberDay,
        TemplateKind::Festival,
        TemplateKind::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::DailySop => "daily_sop",
            TemplateKind::GroupSetup => "group_setup",
            TemplateKind::ColdStart => "cold_start",
            TemplateKind::LaunchDay => "launch_day",
            TemplateKind::MemberDay => "member_day",
            TemplateKind::Festival => "festival",
            TemplateKind::Custom => "custom",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TemplateKind::DailySop => "每日SOP",
            TemplateKind::GroupSetup => "建群",
            TemplateKind::ColdStart => "冷启动",
            TemplateKind::LaunchDay => "爆款日",
            TemplateKind::MemberDay => "会员日",
            TemplateKind::Festival => "节日活动",
            TemplateKind::Custom => "自定义",
        }
    }

    pub fn parse(text: &str) -> Option<TemplateKind> {
        let text = text.trim();
        TemplateKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text || k.label() == text)
    }

    /// What the event date is called on forms ("爆款日日期").
    pub fn event_label(self) -> &'static str {
        match self {
            TemplateKind::LaunchDay => "爆款日日期",
            TemplateKind::MemberDay => "会员日日期",
            TemplateKind::Festival => "节日日期",
            _ => "活动日期",
        }
    }
}

/// One line of a template. `day_offset` counts days from the run's start (or from
/// the event for event-based templates; negative is before it); `None` means the
/// item has no date. The window is a time span on the item's day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TemplateItem {
    #[serde(default)]
    pub section: String,
    pub text: String,
    #[serde(default)]
    pub day_offset: Option<i32>,
    /// HH:MM.
    #[serde(default)]
    pub window_start: Option<String>,
    #[serde(default)]
    pub window_end: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TemplateView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub kind: TemplateKind,
    pub kind_label: String,
    /// Item dates count from an event date the run is given.
    pub event_based: bool,
    pub description: String,
    /// One we ship (edited or not).
    pub is_default: bool,
    pub items: Vec<TemplateItem>,
    pub updated_at: String,
}

/// What the owner saves when adding or editing a template.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TemplateInput {
    pub name: String,
    #[ts(optional)]
    pub kind: Option<TemplateKind>,
    #[serde(default)]
    pub event_based: bool,
    #[serde(default)]
    pub description: String,
    pub items: Vec<TemplateItem>,
}

/// Where an item stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ItemStatus {
    Done,
    /// Not done and its time window (or its day) is over.
    Overdue,
    /// Its window is open now (or it is due today and has no window).
    Due,
    /// Its day or window is still ahead.
    Upcoming,
    /// No date: do it when it suits.
    Open,
}

/// One item of a run. `id` is its number within the run (1, 2, ...), what
/// `shequn checklists tick RUN ITEM` takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RunItemView {
    pub id: u32,
    pub section: String,
    pub text: String,
    /// YYYY-MM-DD, or none for an undated item.
    pub date: Option<String>,
    pub window_start: Option<String>,
    pub window_end: Option<String>,
    pub done: bool,
    pub done_at: Option<String>,
    /// The name of who ticked it.
    pub done_by: Option<String>,
    pub note: String,
    pub status: ItemStatus,
}

/// A run without its items, for lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RunSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub template: String,
    pub kind: TemplateKind,
    #[ts(type = "number")]
    pub staff_id: i64,
    pub staff: String,
    /// The day it was started for (YYYY-MM-DD).
    pub date: String,
    /// The launch day, member day or festival it counts from.
    pub event_date: Option<String>,
    pub done: u32,
    pub total: u32,
    /// Whole percent of items done, rounded down (100 only when all are done).
    pub percent: u32,
    pub overdue: u32,
}

/// A started checklist: its summary (flattened: the JSON has one level) and its
/// items. `shequn checklists show RUN --json` prints this (a contract: `id`,
/// `template`, `staff`, `date`, `items` with `id`, `text`, `date`, `done` keep their
/// meaning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RunView {
    #[serde(flatten)]
    pub summary: RunSummary,
    #[ts(type = "number | null")]
    pub template_id: Option<i64>,
    pub items: Vec<RunItemView>,
}

/// `run.id`, `run.staff`… read through to the summary.
impl std::ops::Deref for RunView {
    type Target = RunSummary;

    fn deref(&self) -> &RunSummary {
        &self.summary
    }
}

/// Which runs to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RunQuery {
    #[ts(optional, type = "number")]
    pub staff_id: Option<i64>,
    /// Runs started on or after this day (YYYY-MM-DD).
    #[ts(optional)]
    pub from: Option<String>,
    /// Runs started on or before this day.
    #[ts(optional)]
    pub to: Option<String>,
    #[ts(optional)]
    pub kind: Option<TemplateKind>,
}

/// Starting a run: for whom, which day, and the event date for event-based
/// templates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StartRun {
    #[ts(type = "number")]
    pub template_id: i64,
    #[ts(type = "number")]
    pub staff_id: i64,
    /// YYYY-MM-DD; empty: today.
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub event_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Completion {
    pub done: u32,
    pub total: u32,
    pub percent: u32,
}

/// One staff member's week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StaffWeek {
    #[ts(type = "number")]
    pub staff_id: i64,
    pub staff: String,
    pub runs: u32,
    pub completion: Completion,
    /// Daily SOPs of the week with every item done.
    pub full_sop_days: u32,
    /// Completion of each day Monday to Sunday (items dated that day).
    pub days: Vec<Completion>,
}

/// Completion for the week (Monday to Sunday) holding a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WeekReport {
    pub week_start: String,
    pub week_end: String,
    pub overall: Completion,
    pub staff: Vec<StaffWeek>,
}

/// A module of the staff course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CourseModuleView {
    pub key: String,
    pub title: String,
    pub text: String,
    pub questions: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ModuleStatus {
    NotStarted,
    InProgress,
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ModuleProgress {
    pub key: String,
    pub title: String,
    pub status: ModuleStatus,
    pub started_on: Option<String>,
    pub done_on: Option<String>,
}

/// One question as the staff member sees it: no answer in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExamQuestion {
    pub id: u32,
    pub text: String,
    pub options: Vec<String>,
    pub multiple: bool,
}

/// `shequn exam start --json` (a contract: `attempt` and `questions` with `id`,
/// `text`, `options`, `multiple`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExamPaper {
    #[ts(type = "number")]
    pub attempt: i64,
    pub staff: String,
    pub questions: Vec<ExamQuestion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QuestionResult {
    /// 1-based position in the paper.
    pub no: u32,
    pub id: u32,
    pub module: String,
    pub text: String,
    pub options: Vec<String>,
    pub multiple: bool,
    /// The letters given ("" when left blank).
    pub answer: String,
    pub correct_answer: String,
    pub correct: bool,
    pub explanation: String,
}

/// `shequn exam submit --json` (a contract: `score`, `passed`, `results`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExamResult {
    #[ts(type = "number")]
    pub attempt: i64,
    pub staff: String,
    pub score: u32,
    pub passed: bool,
    pub submitted_at: String,
    pub results: Vec<QuestionResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttemptSummary {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub staff_id: i64,
    pub staff: String,
    pub level: String,
    pub started_at: String,
    pub submitted_at: Option<String>,
    pub score: Option<u32>,
    pub passed: Option<bool>,
}

/// What a staff member needs before the app suggests a level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LevelCriteria {
    pub level: String,
    /// Best exam score at least this (and passed).
    pub min_exam_score: u32,
    /// Daily SOPs with every item done.
    pub min_sop_days: u32,
    /// Every course module done.
    pub course_done: bool,
    /// Months since starting.
    pub min_months: u32,
}

/// A staff member's standing against the next level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GrowthView {
    #[ts(type = "number")]
    pub staff_id: i64,
    pub staff: String,
    pub level: String,
    pub next_level: Option<String>,
    pub best_score: Option<u32>,
    pub sop_days: u32,
    pub modules_done: u32,
    pub modules_total: u32,
    pub months: u32,
    /// What is still missing for the next level, in words.
    pub missing: Vec<String>,
    /// Set when every criterion of the next level is met.
    pub suggestion: Option<String>,
}

/// A printable training document, for the app's save and print buttons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum TrainingDocument {
    /// A checklist run on A4.
    Run {
        #[ts(type = "number")]
        id: i64,
    },
    /// A blank week of the daily SOP holding this day (YYYY-MM-DD; empty: this week).
    BlankWeek { date: String },
    /// The certificate of a passed exam.
    Certificate {
        #[ts(type = "number")]
        attempt: i64,
    },
}

/// One question of the exam's bank (`bank::QUESTIONS`).
pub struct Question {
    /// Stable across versions.
    pub id: u32,
    pub module: &'static str,
    pub text: &'static str,
    pub options: &'static [&'static str],
    pub answer: &'static str,
    pub explanation: &'static str,
}

impl Question {
    pub fn multiple(&self) -> bool {
        self.answer.len() > 1
    }
}
