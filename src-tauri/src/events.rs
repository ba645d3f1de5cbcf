//! Scan events for the window: `scan-progress` (sampled by the core a few times per
//! second) and `scan-finished` (once).

use datenreife::app::ScanEvents;
use datenreife::app::ipc::{ScanProgress, ScanSummary};
use tauri::{AppHandle, Emitter};

/// Event names the UI listens to (`ui/src/lib/backend.ts`).
pub(crate) const SCAN_PROGRESS: &str = "scan-progress";
pub(crate) const SCAN_FINISHED: &str = "scan-finished";

/// Emits a background scan's reports to every window of the app.
pub(crate) struct ScanEventSink {
    app: AppHandle,
}

impl ScanEventSink {
    pub(crate) fn new(app: AppHandle) -> ScanEventSink {
        ScanEventSink { app }
    }
}

impl ScanEvents for ScanEventSink {
    fn progress(&self, progress: &ScanProgress) {
        // A window that is closing cannot receive events; the scan goes on regardless.
        let _ = self.app.emit(SCAN_PROGRESS, progress);
    }

    fn finished(&self, summary: &ScanSummary) {
        let _ = self.app.emit(SCAN_FINISHED, summary);
    }
}
