//! The phrases every shop starts with, written for this app. Loaded once on first
//! run; "restore defaults" brings back the ones a shop deleted and leaves the
//! shop's own (and its edits of ours) alone.

use chrono::{DateTime, Local};
use rusqlite::{Connection, OptionalExtension};

use super::keywords::{self, insert_rule};
use super::model::{NewKeywordRule, NewScript, RestoreReport};
use super::store::{self, id_by_title, insert};
use crate::db::timestamp;
use crate::error::Error;
use crate::store::Store;

pub struct DefaultScript {
    /// Stable across versions: how a restore knows which shipped phrase is missing.
    pub key: &'static str,
    pub category: &'static str,
    pub title: &'static str,
    pub tags: &'static [&'static str],
    pub body: &'static str,
}

const fn s(
    key: &'static str,
    category: &'static str,
    title: &'static str,
    tags: &'static [&'static str],
    body: &'static str,
) -> DefaultScript {
    DefaultScript {
        key,
        category,
        title,
        tags,
        body,
    }
}

pub const DEFAULT_SCRIPTS: &[DefaultScript] = &[
    // 欢迎新人
    s(
        "welcome-01",
        "欢迎新人",
        "新人进群欢迎",
        &["进群", "@新人"],
        "欢迎@{昵称} 加入{群名}！我是{店名}的小助手，先看一眼群公告，群里的福利和规矩都在里面。方便的话说说你住在哪一片、平时喜欢什么，大家认识一下～",
    ),
    s(
        "welcome-02",
        "欢迎新人",
        "新人见面礼",
        &["进群", "优惠券"],
        "{昵称}，欢迎来到{群名}！给你准备了一份见面礼：{优惠券}，已经放进你的会员账户，{截止日期}前到店或下单都能用。有想了解的随时问我～",
    ),
    s(
        "welcome-03",
        "欢迎新人",
        "破冰小问题",
        &["进群", "互动"],
        "新朋友@{昵称} 来啦，大家欢迎一下！{昵称}，问你个小问题：你是怎么知道我们{店名}的？路过看到、朋友推荐，还是刷手机刷到的？",
    ),
    s(
        "welcome-04",
        "欢迎新人",
        "请改群昵称",
        &["进群", "群昵称"],
        "欢迎{昵称}！麻烦把群昵称改成“名字+所在区域+职业”，比如“小林-城东-老师”，这样大家聊起来更亲切，有活动也方便找到你。",
    ),
    s(
        "welcome-05",
        "欢迎新人",
        "一起欢迎今天的新朋友",
        &["进群", "置顶"],
        "欢迎今天新进群的几位朋友！群里每周都有会员价和新品试用，记得把群设成“置顶”，别错过消息。有什么想问的，直接@我就好。",
    ),
    s(
        "welcome-06",
        "欢迎新人",
        "老带新进群",
        &["进群", "老带新"],
        "欢迎{昵称}！听说是老朋友把你拉进来的，缘分呀～进了群就是{店名}的会员，第一次到店报手机号就能开始攒积分。",
    ),
    // 活动推广
    s(
        "promo-01",
        "活动推广",
        "活动预热",
        &["预热", "活动"],
        "先跟群里的朋友透个底：我们过几天要办{活动名}，群友会比外面早一天知道细节，还有专属名额。具体内容明天公布，先别走开～",
    ),
    s(
        "promo-02",
        "活动推广",
        "活动正式开始",
        &["开始", "活动"],
        "{活动名}今天正式开始啦！群友专属福利：{优惠券}，{截止日期}前有效。到店说一声“群友”，或者线上下单时备注一下，都能用。",
    ),
    s(
        "promo-03",
        "活动推广",
        "最后一天提醒",
        &["截止", "活动"],
        "提醒一下：{活动名}今天是最后一天，{截止日期}以后就恢复原价了。还在犹豫的朋友，有什么想问的现在问我，我帮你参谋参谋。",
    ),
    s(
        "promo-04",
        "活动推广",
        "名额快满了",
        &["名额", "活动"],
        "{活动名}的名额剩得不多了，已经报名的朋友记得按时来。这次没赶上的也别着急，跟我说一声，下次有活动优先通知你。",
    ),
    s(
        "promo-05",
        "活动推广",
        "转发有礼",
        &["转发", "朋友圈"],
        "有个小福利：把{活动名}的海报转到朋友圈，截图发到群里，就能领一份小礼物，到店找店员拿就行。谢谢大家帮我们吆喝～",
    ),
    s(
        "promo-06",
        "活动推广",
        "活动结束致谢",
        &["复盘", "活动"],
        "{活动名}顺利结束，谢谢每一位来捧场的朋友！大家提的建议我们都记下了，下次争取做得更好。晒单的朋友，礼物这周内到店都能领。",
    ),
    // 问题处理
    s(
        "problem-01",
        "问题处理",
        "先道歉再核实",
        &["道歉", "投诉"],
        "{昵称}，真抱歉给你添麻烦了。你说的情况我已经记下，现在就去核实，十分钟内给你答复。",
    ),
    s(
        "problem-02",
        "问题处理",
        "请稍等",
        &["稍等"],
        "收到，{昵称}！这个问题我要跟店里确认一下，请稍等一会儿，查清楚了马上回复你，不会让你白等。",
    ),
    s(
        "problem-03",
        "问题处理",
        "给出解决方案",
        &["方案", "退换"],
        "{昵称}，情况查清楚了，给你两个办法：一是给你换一件新的，二是按原价退款。你看哪种更方便？来回运费都由我们出。",
    ),
    s(
        "problem-04",
        "问题处理",
        "处理后回访",
        &["回访", "满意度"],
        "{昵称}，前几天的问题现在都解决了吗？用起来还顺手吗？要是还有哪里不满意，一定告诉我，我们负责到底。",
    ),
    s(
        "problem-05",
        "问题处理",
        "转到私聊",
        &["私聊", "隐私"],
        "@{昵称} 你的问题我看到了，里面涉及订单和个人信息，我私聊你细说，免得信息露在群里。",
    ),
    s(
        "problem-06",
        "问题处理",
        "群里有争执时降温",
        &["争执", "群管理"],
        "大家的意见我都看到了，谢谢各位这么上心。具体情况我私下和当事的朋友沟通，群里咱们接着聊开心的事～",
    ),
    // 转化引导
    s(
        "convert-01",
        "转化引导",
        "了解需求",
        &["需求", "咨询"],
        "{昵称}，想先问问你更看重哪一点：价格实惠、品质好，还是省时省心？告诉我，我帮你挑最合适的，不合适的我也会直说。",
    ),
    s(
        "convert-02",
        "转化引导",
        "按需推荐",
        &["推荐"],
        "照你说的情况，我比较推荐这一款，买过的人多，回头率也高。可以先少买一点试试，觉得好再多备些。",
    ),
    s(
        "convert-03",
        "转化引导",
        "会员福利促成",
        &["会员", "优惠券"],
        "{昵称}，你现在是{等级}会员，这一单可以用{优惠券}，算下来比平时划算不少。需要的话我先帮你留着。",
    ),
    s(
        "convert-04",
        "转化引导",
        "打消顾虑",
        &["顾虑", "售后"],
        "理解你的顾虑，第一次买谁都会犹豫。收到以后不满意就来找我，能换就换、能退就退，不会让你吃亏。",
    ),
    s(
        "convert-05",
        "转化引导",
        "离升级不远了",
        &["等级", "积分"],
        "{昵称}，悄悄告诉你：你现在有{积分}积分，{距升级}，升级以后每次消费都能多一档优惠。",
    ),
    s(
        "convert-06",
        "转化引导",
        "到货后跟进",
        &["跟进", "到货"],
        "{昵称}，上次你问的那款今天到新货了，一直帮你留意着。要不要先给你留一份？不需要也没关系，就是跟你说一声。",
    ),
    // 群公告
    s(
        "notice-01",
        "群公告",
        "会员群公告",
        &["会员群"],
        "【{店名}会员群·群公告】\n欢迎大家！花一分钟看完这份公告，在群里会更自在～\n\n一、这个群是做什么的\n给老顾客第一时间分享新品、会员价和店里的新鲜事。\n\n二、在群里你能得到\n每周会员专属价、新品试用名额、生日月小礼物。\n\n三、请不要这样做\n发广告、链接和别的群二维码。提醒后仍然发的，会请出群。\n\n四、我们鼓励你\n晒单、分享使用心得、帮新朋友解答问题。每月评出三位热心群友，送一份店里的小礼物。\n\n有任何问题随时在群里说，或私聊群主。",
    ),
    s(
        "notice-02",
        "群公告",
        "新品试用群公告",
        &["试用", "新品"],
        "【新品试用群·群公告】\n一、这个群是做什么的\n{店名}的新品先在这里试，大家的意见直接决定上不上架。\n\n二、在群里你能得到\n每次新品的免费试用名额，和上架后的首发价。\n\n三、请不要这样做\n领了试用不反馈、转卖试用品。出现这种情况，以后不再安排试用。\n\n四、我们鼓励你\n写真实的体验，好的不好的都欢迎。反馈最认真的朋友，下次试用优先选你。",
    ),
    s(
        "notice-03",
        "群公告",
        "活动期间临时公告",
        &["活动", "临时"],
        "【临时公告】{活动名}进行中，截止到{截止日期}。\n参加方式、优惠内容都在下面这条消息里，请大家以这条为准，别的渠道看到的说法不一样的话，以群里为准。有疑问直接@我。",
    ),
    s(
        "notice-04",
        "群公告",
        "营业时间与联系方式",
        &["营业时间", "联系方式"],
        "【{店名}·常用信息】\n营业时间：每天 9:00–21:00\n地址：{地址}\n电话：{电话}\n到店报手机号就能积分，积分可以抵扣。群里留言，店员看到就回复。",
    ),
    s(
        "notice-05",
        "群公告",
        "公告更新提醒",
        &["更新"],
        "群公告刚更新了，{活动名}的时间和规则都写在里面。大家点开群公告看一眼就清楚啦，有没看明白的地方随时问。",
    ),
    // 群规
    s(
        "rules-01",
        "群规",
        "标准群规五条",
        &["群规"],
        "【{群名}·群规】\n为了让大家在群里聊得舒服，请一起遵守下面几条：\n1. 进群后请把群昵称改成“名字+所在区域+职业”。\n2. 不发广告、链接、二维码，也不私加群友推销。\n3. 聊天友好，不争吵、不攻击别人，不发违法和低俗内容。\n4. 商品或售后有问题，直接@群主或私聊客服。\n5. 晚上十点以后少发语音、不刷屏。\n\n违反群规的，群主会先私下提醒；累计提醒 3 次仍不改的，会请出本群。\n我们的承诺：群里的问题，24 小时内一定有人回复。",
    ),
    s(
        "rules-02",
        "群规",
        "给新人的群规提醒",
        &["群规", "进群"],
        "@{昵称} 欢迎你～进群请先看一下群规，主要就三点：不发广告、好好聊天、售后问题私聊。谢谢配合！",
    ),
    s(
        "rules-03",
        "群规",
        "发广告第一次提醒",
        &["广告", "提醒"],
        "@{昵称} 你好，群里不能发广告和二维码哦，这次先帮你删掉了。按群规，提醒满 3 次会请出群，希望理解～",
    ),
    s(
        "rules-04",
        "群规",
        "请出群的说明",
        &["广告", "移出"],
        "刚才有位朋友多次发广告，提醒了 3 次还在发，按群规已经请出群了。大家放心，我们会一直把群维护得干干净净。",
    ),
    s(
        "rules-05",
        "群规",
        "深夜刷屏提醒",
        &["刷屏", "夜间"],
        "夜深啦，聊得开心的话题可以明天接着聊～十点以后少发语音、不刷屏，别吵到已经休息的群友，晚安！",
    ),
    // 提醒通知
    s(
        "notice-06",
        "提醒通知",
        "营业时间调整",
        &["营业时间"],
        "通知一下：{日期}店里营业时间调整为{时间}，其他日子照常。给大家添麻烦了，请多包涵。",
    ),
    s(
        "notice-07",
        "提醒通知",
        "放假休息通知",
        &["放假", "营业时间"],
        "{日期}放假休息，{时间}恢复营业。放假期间群里留言照样有人看，着急的话可以打店里电话：{电话}。",
    ),
    s(
        "notice-08",
        "提醒通知",
        "发货通知",
        &["物流", "发货"],
        "{昵称}，你的订单已经发出啦，快递单号是{单号}，一般两三天能到。收到以后有任何问题随时找我。",
    ),
    s(
        "notice-09",
        "提醒通知",
        "到店自提提醒",
        &["自提"],
        "{姓名}您好，您订的东西已经到店了，营业时间内随时来拿。报手机号后四位就行，我们放在前台帮您收着。",
    ),
    s(
        "notice-10",
        "提醒通知",
        "积分快到期",
        &["积分", "到期"],
        "{昵称}，提醒一下：你有一部分积分会在{截止日期}到期，现在账户里一共{积分}积分，到店消费可以直接抵扣，别浪费啦。",
    ),
    s(
        "notice-11",
        "提醒通知",
        "会员日前一天",
        &["会员日"],
        "明天就是本月的会员日啦！会员到店消费积分翻倍，银牌及以上会员还能领一份小礼物。有空记得来坐坐～",
    ),
    // 节日祝福
    s(
        "festival-01",
        "节日祝福",
        "春节祝福",
        &["春节"],
        "{昵称}，新春快乐！谢谢这一年对{店名}的照顾，祝你和家人新的一年平安顺遂、万事如意。",
    ),
    s(
        "festival-02",
        "节日祝福",
        "中秋祝福",
        &["中秋"],
        "中秋快乐！月圆人团圆，祝群里的朋友和家人吃好喝好、阖家安康。{店名}全体同事敬上。",
    ),
    s(
        "festival-03",
        "节日祝福",
        "三八节祝福",
        &["妇女节"],
        "三八节快乐！祝群里的每一位女士都被温柔以待，今天记得对自己好一点～",
    ),
    s(
        "festival-04",
        "节日祝福",
        "国庆祝福",
        &["国庆"],
        "国庆快乐！出门的朋友注意安全，在家的朋友好好歇歇。假期店里照常营业，路过欢迎进来坐坐。",
    ),
    s(
        "festival-05",
        "节日祝福",
        "元旦祝福",
        &["元旦"],
        "新年第一天，祝大家元旦快乐！过去一年谢谢大家的陪伴，新的一年我们接着一起把日子过好。",
    ),
    s(
        "festival-06",
        "节日祝福",
        "母亲节祝福",
        &["母亲节"],
        "今天是母亲节，别忘了给妈妈打个电话，说声辛苦了。也祝群里当了妈妈的朋友们节日快乐！",
    ),
    // 生日祝福
    s(
        "birthday-01",
        "生日祝福",
        "会员生日祝福",
        &["生日", "优惠券"],
        "{昵称}，生日快乐！{店名}给你准备了一份生日礼：{优惠券}，{截止日期}前都能用。愿你新的一岁开开心心！",
    ),
    s(
        "birthday-02",
        "生日祝福",
        "群里一起祝福",
        &["生日", "互动"],
        "今天是咱们群里@{昵称} 的生日！大家一起来送个祝福吧～祝{昵称}生日快乐，天天好心情！",
    ),
    s(
        "birthday-03",
        "生日祝福",
        "生日月提醒",
        &["生日", "积分"],
        "{昵称}，这个月是你的生日月～生日当月到店消费积分翻倍，还能领一份小礼物，记得来找我们。",
    ),
    s(
        "birthday-04",
        "生日祝福",
        "生日前问问安排",
        &["生日", "预约"],
        "{昵称}，你的生日快到了，需要我们帮你准备点什么小惊喜吗？告诉我想要的样子和时间，我们提前安排好。",
    ),
    s(
        "birthday-05",
        "生日祝福",
        "迟到的生日祝福",
        &["生日"],
        "{昵称}，前两天是你的生日，没能第一时间祝福，补一句迟到的生日快乐！生日礼{截止日期}前还能领，别错过～",
    ),
    // 唤醒沉睡
    s(
        "wake-01",
        "唤醒沉睡",
        "好久不见",
        &["沉睡", "问候"],
        "{昵称}，好久不见，最近还好吗？店里上了几样新东西，觉得挺适合你，有空过来看看，不买也欢迎坐坐。",
    ),
    s(
        "wake-02",
        "唤醒沉睡",
        "回归小礼",
        &["沉睡", "优惠券"],
        "{昵称}，好久没见你啦～给你留了一份回归礼：{优惠券}，{截止日期}前到店就能用。",
    ),
    s(
        "wake-03",
        "唤醒沉睡",
        "还有积分没用",
        &["沉睡", "积分"],
        "{昵称}，你的账户里还有{积分}积分没用，可以直接抵钱。最近有空的话过来逛逛，我帮你看看能换点什么。",
    ),
    s(
        "wake-04",
        "唤醒沉睡",
        "问问哪里没做好",
        &["沉睡", "意见"],
        "{昵称}，有阵子没见你来了，是不是之前哪里让你不满意？直接告诉我就好，我们认真改。",
    ),
    s(
        "wake-05",
        "唤醒沉睡",
        "冷群小话题",
        &["活跃", "互动"],
        "好久没在群里好好聊天了，来个小话题：最近大家都在忙什么？今晚九点前回复的朋友，抽三位送小礼物～",
    ),
    s(
        "wake-06",
        "唤醒沉睡",
        "老会员专属问候",
        &["沉睡", "会员日"],
        "{昵称}，你是我们的{等级}会员，一直很感谢你的支持。这周会员日有专属福利，特地跟你说一声，来了报名字就行。",
    ),
    // 售后关怀
    s(
        "care-01",
        "售后关怀",
        "收货回访",
        &["回访"],
        "{昵称}，东西收到了吗？用起来怎么样？有任何不顺手的地方随时跟我说。",
    ),
    s(
        "care-02",
        "售后关怀",
        "使用小提示",
        &["使用", "指导"],
        "{昵称}，分享几个使用小提示：{使用提示}。照着来效果会更好，有不明白的随时问我。",
    ),
    s(
        "care-03",
        "售后关怀",
        "邀请晒单",
        &["晒单", "积分"],
        "{昵称}，用着满意的话，方便在群里晒个图、说两句感受吗？你的分享对其他朋友很有参考价值，晒单还送积分哦。",
    ),
    s(
        "care-04",
        "售后关怀",
        "换货已寄出",
        &["换货", "物流"],
        "{昵称}，给你换的已经寄出了，单号{单号}，到了记得检查一下。这次让你多折腾了一趟，真不好意思。",
    ),
    s(
        "care-05",
        "售后关怀",
        "该补货了",
        &["复购"],
        "{昵称}，算算时间，上次买的应该快用完了吧？需要的话跟我说一声，按会员价给你留一份。",
    ),
    s(
        "care-06",
        "售后关怀",
        "投诉后再回访",
        &["回访", "投诉"],
        "{昵称}，上次的事情再跟你确认一下，现在都解决好了吗？你的意见我们已经在店里改了，谢谢你愿意告诉我们。",
    ),
    // 关键词回复
    s(
        "keyword-01",
        "关键词回复",
        "营业时间",
        &["营业时间"],
        "我们每天上午九点到晚上九点营业，节假日照常开门。来之前也可以先在群里问一声～",
    ),
    s(
        "keyword-02",
        "关键词回复",
        "店铺地址",
        &["地址"],
        "{店名}在{地址}，导航搜店名就能找到。找不到的话打{电话}，我们出来接你。",
    ),
    s(
        "keyword-03",
        "关键词回复",
        "怎么成为会员",
        &["会员", "积分"],
        "到店消费时报手机号就是会员了。消费能攒积分，积分可以抵扣，会员等级越高优惠越多，详细规则在群公告里。",
    ),
    s(
        "keyword-04",
        "关键词回复",
        "什么时候发货",
        &["物流", "发货"],
        "一般下单当天或第二天发货，快递两三天能到。着急的话告诉我，我帮你催一催。",
    ),
    s(
        "keyword-05",
        "关键词回复",
        "退换货怎么办",
        &["退换"],
        "收到后不满意的话，私聊我发一下订单和照片，能换就换、能退就退，一定给你处理好。",
    ),
    s(
        "keyword-06",
        "关键词回复",
        "联系电话",
        &["联系方式"],
        "有急事可以直接打店里电话：{电话}。群里留言也一直有人看。",
    ),
];

