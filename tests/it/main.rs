//! Integration tests of the core and the CLI (one test binary, modules per area).
#![allow(unreachable_pub)]

mod app;
mod assess;
mod datasets;
mod examples;
mod plan_report;
mod profile;
mod questionnaire;
mod scan;
mod sources;
mod util;
