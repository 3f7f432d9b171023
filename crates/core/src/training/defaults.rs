//! The checklist templates every shop starts with, written for this app from the
//! playbook's routines. Loaded once on first run; the shop may edit or delete them,
//! and "restore" brings back the deleted ones.

use chrono::{DateTime, Local};
use rusqlite::Connection;

use super::model::{TemplateInput, TemplateItem, TemplateKind};
use super::templates::{check, insert};
use crate::db::timestamp;
use crate::error::Error;
use crate::store::Store;

pub struct DefaultItem {
    pub section: &'static str,
    pub text: &'static str,
    pub day_offset: Option<i32>,
    pub window: Option<(&'static str, &'static str)>,
}

pub struct DefaultTemplate {
    /// Stable across versions.
    pub key: &'static str,
    pub name: &'static str,
    pub kind: TemplateKind,
    pub description: &'static str,
    pub items: &'static [DefaultItem],
}

/// An item of the daily SOP: on the run's day, inside a time window.
const fn at(
    section: &'static str,
    start: &'static str,
    end: &'static str,
    text: &'static str,
) -> DefaultItem {
    DefaultItem {
        section,
        text,
        day_offset: Some(0),
        window: Some((start, end)),
    }
}

/// An item due on a given day (counted from the start or the event).
const fn on(section: &'static str, day_offset: i32, text: &'static str) -> DefaultItem {
    DefaultItem {
        section,
        text,
        day_offset: Some(day_offset),
        window: None,
    }
}

/// An item with no date.
const fn any(section: &'static str, text: &'static str) -> DefaultItem {
    DefaultItem {
        section,
        text,
        day_offset: None,
        window: None,
    }
}

const MORNING: &str = "早间巡群";
const NOON: &str = "午间互动";
const AFTERNOON: &str = "下午推送";
const EVENING: &str = "晚间活动";
const NIGHT: &str = "夜间值守";