pub struct DefaultKeywordRule {
    pub key: &'static str,
    pub keywords: &'static [&'static str],
    pub reply: &'static str,
    pub whole: bool,
    pub priority: i32,
}

const fn k(
    key: &'static str,
    keywords: &'static [&'static str],
    priority: i32,
    whole: bool,
    reply: &'static str,
) -> DefaultKeywordRule {
    DefaultKeywordRule {
        key,
        keywords,
        reply,
        whole,
        priority,
    }
}

pub const DEFAULT_KEYWORD_RULES: &[DefaultKeywordRule] = &[
    k(
        "rule-hello",
        &["在吗", "你好", "在不在"],
        0,
        true,
        "在的～有什么可以帮你？",
    ),
    k(
        "rule-hours",
        &["营业时间", "几点开门", "几点关门", "开门了吗", "还开着吗"],
        0,
        false,
        "我们每天上午九点到晚上九点营业，节假日照常开门。",
    ),
    k(
        "rule-address",
        &["地址", "在哪", "怎么走", "位置"],
        0,
        false,
        "{店名}在{地址}，导航搜店名就能找到。",
    ),
    k(
        "rule-member",
        &["会员", "积分", "入会"],
        0,
        false,
        "到店消费时报手机号就是会员，消费攒积分、积分能抵扣，详细规则在群公告里。",
    ),
    k(
        "rule-shipping",
        &["发货", "快递", "物流", "什么时候到"],
        0,
        false,
        "一般下单当天或第二天发货，快递两三天能到。想查单号的话私聊我。",
    ),
    k(
        "rule-return",
        &["退货", "换货", "退款", "质量问题"],
        10,
        false,
        "不好意思让你遇到问题了。请私聊我发一下订单和照片，我们马上处理，能换就换、能退就退。",
    ),
    k(
        "rule-offer",
        &["优惠", "活动", "打折", "便宜"],
        0,
        false,
        "最近的活动都写在群公告里，会员还有专属价。想知道哪款划算，@我帮你算一算。",
    ),
    k(
        "rule-phone",
        &["电话", "联系方式"],
        0,
        false,
        "店里电话：{电话}，营业时间内都有人接。",
    ),
];

