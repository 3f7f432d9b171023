//! SQL of the shop profile (a single row, id = 1).

use rusqlite::{Connection, OptionalExtension, params};

use super::model::{BusinessRules, ReferralTrigger, ShopProfile, TierThresholds};

/// The saved profile, with `logo` holding the stored file name (not yet a path).
pub fn load(conn: &Connection) -> rusqlite::Result<ShopProfile> {
    conn.query_row(
        "SELECT name, slogan, address, phone, link, logo_file, primary_color, accent_color,
                tier_bronze_fen, tier_silver_fen, tier_gold_fen, tier_diamond_fen,
                dormant_days, points_per_yuan, updated_at, high_value_fen,
                points_expiry_months, referral_points_referrer, referral_points_referee,
                referral_points_on, point_value_fen_per_100, member_day
           FROM shop_profile WHERE id = 1",
        [],
        |r| {
            Ok(ShopProfile {
                name: r.get(0)?,
                slogan: r.get(1)?,
                address: r.get(2)?,
                phone: r.get(3)?,
                link: r.get(4)?,
                logo: r.get(5)?,
                primary: r.get(6)?,
                accent: r.get(7)?,
                rules: BusinessRules {
                    tiers: TierThresholds {
                        bronze_fen: r.get(8)?,
                        silver_fen: r.get(9)?,
                        gold_fen: r.get(10)?,
                        diamond_fen: r.get(11)?,
                    },
                    dormant_days: r.get(12)?,
                    points_per_yuan: r.get(13)?,
                    high_value_fen: r.get(15)?,
                    points_expiry_months: r.get(16)?,
                    referral_points_referrer: r.get(17)?,
                    referral_points_referee: r.get(18)?,
                    referral_points_on: match r.get::<_, String>(19)?.as_str() {
                        "first_purchase" => ReferralTrigger::FirstPurchase,
                        _ => ReferralTrigger::Join,
                    },
                    point_value_fen_per_100: r.get(20)?,
                    member_day: r.get(21)?,
                },
                updated_at: r.get(14)?,
            })
        },
    )
}

/// When the owner finished the 开店向导, if they have.
pub fn setup_done_at(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT setup_done_at FROM shop_profile WHERE id = 1",
        [],
        |r| r.get(0),
    )
}

/// Records that the owner finished the 开店向导 (the first time only).
pub fn mark_setup_done(conn: &Connection, at: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE shop_profile SET setup_done_at = COALESCE(setup_done_at, ?1) WHERE id = 1",
        [at],
    )
    .map(|_| ())
}

/// The stored logo's file name, if any.
pub fn logo_file(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT logo_file FROM shop_profile WHERE id = 1", [], |r| {
        r.get(0)
    })
    .optional()
    .map(Option::flatten)
}

/// Only the business rules, for features that read nothing else.
pub fn rules(conn: &Connection) -> rusqlite::Result<BusinessRules> {
    load(conn).map(|p| p.rules)
}

/// Writes every field; `profile.logo` must hold the file name, not a path.
pub fn save(conn: &Connection, profile: &ShopProfile) -> rusqlite::Result<()> {
    let t = &profile.rules.tiers;
    conn.execute(
        "UPDATE shop_profile SET
            name = ?1, slogan = ?2, address = ?3, phone = ?4, link = ?5, logo_file = ?6,
            primary_color = ?7, accent_color = ?8,
            tier_bronze_fen = ?9, tier_silver_fen = ?10, tier_gold_fen = ?11, tier_diamond_fen = ?12,
            dormant_days = ?13, points_per_yuan = ?14, updated_at = ?15,
            high_value_fen = ?16, points_expiry_months = ?17,
            referral_points_referrer = ?18, referral_points_referee = ?19,
            referral_points_on = ?20, point_value_fen_per_100 = ?21, member_day = ?22
          WHERE id = 1",
        params![
            profile.name,
            profile.slogan,
            profile.address,
            profile.phone,
            profile.link,
            profile.logo,
            profile.primary,
            profile.accent,
            t.bronze_fen,
            t.silver_fen,
            t.gold_fen,
            t.diamond_fen,
            profile.rules.dormant_days,
            profile.rules.points_per_yuan,
            profile.updated_at,
            profile.rules.high_value_fen,
            profile.rules.points_expiry_months,
            profile.rules.referral_points_referrer,
            profile.rules.referral_points_referee,
            profile.rules.referral_points_on.as_str(),
            profile.rules.point_value_fen_per_100,
            profile.rules.member_day,
        ],
    )?;
    Ok(())
}
