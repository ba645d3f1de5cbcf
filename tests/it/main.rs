//! Integration tests of the core and the CLI (one test binary, modules per area).
#![allow(unreachable_pub)]

mod scan;
mod util;
