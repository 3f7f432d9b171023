//! 统计口径: what every figure of the reports means, in the words the window shows
//! beside the figure and the exports print. One list, so the page, the PDF and the
//! workbook can never explain a figure differently.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One figure's definition. `key` is the figure's field in `report summary --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Definition {
    pub key: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

const fn def(key: &'static str, title: &'static str, text: &'static str) -> Definition {
    Definition { key, title, text }
}

pub const DEFINITIONS: &[Definition] = &[
    def(
        "members.total",
        "会员总数",
        "截至期末已入会、且没有被删除资料的会员人数（已离开的也算在内）。",
    ),
    def("members.new", "新会员", "入会日期落在本期内的会员人数。"),
    def(
        "members.left",
        "离开",
        "在本期内被标记为“已离开”的会员人数。",
    ),
    def(
        "members.active",
        "在册会员",
        "期末那天已入会、既没离开也没被删除的会员人数；转化率以它为分母。",
    ),
    def(
        "sales_fen",
        "销售额",
        "本期内每一笔消费按消费日期计入；作废的消费和它的冲正记录都不算。已删除资料的会员，过去的消费照样计入。",
    ),
    def("orders", "订单数", "本期内计入的消费笔数。"),
    def("avg_order_fen", "客单价", "销售额 ÷ 订单数，四舍五入到分。"),
    def("buyers", "购买会员", "本期内至少有一笔计入消费的会员人数。"),
    def("conversion_rate", "转化率", "购买会员 ÷ 在册会员。"),
    def(
        "repurchase_rate",
        "复购率",
        "本期内消费 2 笔及以上的会员 ÷ 购买会员。",
    ),
    def(
        "repurchase_interval_days",
        "复购间隔",
        "同一位会员相邻两个消费日之间隔了几天，取所有间隔的中位数；同一天买两次算一次到店。",
    ),
    def(
        "tiers",
        "等级分布",
        "期末在册会员按店里设的等级门槛分档，看的是截至期末往前一年的消费，与会员列表显示的等级同一规则。",
    ),
    def(
        "tier_moves",
        "等级变动",
        "本期内会员因近一年消费跨过门槛而升级或降级的次数。",
    ),
    def(
        "dormant",
        "沉睡会员",
        "期末在册、且最后一次消费（从没消费过的看入会日）距期末超过设置里的沉睡天数的会员，与“沉睡”标签同一规则。",
    ),
    def(
        "woken",
        "唤醒",
        "本期开始前一天还处于沉睡、本期内又来消费的会员人数。",
    ),
    def(
        "retention_30d",
        "30 天留存",
        "按入会月份分组：入会后第 1 到第 30 天内（入会当天不算）有计入消费的会员 ÷ 该月入会人数。",
    ),
    def(
        "channels",
        "渠道",
        "新会员：本期内通过该渠道的邀请码入会的人数；核销：本期内该渠道被核销的码数（老会员领取也算）；带来消费：该渠道历来带来的会员，本期内从入会那天起的消费。",
    ),
    def(
        "groups",
        "群",
        "会员：会员资料里记在该群的人数；新进群：本期内记入该群的人数；带来消费：群内会员本期内、从记入该群那天起的消费。",
    ),
    def(
        "referral",
        "老带新",
        "被推荐：本期入会且填了推荐人的会员；推荐人：带来他们的老会员人数；裂变倍数 = 被推荐 ÷ 推荐人；参与率 = 推荐人 ÷ 在册会员。",
    ),
    def(
        "points",
        "积分",
        "发放：本期因消费、奖励和推荐得到的积分（作废消费的积分不算）；兑换、过期：本期用掉和到期的积分；未用：期末所有未删除会员手里的积分。",
    ),
    def(
        "points.outstanding_fen",
        "积分负债",
        "期末未用积分按设置里“每 100 积分抵多少钱”折算成的金额。",
    ),
    def(
        "community",
        "社群",
        "按今天的群台账：群数、已用席位 ÷ 总席位，以及已经过期或两天内过期、需要重新生成的群二维码。",
    ),
    def(
        "training",
        "培训",
        "本期开始的每日 SOP：完成天数与打勾比例；本期交卷的考试：人数、通过率与平均分。",
    ),
];

pub fn definitions() -> &'static [Definition] {
    DEFINITIONS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_summary_section_is_defined_once() {
        let keys: Vec<&str> = DEFINITIONS.iter().map(|d| d.key).collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), keys.len());
    }
}