fn new_script(d: &DefaultScript) -> NewScript {
    NewScript {
        title: d.title.to_owned(),
        category: d.category.to_owned(),
        body: d.body.to_owned(),
        tags: d.tags.iter().map(|t| (*t).to_owned()).collect(),
        favorite: false,
    }
}

fn new_rule(d: &DefaultKeywordRule) -> NewKeywordRule {
    NewKeywordRule {
        keywords: d.keywords.iter().map(|t| (*t).to_owned()).collect(),
        reply: d.reply.to_owned(),
        whole: d.whole,
        priority: d.priority,
        enabled: true,
    }
}

fn has_key(conn: &Connection, table: &str, key: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        &format!("SELECT 1 FROM {table} WHERE default_key = ?1"),
        [key],
        |_| Ok(()),
    )
    .optional()
    .map(|found| found.is_some())
}

/// Adds the shipped phrases and rules missing by key, inside the caller's
/// transaction. A missing phrase whose category and title the shop now uses for its
/// own is left out and named.
fn add_missing(conn: &Connection, now: &str) -> Result<RestoreReport, Error> {
    let mut report = RestoreReport::default();
    for d in DEFAULT_SCRIPTS {
        if has_key(conn, "scripts", d.key)? {
            continue;
        }
        if id_by_title(conn, d.category, d.title)?.is_some() {
            report.kept_own.push(format!("{}·{}", d.category, d.title));
            continue;
        }
        let checked = store::check(&new_script(d))?;
        insert(conn, &checked, false, Some(d.key), now)?;
        report.scripts += 1;
    }
    for d in DEFAULT_KEYWORD_RULES {
        if has_key(conn, "keyword_rules", d.key)? {
            continue;
        }
        let new = new_rule(d);
        let checked = keywords::check(&new)?;
        insert_rule(conn, &checked, &new, Some(d.key), now)?;
        report.keyword_rules += 1;
    }
    Ok(report)
}

