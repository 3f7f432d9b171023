pub mod app;
pub mod files;
pub mod members;
pub mod shop;
