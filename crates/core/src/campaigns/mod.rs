//! 活动: campaigns planned from the calendar (a festival, the member day, a launch…),
//! each run against one SMART goal — a metric, a target, its dates — whose progress
//! is computed live from the shop's own ledgers, and closed with a 复盘 that freezes
//! the figures.

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{OptionalExtension, Row, params};

use crate::db::{timestamp, write_tx};
use crate::error::{Error, FieldError, Result};
use crate::store::Store;
use crate::text::{parse_named_day, parse_yuan};

mod goal;
mod model;
mod pdf;
pub use model::*;
pub use pdf::{export_pdf, file_name, pdf};

/// How long a campaign may run: a season's promotion at most.
const LONGEST_DAYS: i64 = 366;

/// A checked [`CampaignInput`].
struct Checked {
    name: String,
    kind: CampaignKind,
    festival: String,
    start: NaiveDate,
    end: NaiveDate,
    lure: String,
    rules: String,
    goal: Goal,
}

fn check(input: &CampaignInput) -> Result<Checked> {
    let mut wrong: Vec<FieldError> = Vec::new();
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        wrong.push(FieldError::new("name", "请填写活动名称"));
    } else if name.chars().count() > 40 {
        wrong.push(FieldError::new("name", "活动名称最多 40 个字"));
    }
    let kind = CampaignKind::parse(&input.kind);
    if kind.is_none() {
        wrong.push(FieldError::new(
            "kind",
            format!(
                "活动类型“{}”不认识，可选：节日、会员日、新品/爆款日、限时特惠、直播、老带新、其他",
                input.kind.trim()
            ),
        ));
    }
    let mut day = |field: &str, label: &str, text: &str| match parse_named_day(label, text) {
        Ok(d) => Some(d),
        Err(message) => {
            wrong.push(FieldError::new(field, message));
            None
        }
    };
    let start = day("start", "开始日期", &input.start);
    let end = day("end", "结束日期", &input.end);
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            wrong.push(FieldError::new("end", "结束日期不能早于开始日期"));
        } else if (e - s).num_days() >= LONGEST_DAYS {
            wrong.push(FieldError::new(
                "end",
                "一个活动最长一年，请把它拆成几个活动",
            ));
        }
    }
    let metric = GoalMetric::parse(&input.metric);
    if metric.is_none() {
        wrong.push(FieldError::new(
            "metric",
            "请选一个目标指标：销售额、新会员、核销数、老带新人数或到店消费会员数",
        ));
    }
    let target = metric.and_then(|m| {
        let parsed = match m {
            GoalMetric::Sales => parse_yuan(&input.target).map_err(|e| format!("目标{e}")),
            _ => input.target.trim().parse::<i64>().map_err(|_| {
                format!(
                    "目标“{}”请写一个整数，单位是{}",
                    input.target.trim(),
                    m.unit()
                )
            }),
        };
        match parsed {
            Ok(t) if t > 0 => Some(t),
            Ok(_) => {
                wrong.push(FieldError::new("target", "目标要大于 0"));
                None
            }
            Err(message) => {
                wrong.push(FieldError::new("target", message));
                None
            }
        }
    });
    if metric == Some(GoalMetric::Redemptions) && input.channels.is_empty() {
        wrong.push(FieldError::new(
            "channels",
            "核销数目标要关联至少一个邀请渠道：数的是这些渠道的邀请码",
        ));
    }
    match (kind, start, end, metric, target) {
        (Some(kind), Some(start), Some(end), Some(metric), Some(target)) if wrong.is_empty() => {
            Ok(Checked {
                name,
                kind,
                festival: input.festival.trim().to_owned(),
                start,
                end,
                lure: input.lure.trim().to_owned(),
                rules: input.rules.trim().to_owned(),
                goal: Goal { metric, target },
            })
        }
        _ => Err(Error::invalid_fields(wrong)),
    }
}

/// Writes the campaign's links; a link to something since deleted is refused.
fn write_links(tx: &rusqlite::Transaction, id: i64, input: &CampaignInput) -> Result<()> {
    let links: [(&str, &str, &[i64], &str, &str); 3] = [
        (
            "campaign_channels",
            "channel_id",
            &input.channels,
            "channels",
            "邀请渠道",
        ),
        (
            "campaign_posters",
            "design_id",
            &input.posters,
            "posters",
            "海报",
        ),
        (
            "campaign_phrases",
            "phrase_id",
            &input.phrases,
            "phrases",
            "话术",
        ),
    ];
    for (table, column, ids, field, label) in links {
        tx.execute(&format!("DELETE FROM {table} WHERE campaign_id = ?1"), [id])?;
        let mut stmt = tx.prepare(&format!(
            "INSERT OR IGNORE INTO {table} (campaign_id, {column}) VALUES (?1, ?2)"
        ))?;
        for other in ids {
            stmt.execute(params![id, other]).map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    Error::invalid(
                        field,
                        format!("关联的{label}（编号 {other}）已经不存在，请重新选择"),
                    )
                }
                other => Error::from(other),
            })?;
        }
    }
    Ok(())
}

