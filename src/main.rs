//! The `baogao` binary: a thin layer over the library (see `cli`).

mod audit_cli;
mod cli;

/// jemalloc: less kernel time than glibc's per-thread arenas when both
/// cores allocate the parsed reports at once (README, "Measured").
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    std::process::exit(cli::main());
}
