//! Integration tests of the core and the CLI (one test binary, modules per area).

mod plan_report;
mod util;
