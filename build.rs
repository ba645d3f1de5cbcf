//! Rebuild when embedded data files change.

fn main() {
    for dir in ["migrations", "templates", "questionnaires", "knowledge"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
