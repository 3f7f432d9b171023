//! 开店向导: a new shop's first start, guided — 店铺资料 (name, logo, colours), the
//! first members (imported or added), the first group, and the first printed invite
//! card. Every step can be skipped. The wizard opens by itself on a new data file
//! (no shop name, no members) until the owner finishes or skips it; 设置 opens it
//! again. What each step has done is read from the features themselves, so the
//! wizard shows the shop as it is, however it got there.

use chrono::{DateTime, Local};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;
use crate::invites;
use crate::members::{self, MemberQuery};
use crate::shop;
use crate::store::Store;

/// Where a shop stands against the wizard's steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetupStatus {
    /// The owner finished or skipped the wizard.
    pub done: bool,
    /// The wizard opens by itself when the window starts: not done, and the data
    /// file is new (no shop name, no members). A shop that was already in use
    /// before this version never sees it unasked.
    pub opens_at_start: bool,
    pub shop_name: String,
    pub has_logo: bool,
    pub members: u32,
    pub groups: u32,
    pub channels: u32,
    /// Invite codes printed or saved as PDF so far, over every channel.
    pub printed_codes: u32,
}

pub fn status(store: &Store, now: DateTime<Local>) -> Result<SetupStatus, Error> {
    let today = now.date_naive();
    let profile = shop::get(store)?;
    let done = shop::setup_done_at(store)?.is_some();
    let members = members::list(
        store,
        &MemberQuery {
            limit: Some(1),
            ..MemberQuery::default()
        },
        today,
    )?
    .total;
    let channels = invites::channels(store, today)?;
    Ok(SetupStatus {
        done,
        opens_at_start: !done && profile.name.is_empty() && members == 0,
        has_logo: profile.logo.is_some(),
        shop_name: profile.name,
        members,
        groups: u32::try_from(invites::groups(store, today)?.len()).unwrap_or(u32::MAX),
        channels: u32::try_from(channels.len()).unwrap_or(u32::MAX),
        printed_codes: channels.iter().map(|c| c.codes - c.unprinted).sum(),
    })
}

/// The owner finished the wizard, or chose 以后再说: it no longer opens by itself.
pub fn finish(store: &Store, now: DateTime<Local>) -> Result<SetupStatus, Error> {
    shop::mark_setup_done(store, now)?;
    status(store, now)
}