pub const DEFAULT_TEMPLATES: &[DefaultTemplate] = &[
    DefaultTemplate {
        key: "daily-sop",
        name: "每日SOP",
        kind: TemplateKind::DailySop,
        description: "每天五个时段的固定动作。打开软件时自动为每位在岗店员生成当天的一份。",
        items: &[
            at(
                MORNING,
                "09:00",
                "10:00",
                "在群里道声早安，顺带一句天气或出门提醒",
            ),
            at(
                MORNING,
                "09:00",
                "10:00",
                "翻完昨晚到现在的未读消息，顾客的问题逐条回复",
            ),
            at(
                MORNING,
                "09:00",
                "10:00",
                "看看有没有广告和刷屏，按群规提醒或移出",
            ),
            at(NOON, "12:00", "13:30", "按本周内容日历发出今天的话题"),
            at(
                NOON,
                "12:00",
                "13:30",
                "带一个轻松的小互动（签到、接龙或猜谜），参与的人记上积分",
            ),
            at(
                AFTERNOON,
                "15:00",
                "16:30",
                "分享一条产品小知识或顾客的真实使用案例，配上图",
            ),
            at(
                AFTERNOON,
                "15:00",
                "16:30",
                "私聊回访一两位最近买过东西的顾客，问问用得怎么样",
            ),
            at(
                EVENING,
                "19:30",
                "21:00",
                "按计划开展晚间活动：答疑、限时优惠或抽奖",
            ),
            at(
                EVENING,
                "19:30",
                "21:00",
                "活动结束后公布结果，谢谢参与的群友",
            ),
            at(
                NIGHT,
                "21:00",
                "23:00",
                "把今天没解决的问题记下来，写清明天由谁跟进",
            ),
            at(NIGHT, "21:00", "23:00", "准备好明天要发的文字和图片"),
            at(
                NIGHT,
                "21:00",
                "23:00",
                "记下今天的数据：进群、退群、说话人数、成交单数",
            ),
        ],
    },
    DefaultTemplate {
        key: "group-setup",
        name: "建群清单",
        kind: TemplateKind::GroupSetup,
        description: "新建一个群之前要想好、备好的事，做完一项勾一项。",
        items: &[
            any(
                "定位",
                "想清楚这个群给谁、帮他们解决什么，算活动群、服务群、销售群还是核心群",
            ),
            any(
                "定位",
                "定好进群门槛：直接进、审核进、付费进，还是完成任务才能进",
            ),
            any("门面", "按“店名＋用途＋编号”起群名，比如“花漾烘焙·福利1群”"),
            any("门面", "换上群头像，用店铺标志和主色，一眼认得出是我们家"),
            any(
                "门面",
                "写好群公告：群是做什么的、能得到什么、不许做什么和怎么处理、鼓励什么和奖励",
            ),
            any(
                "门面",
                "定好群规：五条左右，三次提醒再移出，问题 24 小时内答复",
            ),
            any("人手", "定下群主和管理员，排好早晚谁值班"),
            any("人手", "准备一两个能带动气氛的店员号，冷场时接得上话"),
            any("迎新", "准备新人欢迎语和进群见面礼"),
            any("迎新", "提醒新人把群昵称改成“名字＋小区＋职业”"),
            any("起步", "先拉二十位左右熟客进群做种子成员"),
            any(
                "起步",
                "在收银台、小票和包装袋上放进群二维码，并记下二维码的生成日期（7 天后失效）",
            ),
            any("起步", "排好第一周的内容日历"),
        ],
    },
    DefaultTemplate {
        key: "cold-start-30",
        name: "新店冷启动30天",
        kind: TemplateKind::ColdStart,
        description: "新店开业 30 天的节奏。目标：30 天 500 位会员，每天三成半的人参与，首月群里成交 88 单。",
        items: &[
            on(
                "种子用户（第1–7天）",
                0,
                "整理老顾客和亲友名单，一个个私聊邀请进群（先拉 50 人）",
            ),
            on(
                "种子用户（第1–7天）",
                0,
                "定好进群见面礼，每份成本控制在 3 元以内",
            ),
            on(
                "种子用户（第1–7天）",
                2,
                "收银台摆上进群立牌，导购结账时主动邀请",
            ),
            on(
                "种子用户（第1–7天）",
                4,
                "在群里办第一次小活动，让种子成员熟悉群的节奏",
            ),
            on(
                "种子用户（第1–7天）",
                6,
                "盘点第一周：进群多少人、多少人说过话，调整见面礼",
            ),
            on(
                "邀请推进（第8–15天）",
                7,
                "开启老带新：邀请一位朋友进群，两个人都有奖励",
            ),
            on(
                "邀请推进（第8–15天）",
                9,
                "找一两家隔壁商家谈异业合作，互相发进群卡",
            ),
            on("邀请推进（第8–15天）", 11, "在朋友圈和公众号发进群福利海报"),
            on(
                "邀请推进（第8–15天）",
                14,
                "中期检查：到没到 250 人？不够就加大邀请奖励",
            ),
            on("转化（第16–23天）", 15, "推出群内专属首单优惠"),
            on(
                "转化（第16–23天）",
                17,
                "做一次限时团购或秒杀，放在晚上人多的时候",
            ),
            on(
                "转化（第16–23天）",
                19,
                "晒单有礼：请买过的顾客说说用下来的感受",
            ),
            on(
                "转化（第16–23天）",
                22,
                "私聊还没下过单的群友，问问他们需要什么",
            ),
            on("留存（第24–30天）", 23, "开启每日签到和积分兑换"),
            on(
                "留存（第24–30天）",
                25,
                "挑出爱说话的顾客，请他们做 KOC，给专属福利",
            ),
            on(
                "留存（第24–30天）",
                27,
                "发一份 3 分钟能答完的小问卷，问问大家还想要什么",
            ),
            on(
                "留存（第24–30天）",
                29,
                "30 天复盘：会员数比 500 人目标、每日参与率、群内成交单数，定下个月计划",
            ),
        ],
    },
    DefaultTemplate {
        key: "launch-day",
        name: "爆款日",
        kind: TemplateKind::LaunchDay,
        description: "一款新品或主推品的上市节奏，日期从爆款日当天往前后推算。",
        items: &[
            on("T-7 预热", -7, "在群里发新品悬念图，先不说全"),
            on("T-7 预热", -7, "备好活动海报、推广话术和库存"),
            on("T-3 试用", -3, "请三到五位 KOC 先试用，写下真实的评价"),
            on("T-3 试用", -3, "把试用反馈整理成图文发到群里"),
            on("T-1 倒计时", -1, "发倒计时海报，开放预约登记"),
            on("T-1 倒计时", -1, "提醒预约过的顾客：明天几点开抢"),
            on("D 当天", 0, "开场时所有群和朋友圈同时发布"),
            on("D 当天", 0, "按会员等级给不同折扣，整点提醒一次"),
            on("D 当天", 0, "在群里随时更新剩余数量"),
            on("活动后", 1, "谢谢参与的顾客，公布活动成绩"),
            on("活动后", 2, "发起晒单评价，评价送积分"),
            on("活动后", 3, "复盘销量和顾客反馈，写下下次要改的地方"),
        ],
    },
    DefaultTemplate {
        key: "member-day",
        name: "会员日",
        kind: TemplateKind::MemberDay,
        description: "每月固定一天的会员日（比如每月 16 号）：提前两周预热，之后三天余温。",
        items: &[
            on("预热", -14, "定下本月会员日的主题和各等级的权益"),
            on("预热", -10, "准备海报和群里要发的话术"),
            on("预热", -7, "在群里发会员日预告"),
            on("预热", -3, "开启签到和邀请好友活动"),
            on("预热", -1, "发倒计时提醒，说清楚双倍积分的时间"),
            on("当天", 0, "早上发开场福利，中午和晚上各再推一次"),
            on("当天", 0, "按等级发专属优惠，银牌以上的会员私聊通知"),
            on("当天", 0, "当天消费积分翻倍，记得核对积分到账"),
            on("余温", 1, "谢谢大家参与，晒出会员日的热闹瞬间"),
            on("余温", 2, "给当天没赶上的会员补一份小福利"),
            on("余温", 3, "复盘：到店人数、销售额、新增会员"),
        ],
    },
    DefaultTemplate {
        key: "festival",
        name: "节日活动",
        kind: TemplateKind::Festival,
        description: "节日活动的六步，提前一个月开始准备，日期从节日当天推算。",
        items: &[
            on(
                "第一步 主题与目标",
                -30,
                "定下活动主题和能量化的目标：销售额、新会员还是曝光",
            ),
            on("第二步 优惠方案", -21, "设计优惠和奖品，把成本算清楚"),
            on("第三步 物料与话术", -14, "做好海报、群公告和推广话术"),
            on("第四步 推广排期", -7, "排出各个渠道的发布时间表，开始预热"),
            on(
                "第五步 监测与预案",
                0,
                "当天盯住数据，缺货、差评这些情况提前想好怎么应对",
            ),
            on("第六步 复盘", 3, "对照目标复盘，把做得好的和要改的都记下来"),
        ],
    },
];