pub fn add(store: &Store, input: &CampaignInput, now: DateTime<Local>) -> Result<Campaign> {
    save(store, None, input, now)
}

pub fn update(
    store: &Store,
    id: i64,
    input: &CampaignInput,
    now: DateTime<Local>,
) -> Result<Campaign> {
    save(store, Some(id), input, now)
}

/// Writes a new campaign (`id` `None`) or replaces what the owner typed for one; the
/// review and the checklist link stay as they are.
fn save(
    store: &Store,
    id: Option<i64>,
    input: &CampaignInput,
    now: DateTime<Local>,
) -> Result<Campaign> {
    let c = check(input)?;
    let tx = write_tx(store.conn())?;
    if let Some(id) = id {
        let found: Option<i64> = tx
            .query_row("SELECT id FROM campaigns WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        found.ok_or_else(|| not_found(id))?;
    }
    tx.execute(
        "INSERT INTO campaigns (id, name, kind, festival, start_on, end_on, lure, rules,
                                goal_metric, goal_target, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)
         ON CONFLICT (id) DO UPDATE SET
            name = excluded.name, kind = excluded.kind, festival = excluded.festival,
            start_on = excluded.start_on, end_on = excluded.end_on, lure = excluded.lure,
            rules = excluded.rules, goal_metric = excluded.goal_metric,
            goal_target = excluded.goal_target, updated_at = excluded.updated_at",
        params![
            id,
            c.name,
            c.kind.as_str(),
            c.festival,
            c.start.to_string(),
            c.end.to_string(),
            c.lure,
            c.rules,
            c.goal.metric.as_str(),
            c.goal.target,
            timestamp(now)
        ],
    )?;
    let id = id.unwrap_or_else(|| tx.last_insert_rowid());
    write_links(&tx, id, input)?;
    tx.commit()?;
    get(store, id, now.date_naive())
}

pub fn delete(store: &Store, id: i64) -> Result<()> {
    if store
        .conn()
        .execute("DELETE FROM campaigns WHERE id = ?1", [id])?
        == 0
    {
        return Err(not_found(id));
    }
    Ok(())
}

fn not_found(id: i64) -> Error {
    Error::not_found(format!("编号为 {id} 的活动"))
}

/// The stored row, before the figures.
struct Stored {
    id: i64,
    name: String,
    kind: CampaignKind,
    festival: String,
    start: NaiveDate,
    end: NaiveDate,
    lure: String,
    rules: String,
    goal: Goal,
    checklist_run_id: Option<i64>,
    review: Option<Review>,
    frozen: Option<Frozen>,
}

const COLUMNS: &str = "id, name, kind, festival, start_on, end_on, lure, rules, goal_metric,
    goal_target, checklist_run_id, review_worked, review_missed, review_figures, reviewed_at";

fn stored(row: &Row) -> rusqlite::Result<Stored> {
    let day = |i: usize| -> rusqlite::Result<NaiveDate> {
        let text: String = row.get(i)?;
        text.parse().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    };
    let kind: String = row.get(2)?;
    let metric: String = row.get(8)?;
    let reviewed_at: Option<String> = row.get(14)?;
    let frozen: Option<String> = row.get(13)?;
    Ok(Stored {
        id: row.get(0)?,
        name: row.get(1)?,
        kind: CampaignKind::parse(&kind).unwrap_or(CampaignKind::Other),
        festival: row.get(3)?,
        start: day(4)?,
        end: day(5)?,
        lure: row.get(6)?,
        rules: row.get(7)?,
        goal: Goal {
            metric: GoalMetric::parse(&metric).unwrap_or(GoalMetric::Sales),
            target: row.get(9)?,
        },
        checklist_run_id: row.get(10)?,
        review: match reviewed_at {
            Some(reviewed_at) => Some(Review {
                worked: row.get(11)?,
                missed: row.get(12)?,
                reviewed_at,
            }),
            None => None,
        },
        frozen: frozen.and_then(|f| serde_json::from_str(&f).ok()),
    })
}

fn links(store: &Store, table: &str, column: &str, id: i64) -> Result<Vec<i64>> {
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT {column} FROM {table} WHERE campaign_id = ?1 ORDER BY {column}"
    ))?;
    let ids = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}

/// A campaign with its goal's figures as of `today`.
pub fn get(store: &Store, id: i64, today: NaiveDate) -> Result<Campaign> {
    let s = store
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM campaigns WHERE id = ?1"),
            [id],
            stored,
        )
        .optional()?
        .ok_or_else(|| not_found(id))?;
    view(store, s, today)
}

