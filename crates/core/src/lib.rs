//! 社群掌柜 core: the whole domain, its storage and its rendering.
//!
//! The desktop shell (`src-tauri`) and the command line (`crates/cli`) are two thin
//! fronts over this crate; nothing here knows about Tauri or the UI.

pub mod backup;
pub mod calendar;
pub mod campaigns;
pub mod db;
pub mod error;
pub mod invites;
pub mod jobs;
pub mod lock;
pub mod members;
pub mod overview;
pub mod paths;
pub mod phrases;
pub mod posters;
pub mod printing;
pub mod render;
pub mod reports;
pub mod setup;
pub(crate) mod sheet;
pub mod shop;
mod store;
pub mod text;
mod this_computer;
pub mod training;

pub use error::{Code, Error, ErrorPayload, FieldError, Result};
pub use store::Store;

/// Loads a feature's shipped defaults into a new data file (once; see `db::seed_once`).
type LoadDefaults = fn(&rusqlite::Connection, chrono::DateTime<chrono::Local>) -> Result<()>;

/// What each feature ships ready-made, loaded once into a new data file by
/// [`Store::open`]: the phrase library, the checklist templates and level criteria.
const SHIPPED_DEFAULTS: &[LoadDefaults] =
    &[phrases::load_defaults_once, training::load_defaults_once];
