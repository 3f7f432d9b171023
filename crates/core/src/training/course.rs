//! The staff course: the modules of the outline, each with a short study text we
//! wrote, and each staff member's progress through them.

use chrono::{DateTime, Local};
use rusqlite::params;

use super::model::{CourseModuleView, ModuleProgress, ModuleStatus};
use super::staff::get_staff;
use crate::error::Error;
use crate::store::Store;
use crate::text::day_text;

pub struct CourseModule {
    /// Stable across versions; questions and progress refer to it.
    pub key: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

const fn m(key: &'static str, title: &'static str, text: &'static str) -> CourseModule {
    CourseModule { key, title, text }
}

pub const COURSE: &[CourseModule] = &[
    m(
        "value",
        "社群的价值与群的类型",
        "社群把来过店里的顾客留在身边：有新品能第一时间告诉他们，有问题能随时答，老顾客还会把朋友带来。按用途，群大致分四种：活动群来得快、散得也快；服务群给买过的顾客长期服务，适合低频高价的店；销售群常推优惠，适合天天要买的东西；核心群只收消费多、说话有分量的人，给专属服务。一个微信群最多 500 人，顾客多了就开新群，群名统一用“店名＋用途＋编号”。每个群都会经历建群、活跃、裂变、转化、维护几个阶段，每个阶段要做的事不一样。",
    ),
    m(
        "team",
        "团队分工与成长路径",
        "小店也要分清谁管什么：社群总负责人定方向和指标，社群运营专员做内容和活动，用户服务专员负责每天回复，数据分析专员看数据，门店导购把店里的顾客带进群、把群里的顾客带回店。群里的角色也要安排好：群主和管理员管秩序，客服答疑，主持人带节奏，KOC 和有分量的老顾客带动气氛。店员按“初级群管理员 → 中级社群运营 → 高级社群主理 → 社群运营专家”一步步成长，每一级都看考试成绩和实际做成的事。",
    ),
    m(
        "members",
        "会员画像、等级与积分",
        "了解顾客才能说到他心里：年龄、性别、住在哪一片，买过什么、多久来一次，喜欢什么。等级按一年的消费分：钻石 10 万以上，金牌 5 万到 10 万，银牌 2 万到 5 万，铜牌 5 千到 2 万，其余是普通会员，门槛可以按店里情况改。积分来自消费、群里互动、完成任务、分享和邀请好友，可以换礼品、优惠券和抽奖机会；发多少、换多少要平衡，别让积分不值钱。生日当月记得邀请，久不来的顾客要唤醒，退群的要记下原因。顾客手机号属于个人信息，打印和导出默认隐去中间几位。",
    ),
    m(
        "content",
        "内容日历与每日SOP",
        "群不能想起来才说话。一周的内容可以这样排：周一产品知识，周二顾客故事，周三福利和小游戏，周四答疑，周五聊热门话题，周六促销，周日回顾本周、预告下周。大节日提前一个月规划。每天按五个时段做事：09:00–10:00 早间巡群，问好、回复；12:00–13:30 午间互动；15:00–16:30 下午推送知识和案例；19:30–21:00 晚间活动；21:00–23:00 夜间值守，收集问题、准备明天的内容、记下当天数据。",
    ),
    m(
        "campaign",
        "活动策划与节日营销",
        "一场活动先定目标：卖货、拉新还是曝光，目标要具体、能衡量、做得到、和生意相关、有截止时间。然后想清楚最吸引人的那一点，规则越简单越好，再把所有渠道都用上推广，过程中盯数据随时调整。一年里的节日按季度排好，春节、清明、七夕、中秋按农历，每年日期不同。节日活动走六步：主题和目标、优惠方案、物料和话术、推广排期、监测和预案、复盘。抽奖可以让人人都中一个小奖，再加一点钱就能升级成大奖。",
    ),
    m(
        "games",
        "互动玩法与红包",
        "让群活起来靠日常的小互动：连续签到、每周话题、月度排行榜（消费之星、分享之星）、猜谜和找不同、接龙。红包分三种用法：欢迎新人发固定金额，活动时发拼手气，会员按等级发。午饭和晚上是发红包的高峰。想靠红包带动下单，金额大约是客单价的 8% 到 12% 最合适，太少没人动，太多不划算。",
    ),
    m(
        "koc",
        "KOC/KOL 与导购转化",
        "KOC 是说话有分量的普通顾客，KOL 是某方面的行家。他们一句真心推荐，比店员说十句都管用。人选先从店员和金牌会员里挑，给他们专属福利和新品试用，请他们分享真实感受。导购是线上线下之间的桥：结账时邀请顾客进群，群里看中了的顾客来店时接待好、促成交，再引导晒单。转化的顺序是先问需求，再推荐合适的，最后给一个促成的小福利，并打消顾客的顾虑。",
    ),
    m(
        "fission",
        "拉新、裂变与异业合作",
        "店里拉新：收银台放二维码立牌，结账时导购邀请，小票上印二维码，包装袋上印群信息。一份成本 3 元以内的小礼物就能让大多数顾客愿意进群。异业合作是和隔壁不同行业的店互相导客，比如美容院和内衣店、餐厅和水果店：顾客在合作店扫码进群，再到我们店领礼物。老带新要双方都有好处，奖励分档，好友充值时给邀请人更大的奖励。注意：微信群自己的二维码 7 天后失效，人多的群也不能扫码进，所以门店常印店员或企业微信的二维码。",
    ),
    m(
        "scripts",
        "话术、群公告与群规",
        "话术库是大家一起攒下的好说法：欢迎新人、推活动、处理问题、引导成交、提醒通知、节日和生日祝福。用的时候要换上对方的名字、合适的优惠和截止日期，不能原样硬贴。群公告分四部分：群是做什么的，进群能得到什么，禁止什么（比如发广告）和怎么处理，鼓励什么和有什么奖励。群规五条左右，违规先提醒，三次后再移出，承诺 24 小时内答复。新人进群的头 24 小时印象最深，群规要在这时候让他看到，并请他把昵称改成“名字＋小区＋职业”。",
    ),
    m(
        "problems",
        "常见问题处理",
        "冷场：抛一个热门话题或小游戏，平时靠内容日历预防。广告刷屏：删掉、提醒，屡犯的移出，也可以设关键词提醒。顾客投诉：别在群里争，马上私聊，尽快解决，再回群里告诉大家处理好了。骚扰别人：直接移出并拉黑，进群时就做好审核。有人退群：私下问问原因，记下来改进。处理问题的话术要先道歉、再说明、给出办法，最后问一句满不满意。",
    ),
    m(
        "cases",
        "冷启动、唤醒、爆款日与会员日",
        "新店冷启动：30 天做到 500 位会员，每天三成半的人参与，首月群里成交 88 单，分种子用户、邀请推进、转化、留存四个阶段。唤醒沉睡顾客：私聊问候，送一份专属小福利，问问为什么不来了，邀请参加会员日。爆款日：T-7 发悬念预热，T-3 请 KOC 试用写评价，T-1 倒计时开预约，当天全渠道发布并按等级给折扣，之后晒单送积分。会员日：每月固定一天，提前两周预热，当天积分翻倍，之后三天余温。反面例子：20 天靠大福利拉到 3000 人，互动从 45% 掉到 8%，成交不到 1%，说明只拉人不运营留不住。",
    ),
    m(
        "material",
        "素材、海报与图片版权",
        "把常用的海报做成模板：标志、品牌色、字体和版式固定，商品、日期和价格替换。好海报主体清楚、背景简单、用品牌色打底再配一个对比色，大标题、短副标题，多留白，关键信息对比鲜明。图片要分清来源：自己拍的商品图归店里；海报里的设计元素要有授权；顾客照片要本人同意并注明；网上的图只能内部参考，不能发出去；店员做的作品归店里。每张图记下来源和授权。",
    ),
    m(
        "live",
        "直播、问卷与知识分享",
        "直播分三段：开播前发海报、给预约福利、倒计时；直播中发群专属优惠码、抽奖；结束后发回放、做好售后、引导再次购买。想知道顾客要什么，就发小问卷：5 到 10 道题，3 分钟内答完，答完送个小奖励。店员之间也要常分享好做法，把好用的话术和活动经验放进话术库和清单，新人上手更快。",
    ),
    m(
        "data",
        "数据追踪、复盘与分销",
        "要看的数字：群数量和人数、每日活跃率（做得好的店 42%，一般在 25% 左右）、每月转化率、年复购率、参与邀请的人数和裂变倍数、新会员 30 天留存、邀请卡和优惠券核销率、积分发放和兑换、红包领取和转化、活动结果和目标的差距、店员培训完成度和考试成绩。每周、每次活动后都要复盘。给群主的分销等级从种子、铜牌、银牌、金牌到钻石，按每月销售额和带的群数划分，佣金一般在 5% 到 25%。培训之后持续跟进，知识真正用起来的比例大约能提高到 3 倍。",
    ),
];

pub fn course_modules() -> Vec<CourseModuleView> {
    COURSE
        .iter()
        .map(|m| CourseModuleView {
            key: m.key.to_owned(),
            title: m.title.to_owned(),
            text: m.text.to_owned(),
            questions: super::bank::QUESTIONS
                .iter()
                .filter(|q| q.module == m.key)
                .count() as u32,
        })
        .collect()
}

pub(super) fn module(key: &str) -> Result<&'static CourseModule, Error> {
    COURSE
        .iter()
        .find(|m| m.key == key)
        .ok_or_else(|| Error::not_found(format!("课程单元“{key}”")))
}

