//! Harness for driving the built Datenreife app in a real window: `tauri-driver` (which
//! starts WebKitWebDriver, which starts the app) under an X display, a fantoccini
//! WebDriver client, native GTK file dialogs answered with `xdotool`, screenshots into
//! `target/e2e-artifacts/`, and a fixture project with many files.
//!
//! Run through `scripts/test-e2e`, which installs what is needed, builds the app and
//! starts an Xvfb display.
#![allow(clippy::print_stderr)]

use std::ffi::OsString;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::TimeoutConfiguration;
pub use fantoccini::{Client, Locator};
use serde_json::{Value, json};

/// Result type of the harness.
pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// The built app (`DATENREIFE_APP`, else `target/debug/datenreife-app`).
pub fn app_binary() -> PathBuf {
    std::env::var_os("DATENREIFE_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/debug/datenreife-app"))
}

/// Where screenshots and logs go (`target/e2e-artifacts/`, git-ignored).
pub fn artefacts() -> PathBuf {
    let dir = repo().join("target/e2e-artifacts");
    std::fs::create_dir_all(&dir).expect("artefact folder");
    dir
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A running `tauri-driver`. Dropping it stops it with SIGTERM, which also ends the
/// WebKitWebDriver it started (SIGKILL would orphan that and hang the run).
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Starts `tauri-driver` on free ports. `env` is added to its environment and so
    /// reaches the app (e.g. `XDG_CONFIG_HOME` for a fresh settings folder).
    pub fn start(env: &[(&str, OsString)], log_name: &str) -> Result<Driver> {
        let port = free_port();
        let native = free_port();
        let log = std::fs::File::create(artefacts().join(format!("{log_name}.log")))?;
        let mut cmd = Command::new("tauri-driver");
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .map_err(|e| format!("cannot start tauri-driver: {e}"))?;
        let driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("tauri-driver did not start listening".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }

    /// Starts the app and opens a WebDriver session to its window.
    pub async fn launch(&self, app: &Path) -> Result<Ui> {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({ "application": app.to_string_lossy() }),
        );
        let url = format!("http://127.0.0.1:{}", self.port);
        let mut last = None;
        for _ in 0..40 {
            match fantoccini::ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    client
                        .update_timeouts(TimeoutConfiguration::new(
                            Some(Duration::from_secs(600)),
                            Some(Duration::from_secs(30)),
                            Some(Duration::ZERO),
                        ))
                        .await?;
                    let ui = Ui { client };
                    ui.wait("#main").await?;
                    return Ok(ui);
                }
                Err(e) => last = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        Err(format!("no WebDriver session: {last:?}").into())
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
    }
}

/// The app window, seen through WebDriver.
pub struct Ui {
    /// The WebDriver client.
    pub client: Client,
}

/// How long to wait for something to appear.
pub const PATIENCE: Duration = Duration::from_secs(30);

