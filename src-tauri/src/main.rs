//! Datenreife desktop app: a Tauri 2 window around the Svelte UI in `ui/`.
//!
//! The shell only translates: IPC commands become calls on the core's
//! [`Session`](datenreife::app::Session) (`commands.rs`), scan reports become window
//! events (`events.rs`). Settings and recent projects live in the platform's config
//! folder (`$XDG_CONFIG_HOME/de.datenreife.app`, `%APPDATA%\de.datenreife.app`, …).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod events;

use std::time::Duration;

use datenreife::app::Session;
use tauri::{Manager, RunEvent};

/// The same allocator as the CLI: a scan's worker threads allocate what its writer
/// frees, which glibc's arenas serialise.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[allow(clippy::print_stderr)]
fn main() {
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let config_dir = app.path().app_config_dir()?;
            app.manage(Session::new(config_dir, env!("CARGO_PKG_VERSION")));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::project_new,
            commands::project_open,
            commands::company_get,
            commands::company_set,
            commands::scan_start,
            commands::scan_cancel,
            commands::catalog_overview,
            commands::files_page,
            commands::errors_list,
            commands::datasets_list,
            commands::dataset_detail,
            commands::dataset_annotate,
            commands::export_run,
            commands::settings_get,
            commands::settings_set,
        ])
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            eprintln!("Datenreife cannot start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let RunEvent::Exit = event {
            // Stop a running scan (it keeps what it saw) and flush the project file.
            let session = handle.state::<Session>();
            tauri::async_runtime::block_on(session.shutdown(Duration::from_secs(10)));
        }
    });
}
