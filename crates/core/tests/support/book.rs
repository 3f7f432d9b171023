//! A member book to test invites and posters against: a fixed clock, a member or a
//! 老带新 channel in one call, every row of the book to compare before and after.
//! Included with `#[path]`.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::{DateTime, Local, NaiveDate, TimeZone};
use shequn_core::Store;
use shequn_core::invites::{self, ChannelKind, NewChannel};
use shequn_core::members::{self, AddOutcome, MemberView, NewMember};

pub fn now() -> DateTime<Local> {
    Local
        .with_ymd_and_hms(2026, 11, 22, 10, 0, 0)
        .single()
        .unwrap()
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// A new member; the phone must not be in the book yet.
pub fn member(store: &Store, name: &str, phone: &str) -> MemberView {
    let added = members::add(
        store,
        &NewMember {
            name: name.into(),
            phone: phone.into(),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap();
    match added {
        AddOutcome::Created(m) => m,
        AddOutcome::Existing(m) => panic!("{phone} is already {}", m.name),
    }
}

/// Adds a channel as given, today.
pub fn channel(store: &Store, new: NewChannel) -> invites::ChannelView {
    invites::add_channel(store, &new, today(), now()).unwrap()
}

/// A 老带新 channel leading to `link`, with `gift`.
pub fn referral_channel(store: &Store, link: &str, gift: &str) -> i64 {
    invites::add_channel(
        store,
        &NewChannel {
            name: "老带新".into(),
            kind: Some(ChannelKind::Referral),
            link: Some(link.into()),
            gift: Some(gift.into()),
            ..Default::default()
        },
        today(),
        now(),
    )
    .unwrap()
    .id
}

#[path = "tables.rs"]
mod tables;

/// Every row of the member book's tables, as text: a book "exactly as before" has
/// the same list.
pub fn rows(store: &Store) -> Vec<String> {
    tables::rows(store.conn(), &tables::BOOK)
}