/// Every module with the staff member's status in it.
pub fn course_progress(store: &Store, staff_id: i64) -> Result<Vec<ModuleProgress>, Error> {
    get_staff(store, staff_id)?;
    let conn = store.conn();
    let mut stmt = conn.prepare(
        "SELECT started_on, done_on FROM course_progress WHERE staff_id = ?1 AND module_key = ?2",
    )?;
    COURSE
        .iter()
        .map(|m| {
            let row: Option<(String, Option<String>)> = {
                use rusqlite::OptionalExtension;
                stmt.query_row(params![staff_id, m.key], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?
            };
            let (status, started_on, done_on) = match row {
                None => (ModuleStatus::NotStarted, None, None),
                Some((s, None)) => (ModuleStatus::InProgress, Some(s), None),
                Some((s, Some(d))) => (ModuleStatus::Done, Some(s), Some(d)),
            };
            Ok(ModuleProgress {
                key: m.key.to_owned(),
                title: m.title.to_owned(),
                status,
                started_on,
                done_on,
            })
        })
        .collect()
}

/// Marks a module started, done, or back to not started. Dates are today's; a
/// module marked done without being started counts as started today too.
pub fn set_module_status(
    store: &Store,
    staff_id: i64,
    module_key: &str,
    status: ModuleStatus,
    now: DateTime<Local>,
) -> Result<Vec<ModuleProgress>, Error> {
    get_staff(store, staff_id)?;
    module(module_key)?;
    let today = day_text(now.date_naive());
    let conn = store.conn();
    match status {
        ModuleStatus::NotStarted => {
            conn.execute(
                "DELETE FROM course_progress WHERE staff_id = ?1 AND module_key = ?2",
                params![staff_id, module_key],
            )?;
        }
        ModuleStatus::InProgress => {
            conn.execute(
                "INSERT INTO course_progress (staff_id, module_key, started_on) VALUES (?1, ?2, ?3)
                 ON CONFLICT (staff_id, module_key) DO UPDATE SET done_on = NULL",
                params![staff_id, module_key, today],
            )?;
        }
        ModuleStatus::Done => {
            conn.execute(
                "INSERT INTO course_progress (staff_id, module_key, started_on, done_on)
                 VALUES (?1, ?2, ?3, ?3)
                 ON CONFLICT (staff_id, module_key)
                 DO UPDATE SET done_on = COALESCE(done_on, excluded.done_on)",
                params![staff_id, module_key, today],
            )?;
        }
    }
    course_progress(store, staff_id)
}
