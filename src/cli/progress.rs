//! A progress bar for long work on a terminal; silent when stderr is not one.

use std::time::Duration;

use indicatif::{HumanBytes, ProgressBar, ProgressStyle};

use crate::i18n::{Lang, t};
use crate::scan::{ScanPhase, ScanProgress};

/// Shows a scan's progress until `done` resolves, refreshing several times a second.
pub(crate) async fn follow_scan<F: std::future::Future>(
    progress: &ScanProgress,
    lang: Lang,
    done: F,
) -> F::Output {
    if !super::interactive() {
        return done.await;
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner:.cyan} {prefix:.bold} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    let started = std::time::Instant::now();
    tokio::pin!(done);
    let mut ticker = tokio::time::interval(Duration::from_millis(200));
    let output = loop {
        tokio::select! {
            out = &mut done => break out,
            _ = ticker.tick() => {
                let s = progress.snapshot();
                let secs = started.elapsed().as_secs_f64().max(0.001);
                bar.set_prefix(phase_label(s.phase, lang));
                let msg = match s.phase {
                    ScanPhase::Walking | ScanPhase::Preparing => format!(
                        "{} {} · {} · {:.0}/s · {}",
                        lang.number(s.files as f64, 0),
                        t(lang, "scan.progress_files"),
                        HumanBytes(s.bytes),
                        s.files as f64 / secs,
                        shorten(&s.current_folder, 60),
                    ),
                    _ if s.step_total > 0 => format!("{} / {}", s.step_done, s.step_total),
                    _ => String::new(),
                };
                bar.set_message(msg);
            }
        }
    };
    bar.finish_and_clear();
    output
}

fn phase_label(phase: ScanPhase, lang: Lang) -> String {
    let key = match phase {
        ScanPhase::Preparing => "scan.phase_preparing",
        ScanPhase::Walking => "scan.phase_walking",
        ScanPhase::Profiling => "scan.phase_profiling",
        ScanPhase::Hashing => "scan.phase_hashing",
        ScanPhase::Saving => "scan.phase_saving",
        ScanPhase::Done => "scan.phase_done",
    };
    t(lang, key)
}

/// Keeps the end of a long path: `…/Vertrieb/2024/Kunden`.
fn shorten(path: &str, max: usize) -> String {
    let chars: Vec<char> = path.chars().collect();
    if chars.len() <= max {
        return path.to_owned();
    }
    let tail: String = chars[chars.len() - (max - 1)..].iter().collect();
    format!("…{tail}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_paths_keep_their_end() {
        assert_eq!(super::shorten("/a/b", 10), "/a/b");
        let s = super::shorten("/mnt/share/Vertrieb/2024/Kunden", 12);
        assert_eq!(s.chars().count(), 12);
        assert!(s.ends_with("2024/Kunden"));
    }
}