pub(super) fn input_of(t: &DefaultTemplate) -> TemplateInput {
    TemplateInput {
        name: t.name.to_owned(),
        kind: Some(t.kind),
        event_based: false,
        description: t.description.to_owned(),
        items: t
            .items
            .iter()
            .map(|i| TemplateItem {
                section: i.section.to_owned(),
                text: i.text.to_owned(),
                day_offset: i.day_offset,
                window_start: i.window.map(|w| w.0.to_owned()),
                window_end: i.window.map(|w| w.1.to_owned()),
            })
            .collect(),
    }
}

/// Adds the shipped templates missing by key; a shop template already using one's
/// name keeps it (the shipped one is skipped). Returns how many were added.
fn add_missing(conn: &Connection, now: &str) -> Result<u32, Error> {
    let mut added = 0;
    for t in DEFAULT_TEMPLATES {
        let present: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM checklist_templates WHERE default_key = ?1 OR name = ?2)",
            [t.key, t.name],
            |r| r.get(0),
        )?;
        if present {
            continue;
        }
        insert(conn, &check(&input_of(t))?, Some(t.key), now)?;
        added += 1;
    }
    Ok(added)
}

/// Seeds the templates and the level criteria on the first run only.
pub fn load_defaults_once(conn: &Connection, now: DateTime<Local>) -> Result<(), Error> {
    let now = timestamp(now);
    crate::db::seed_once(conn, "training_library", &now, |tx| {
        add_missing(tx, &now)?;
        super::growth::seed_criteria(tx)?;
        Ok(())
    })
}

/// Brings back the shipped templates the shop deleted.
pub fn restore_default_templates(store: &Store, now: DateTime<Local>) -> Result<u32, Error> {
    let tx = crate::db::write_tx(store.conn())?;
    let added = add_missing(&tx, &timestamp(now))?;
    tx.commit()?;
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_template_passes_its_own_checks() {
        for t in DEFAULT_TEMPLATES {
            assert!(check(&input_of(t)).is_ok(), "{}", t.name);
        }
    }
}
