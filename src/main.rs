//! The `baogao` binary: a thin layer over the library (see `cli`).

mod cli;

/// mimalloc: parsing makes many small, short-lived allocations on every
/// core, where it is markedly faster than the system allocator.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
