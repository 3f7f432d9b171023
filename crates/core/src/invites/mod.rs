//! How customers get into the shop's groups: the group ledger, invite channels,
//! one-time invite codes, redemption at the counter, and the printed cards.

mod channels;
pub mod code;
mod groups;
mod history;
mod model;
pub mod print;
mod redeem;
pub mod stats;

pub use channels::{
    add_channel, channel, channels, delete_channel, generate_codes, referral_code_for,
    set_channel_active, set_channel_archived, unprinted_codes, update_channel,
};
pub use groups::{
    add_group, delete_group, group, groups, qr_status, suggest_group_name, update_group,
    update_group_size,
};
pub use history::{export_redemptions, redemptions, redemptions_file_name};
pub use model::*;
pub use redeem::redeem;

/// A join or contact link must be a web address: that is what WeChat's QR codes hold.
pub(crate) fn check_link(link: &str) -> Result<String, String> {
    let link = link.trim();
    if link.is_empty() {
        return Err("请填写链接，或上传群二维码截图".into());
    }
    match url::Url::parse(link) {
        Ok(u) if (u.scheme() == "https" || u.scheme() == "http") && u.host().is_some() => {
            Ok(link.to_owned())
        }
        _ => Err(format!("“{link}”不是网址：链接应以 https:// 开头")),
    }
}
