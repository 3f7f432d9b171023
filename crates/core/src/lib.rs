//! 社群掌柜 core: the whole domain, its storage and its rendering.
//!
//! The desktop shell (`src-tauri`) and the command line (`crates/cli`) are two thin
//! fronts over this crate; nothing here knows about Tauri or the UI.

pub mod db;
pub mod error;
pub mod invites;
pub mod members;
pub mod overview;
pub mod paths;
pub mod posters;
pub mod printing;
pub mod render;
pub mod scripts;
pub(crate) mod sheet;
pub mod shop;
mod store;
pub mod text;
pub mod training;

pub use error::{Code, Error, ErrorPayload, FieldError, Result};
pub use store::Store;
