//! Section topics and canonical indicator keys, loaded from `assets/taxonomy.toml`.

use std::sync::LazyLock;

/// The taxonomy.
#[derive(Debug, Default)]
pub struct Taxonomy {}

static GLOBAL: LazyLock<Taxonomy> = LazyLock::new(Taxonomy::default);

impl Taxonomy {
    /// The built-in taxonomy.
    pub fn global() -> &'static Taxonomy {
        &GLOBAL
    }
}