fn view(store: &Store, s: Stored, today: NaiveDate) -> Result<Campaign> {
    let channels = links(store, "campaign_channels", "channel_id", s.id)?;
    let status = CampaignStatus::of(s.start, s.end, today);
    let (figures, days) = match &s.frozen {
        Some(frozen) => {
            let by_day = frozen.days.iter().copied().collect();
            (
                frozen.figures,
                goal::days(&by_day, s.goal.metric, s.start, s.end),
            )
        }
        None => {
            let until = s.end.min(today);
            let measured = goal::measure(store.conn(), s.start, until, &channels)?;
            let days = goal::days(&measured.by_day, s.goal.metric, s.start, until);
            (measured.figures, days)
        }
    };
    let actual = figures.get(s.goal.metric);
    let days_left = match status {
        CampaignStatus::Ended => 0,
        _ => u32::try_from((s.end - today.max(s.start)).num_days() + 1).unwrap_or(0),
    };
    let pace_needed = (status != CampaignStatus::Ended)
        .then(|| (s.goal.target - actual).max(0) as f64 / f64::from(days_left.max(1)));
    Ok(Campaign {
        id: s.id,
        name: s.name,
        kind: s.kind,
        start: s.start,
        end: s.end,
        goal: s.goal,
        actual,
        progress: actual as f64 / s.goal.target as f64,
        status,
        festival: s.festival,
        lure: s.lure,
        rules: s.rules,
        posters: links(store, "campaign_posters", "design_id", s.id)?,
        phrases: links(store, "campaign_phrases", "phrase_id", s.id)?,
        channels,
        checklist_run_id: s.checklist_run_id,
        figures,
        days,
        days_left,
        pace_needed,
        review: s.review,
    })
}

/// Every campaign, the latest start first.
pub fn list(store: &Store, today: NaiveDate) -> Result<Vec<Campaign>> {
    let mut stmt = store.conn().prepare(&format!(
        "SELECT {COLUMNS} FROM campaigns ORDER BY start_on DESC, id DESC"
    ))?;
    let rows = stmt
        .query_map([], stored)?
        .collect::<rusqlite::Result<Vec<Stored>>>()?;
    rows.into_iter().map(|s| view(store, s, today)).collect()
}

/// A campaign's name and dates, for the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub id: i64,
    pub name: String,
    /// The festival it was planned for ('' for none).
    pub festival: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// Campaigns whose dates meet `from..=to`, by start.
pub fn spans(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<Span>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT id, name, festival, start_on, end_on FROM campaigns
          WHERE start_on <= ?2 AND end_on >= ?1 ORDER BY start_on, id",
    )?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut list = Vec::new();
    for row in rows {
        let (id, name, festival, start, end) = row?;
        if let (Ok(start), Ok(end)) = (start.parse(), end.parse()) {
            list.push(Span {
                id,
                name,
                festival,
                start,
                end,
            });
        }
    }
    Ok(list)
}

/// 复盘: what worked and what did not, once the campaign has ended. The first
/// review freezes the figures as they stand; a later edit changes only the words.
pub fn review(
    store: &Store,
    id: i64,
    worked: &str,
    missed: &str,
    now: DateTime<Local>,
) -> Result<Campaign> {
    let today = now.date_naive();
    let campaign = get(store, id, today)?;
    if campaign.status != CampaignStatus::Ended {
        return Err(Error::conflict(format!(
            "“{}”{}才结束，结束后再写复盘",
            campaign.name, campaign.end
        )));
    }
    let measured = goal::measure(
        store.conn(),
        campaign.start,
        campaign.end,
        &campaign.channels,
    )?;
    let frozen = Frozen {
        figures: measured.figures,
        days: measured.by_day.into_iter().collect(),
    };
    let frozen = serde_json::to_string(&frozen)
        .map_err(|e| Error::internal("复盘数据没能保存").with_source(e))?;
    store.conn().execute(
        "UPDATE campaigns SET review_worked = ?2, review_missed = ?3,
                review_figures = COALESCE(review_figures, ?4),
                reviewed_at = COALESCE(reviewed_at, ?5), updated_at = ?5
          WHERE id = ?1",
        params![id, worked.trim(), missed.trim(), frozen, timestamp(now)],
    )?;
    get(store, id, today)
}

/// Starts the checklist that goes with the campaign's kind for `staff_id` and links
/// it to the campaign. Its dates count from the event: a launch's or member day's
/// first day (D), a festival campaign's last day (the festival itself, as the
/// calendar drafts it: the days up to the festival).
pub fn start_checklist(
    store: &Store,
    id: i64,
    staff_id: i64,
    now: DateTime<Local>,
) -> Result<Campaign> {
    let today = now.date_naive();
    let campaign = get(store, id, today)?;
    let Some(key) = campaign.kind.checklist_key() else {
        return Err(Error::validation(format!(
            "{}活动没有配套清单；可以在“培训”里按需要派一份",
            campaign.kind.label()
        )));
    };
    let template = crate::training::find_template(store, key)?;
    let run = crate::training::start_run(
        store,
        &crate::training::StartRun {
            template_id: template.id,
            staff_id,
            date: String::new(),
            event_date: match campaign.kind {
                CampaignKind::Festival => campaign.end,
                _ => campaign.start,
            }
            .to_string(),
        },
        now,
    )?;
    store.conn().execute(
        "UPDATE campaigns SET checklist_run_id = ?2 WHERE id = ?1",
        params![id, run.id],
    )?;
    get(store, id, today)
}
