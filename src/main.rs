//! The `datenreife` command.

/// mimalloc instead of the system allocator: the scan's worker threads allocate the
/// records that the writer frees, and glibc's arenas turn those cross-thread frees into
/// lock contention (measured in `bench/scan-vs-find`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    datenreife::cli::main()
}
