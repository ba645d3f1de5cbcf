//! The `datenreife` command.

fn main() -> std::process::ExitCode {
    datenreife::cli::main()
}