impl Ui {
    /// The first element matching `css`, waiting for it.
    pub async fn wait(&self, css: &str) -> Result<Element> {
        Ok(self
            .client
            .wait()
            .at_most(PATIENCE)
            .every(Duration::from_millis(50))
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("`{css}` did not appear: {e}"))?)
    }

    /// Whether an element matching `css` is there now.
    pub async fn has(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_ok()
    }

    /// Clicks the element matching `css` (waiting for it).
    pub async fn click(&self, css: &str) -> Result<()> {
        self.wait(css).await?.click().await?;
        Ok(())
    }

    /// The text of `css` (its `textContent`, blanks collapsed), waiting for it.
    pub async fn text(&self, css: &str) -> Result<String> {
        self.wait(css).await?;
        Ok(self.text_now(css).await?.unwrap_or_default())
    }

    async fn text_now(&self, css: &str) -> Result<Option<String>> {
        let v = self
            .client
            .execute(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent.replace(/\\s+/g, ' ').trim() : null;",
                vec![json!(css)],
            )
            .await?;
        Ok(v.as_str().map(str::to_owned))
    }

    /// Replaces the value of the input `css` with `text`.
    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        let e = self.wait(css).await?;
        e.clear().await?;
        e.send_keys(text).await?;
        Ok(())
    }

    /// Waits until `css` shows a text for which `ok` holds; returns it.
    pub async fn wait_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> Result<String> {
        let deadline = Instant::now() + PATIENCE;
        let mut last = None;
        while Instant::now() < deadline {
            if let Some(t) = self.text_now(css).await? {
                if ok(&t) {
                    return Ok(t);
                }
                last = Some(t);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = self.shot("failed-wait").await;
        Err(format!("`{css}` never showed the expected text; last: {last:?}").into())
    }

    /// Runs `script` until its result satisfies `ok` (polling); returns that result.
    pub async fn wait_js(&self, script: &str, ok: impl Fn(&Value) -> bool) -> Result<Value> {
        let deadline = Instant::now() + PATIENCE;
        let mut last = Value::Null;
        while Instant::now() < deadline {
            last = self.js(script).await?;
            if ok(&last) {
                return Ok(last);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = self.shot("failed-wait").await;
        Err(format!("`{script}` never gave the expected value; last: {last}").into())
    }

    /// Runs `script` in the page (a function body; `return` a value or a promise).
    pub async fn js(&self, script: &str) -> Result<Value> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    /// Goes to a screen by its hash route (`#/export`), as the navigation links do.
    pub async fn go(&self, hash: &str) -> Result<()> {
        self.js(&format!("window.location.hash = {};", json!(hash)))
            .await?;
        Ok(())
    }

    /// Saves a screenshot of the window's page as `target/e2e-artifacts/<name>.png`.
    pub async fn shot(&self, name: &str) -> Result<PathBuf> {
        // Let fonts and transitions settle.
        self.js("return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 150))));")
            .await?;
        let png = self.client.screenshot().await?;
        let path = artefacts().join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Text of the notice bar when it shows an error.
    pub async fn error_notice(&self) -> Option<String> {
        let v = self
            .js("const n = document.querySelector('[role=alert] [data-testid=notice-text]'); return n ? n.textContent : null;")
            .await
            .ok()?;
        v.as_str().map(str::to_owned)
    }

    /// Ends the session (the app quits).
    pub async fn close(self) -> Result<()> {
        self.client.close().await?;
        Ok(())
    }
}

/// Answers the native file dialog whose title is `title` with `path`: waits for the
/// dialog window, gives it the keyboard, types the full path and presses Enter (GTK's
/// file chooser accepts a full path in its name field; in an open dialog Ctrl+L opens
/// the location field first).
pub fn answer_file_dialog(title: &str, path: &Path, save: bool) -> Result<()> {
    let id = find_window(title, Duration::from_secs(20))?;
    xdotool(&["windowfocus", "--sync", &id])?;
    std::thread::sleep(Duration::from_millis(300));
    if save {
        xdotool(&["key", "--clearmodifiers", "ctrl+a"])?;
    } else {
        xdotool(&["key", "--clearmodifiers", "ctrl+l"])?;
        std::thread::sleep(Duration::from_millis(200));
    }
    xdotool(&[
        "type",
        "--clearmodifiers",
        "--delay",
        "8",
        &path.to_string_lossy(),
    ])?;
    std::thread::sleep(Duration::from_millis(200));
    xdotool(&["key", "--clearmodifiers", "Return"])?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while find_window(title, Duration::ZERO).is_ok() {
        if Instant::now() > deadline {
            return Err(format!("dialog `{title}` stayed open").into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(())
}

fn find_window(title: &str, wait: Duration) -> Result<String> {
    let deadline = Instant::now() + wait;
    loop {
        let out = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", &format!("^{title}$")])
            .output()?;
        let ids = String::from_utf8_lossy(&out.stdout);
        if let Some(id) = ids.lines().next().filter(|l| !l.trim().is_empty()) {
            return Ok(id.trim().to_owned());
        }
        if Instant::now() >= deadline {
            return Err(format!("no window named `{title}`").into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn xdotool(args: &[&str]) -> Result<()> {
    let status = Command::new("xdotool").args(args).status()?;
    if !status.success() {
        return Err(format!("xdotool {args:?} failed: {status}").into());
    }
    Ok(())
}

/// A screenshot of the whole X screen (shows native dialogs over the window).
pub fn screen_shot(name: &str) -> Result<PathBuf> {
    let path = artefacts().join(format!("{name}.png"));
    let status = Command::new("import")
        .args(["-window", "root"])
        .arg(&path)
        .status()?;
    if !status.success() {
        return Err("import -window root failed".into());
    }
    Ok(path)
}

/// Frame-time statistics in milliseconds.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    /// Samples.
    pub n: usize,
    /// Median.
    pub median: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Largest.
    pub max: f64,
}

/// Median, 95th percentile and maximum of `values`.
pub fn stats(values: &[f64]) -> Stats {
    let mut v: Vec<f64> = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let q = |p: f64| v[((p * v.len() as f64) as usize).min(v.len().saturating_sub(1))];
    Stats {
        n: v.len(),
        median: if v.is_empty() { 0.0 } else { q(0.5) },
        p95: if v.is_empty() { 0.0 } else { q(0.95) },
        max: v.last().copied().unwrap_or(0.0),
    }
}

/// Numbers of a JSON array.
pub fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

/// Writes a project file with `files` files in one completed scan (what a scan of a
/// large share leaves behind), without scanning anything. Paths look like an office
/// share; every 500th file is unreadable, every 40th holds personal data.
pub async fn big_project(path: &Path, root: &str, files: usize) -> Result<()> {
    use datenreife::store::Project;
    use datenreife::store::inventory::{self, FileRecord, ScanCounts};
    let project = Project::open(path).await?;
    let mut tx = project.pool().begin().await?;
    let scan = inventory::begin_scan(&mut tx, "2026-11-20T09:00:00Z", "{}").await?;
    let root_id = inventory::upsert_root(&mut tx, root, root.as_bytes(), scan).await?;
    let formats = ["csv", "xlsx", "pdf", "text", "json", "image"];
    let mut records = Vec::with_capacity(files);
    let mut bytes = 0i64;
    for i in 0..files {
        let format = formats[i % formats.len()];
        let ext = match format {
            "text" => "txt",
            "image" => "png",
            f => f,
        };
        let rel = format!(
            "Abteilung {:02}/Projekt {:04}/Datei {:06}.{ext}",
            i / 10_000,
            i / 100,
            i
        );
        let size = 1_000 + (i as i64 * 7_919) % 5_000_000;
        bytes += size;
        let broken = i % 500 == 499;
        records.push(FileRecord {
            id: i as i64 + 1,
            root_id,
            rel_path_raw: rel.clone().into_bytes(),
            rel_path: rel,
            size,
            mtime_ns: Some(1_600_000_000_000_000_000 + i as i64 * 1_000_000_000_000),
            format,
            extension: Some(ext.to_owned()),
            readable: !broken,
            error_code: broken.then(|| "permission_denied".to_owned()),
            ..FileRecord::default()
        });
    }
    inventory::insert_files(&mut tx, records, scan).await?;
    for i in (0..files).step_by(40) {
        let profile = datenreife::profile::FileProfile {
            personal_data: true,
            ..Default::default()
        };
        inventory::set_profile(&mut tx, i as i64 + 1, &profile).await?;
    }
    let counts = ScanCounts {
        files_seen: files as i64,
        files_new: files as i64,
        bytes_seen: bytes,
        errors: (files / 500) as i64,
        ..ScanCounts::default()
    };
    inventory::finish_scan(&mut tx, scan, "2026-11-20T09:04:10Z", "completed", &counts).await?;
    tx.commit().await?;
    let profile = datenreife::company::CompanyProfile {
        name: "Großbestand Beispiel GmbH".into(),
        ..Default::default()
    };
    project.set_company_profile(&profile).await?;
    project.close().await;
    Ok(())
}
