//! Text rules shared by features: mainland mobile numbers, masking, pinyin keys.

mod money;
mod phone;
mod pinyin_keys;

pub use money::parse_yuan;
pub use phone::{MobileError, mask_mobile, normalise_mobile};
pub use pinyin_keys::{PinyinKeys, pinyin_keys};
