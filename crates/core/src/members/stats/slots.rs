//! What the report's tallies are keyed by: days as numbers and members as slots, so
//! that a row of a million costs no allocation and no hashing.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

/// A day as a number (days since 0001-01-01), so a row costs no allocation.
pub(super) type Day = i32;

pub(super) fn day_of(date: NaiveDate) -> Day {
    date.num_days_from_ce()
}

/// `YYYY-MM-DD` to a [`Day`]; `None` for anything else.
pub(super) fn parse_day(text: &str) -> Option<Day> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(number(&b[0..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&b[5..7])?, number(&b[8..10])?).map(day_of)
}

/// Something per member, kept in a slot per id: the book numbers its members 1, 2,
/// 3 …, so a vector beats hashing a hundred thousand ids several times a row. An id
/// far beyond the others (a hand-edited file) goes to a map instead of growing the
/// vector without bound.
pub(super) struct ByMember<T> {
    slots: Vec<Option<T>>,
    far: HashMap<i64, T>,
}

/// Ids up to this are kept in slots.
const SLOTS_MAX: usize = 1 << 24;

impl<T> ByMember<T> {
    pub(super) fn new() -> ByMember<T> {
        ByMember {
            slots: Vec::new(),
            far: HashMap::new(),
        }
    }

    pub(super) fn entry(&mut self, id: i64, new: impl FnOnce() -> T) -> &mut T {
        match usize::try_from(id) {
            Ok(i) if i < SLOTS_MAX => {
                if i >= self.slots.len() {
                    self.slots
                        .resize_with((i + 1).max(self.slots.len() * 2), || None);
                }
                self.slots[i].get_or_insert_with(new)
            }
            _ => self.far.entry(id).or_insert_with(new),
        }
    }

    pub(super) fn entry_if_present(&mut self, id: i64) -> Option<&mut T> {
        match usize::try_from(id) {
            Ok(i) if i < SLOTS_MAX => self.slots.get_mut(i).and_then(Option::as_mut),
            _ => self.far.get_mut(&id),
        }
    }

    pub(super) fn get(&self, id: i64) -> Option<&T> {
        match usize::try_from(id) {
            Ok(i) if i < SLOTS_MAX => self.slots.get(i).and_then(Option::as_ref),
            _ => self.far.get(&id),
        }
    }

    /// Every id with its value.
    pub(super) fn iter(&self) -> impl Iterator<Item = (i64, &T)> {
        let slots = self.slots.iter().enumerate();
        slots
            .filter_map(|(i, v)| Some((i64::try_from(i).ok()?, v.as_ref()?)))
            .chain(self.far.iter().map(|(id, v)| (*id, v)))
    }

    pub(super) fn values(&self) -> impl Iterator<Item = &T> {
        self.slots.iter().flatten().chain(self.far.values())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_parse_only_as_dates() {
        let day = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().map(day_of);
        for text in ["2024-02-29", "2026-12-31", "0001-01-01"] {
            assert_eq!(parse_day(text), day(text), "{text}");
            assert!(parse_day(text).is_some());
        }
        for text in [
            "2023-02-29",
            "2026-13-01",
            "2026-1-01",
            "2026/11/01",
            "",
            "２０２６-11-01",
        ] {
            assert_eq!(parse_day(text), None, "{text}");
        }
    }

    #[test]
    fn members_far_beyond_the_others_are_kept_too() {
        let mut m: ByMember<u32> = ByMember::new();
        for id in [3, 1, i64::MAX, -5, 3] {
            *m.entry(id, || 0) += 1;
        }
        assert_eq!(
            (m.get(3), m.get(1), m.get(i64::MAX), m.get(-5), m.get(2)),
            (Some(&2), Some(&1), Some(&1), Some(&1), None)
        );
        assert_eq!(m.values().count(), 4);
        let mut all: Vec<(i64, u32)> = m.iter().map(|(id, n)| (id, *n)).collect();
        all.sort_unstable();
        assert_eq!(all, [(-5, 1), (1, 1), (3, 2), (i64::MAX, 1)]);
        assert!(m.slots.len() < 16, "no slots for the far ids");
    }
}
