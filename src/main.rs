//! The `datenreife` command.

/// mimalloc instead of the system allocator: the scan's worker threads allocate the
/// records that the writer frees, and glibc's arenas turn those cross-thread frees into
/// lock contention (measured in `bench/scan-vs-find`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // No transparent huge pages for this process. mimalloc asks for them on its arena,
    // so the kernel zeroes 2 MiB at the first touch of each region: for a scan, which
    // allocates many small short-lived records, that made a first inventory of 200,000
    // files about 12% slower (`bench/scan-vs-find`, interleaved runs). Set here, not
    // in the library, because the flag is inherited by every child process.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    datenreife::cli::main()
}
