pub mod app;
pub mod shop;
