//! The terminal browser: a thin layer over the library.
//!
//! Keys become [`Action`]s through one [`keymap::Keymap`]; [`App::update`]
//! changes state without I/O or drawing; [`render::render`] draws the state.
//! [`run::run`] owns the terminal and the event loop; reports load on
//! background threads ([`crate::corpus::Loader`]) and fill in as they arrive.

pub mod action;
pub mod app;
pub mod config;
pub mod draw;
pub mod effects;
mod follow;
pub mod help;
pub mod keymap;
pub mod layout;
pub mod loadlog;
pub mod panes;
pub mod render;
pub mod run;
pub mod screens;
pub mod search;
pub mod typing;
pub mod width;

pub use action::Action;
pub use app::{App, Settings};
pub use run::{run, Exit};
