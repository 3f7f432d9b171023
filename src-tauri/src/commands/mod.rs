pub mod app;
pub mod files;
pub mod invites;
pub mod members;
pub mod posters;
pub mod scripts;
pub mod shop;
pub mod training;