/// First run: loads the shipped library once. Later starts do nothing, even if the
/// shop deleted every phrase.
pub fn load_defaults_once(conn: &Connection, now: DateTime<Local>) -> Result<(), Error> {
    let now = timestamp(now);
    crate::db::seed_once(conn, "script_library", &now, |tx| {
        add_missing(tx, &now)?;
        Ok(())
    })
}

/// Brings back the shipped phrases and rules the shop deleted; its own phrases and
/// its edits of ours are not touched.
pub fn restore_defaults(store: &Store, now: DateTime<Local>) -> Result<RestoreReport, Error> {
    let tx = crate::db::write_tx(store.conn())?;
    let report = add_missing(&tx, &timestamp(now))?;
    tx.commit()?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::scripts::model::BUILTIN_CATEGORIES;
    use crate::scripts::placeholders;

    #[test]
    fn shipped_phrases_cover_every_category_with_at_least_sixty() {
        assert!(
            DEFAULT_SCRIPTS.len() >= 60,
            "only {}",
            DEFAULT_SCRIPTS.len()
        );
        for category in BUILTIN_CATEGORIES {
            let n = DEFAULT_SCRIPTS
                .iter()
                .filter(|d| d.category == category)
                .count();
            assert!(n >= 4, "{category} has {n}");
        }
        let keys: HashSet<_> = DEFAULT_SCRIPTS.iter().map(|d| d.key).collect();
        assert_eq!(keys.len(), DEFAULT_SCRIPTS.len(), "duplicate key");
        let titles: HashSet<_> = DEFAULT_SCRIPTS
            .iter()
            .map(|d| (d.category, d.title))
            .collect();
        assert_eq!(titles.len(), DEFAULT_SCRIPTS.len(), "duplicate title");
    }

    #[test]
    fn every_shipped_phrase_passes_the_checks_an_owner_gets() {
        for d in DEFAULT_SCRIPTS {
            store::check(&new_script(d)).unwrap_or_else(|e| panic!("{}: {e}", d.key));
            // Braces are only ever placeholders.
            let braces = d.body.matches('{').count();
            assert_eq!(braces, d.body.matches('}').count(), "{}", d.key);
        }
        for d in DEFAULT_KEYWORD_RULES {
            keywords::check(&new_rule(d)).unwrap_or_else(|e| panic!("{}: {e}", d.key));
        }
        // Each placeholder the library fills by name is used by some shipped phrase.
        let used: HashSet<String> = DEFAULT_SCRIPTS
            .iter()
            .flat_map(|d| placeholders(d.body))
            .collect();
        for name in crate::scripts::KNOWN_PLACEHOLDERS {
            assert!(used.contains(name), "no shipped phrase uses {{{name}}}");
        }
    }
}
