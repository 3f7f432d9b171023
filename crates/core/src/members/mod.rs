//! The member book (会员): records, purchases, tiers, points, referrals, tags, lists.
//!
//! Derived facts (12-month spend, tier, points balance, last visit, this year's
//! birthday) come from the ledgers; the columns holding them on `members` are a cache
//! for one `today`, rebuilt by [`refresh`] and checked against the ledgers in tests.

mod birthday;
pub(crate) mod book;
pub(crate) mod directory;
pub mod export;
pub mod import;
mod ledger;
mod model;
pub mod refresh;
#[cfg(test)]
mod schema_tests;
mod search;
pub(crate) mod standing;
pub mod stats;
mod view;

pub use book::{AddOutcome, add, get, get_by_phone, set_referrer, update};
pub use ledger::{
    PointsEntry, Purchase, award_points, points_history, purchases_of, read_typed_purchase,
    record_purchase, record_typed_purchase, redeem_points, void_purchase,
};
pub use model::*;
pub use refresh::ensure_fresh;
pub use search::{
    ReferralNode, ReferralStats, TagCount, custom_tags, list, referral_stats, referral_tree,
};
pub use standing::{delete, mark_left, return_member};
