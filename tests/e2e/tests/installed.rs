//! The installed app's start and idle memory (issue 18: cold start to first paint ≤ 1 s,
//! idle memory after a minute ≤ 200 MB). A benchmark, not a test: it runs by hand on
//! the binary the .deb installed —
//! `SHEQUN_APP_BIN=/usr/bin/shequn-app cargo test -p shequn-e2e --test installed --
//! --ignored --nocapture` — and prints `[bench]` lines.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::time::Duration;

use shequn_e2e::{Result, Sandbox, Session};

/// Resident memory (kB) of `pid` and every process under it: the app's own and its
/// WebKit web and network processes.
fn tree_rss_kb(pid: u32) -> u64 {
    let mut total = 0;
    let mut next = vec![pid];
    while let Some(p) = next.pop() {
        let status = std::fs::read_to_string(format!("/proc/{p}/status")).unwrap_or_default();
        total += status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0);
        let children =
            std::fs::read_to_string(format!("/proc/{p}/task/{p}/children")).unwrap_or_default();
        next.extend(
            children
                .split_whitespace()
                .filter_map(|c| c.parse::<u32>().ok()),
        );
    }
    total
}

/// The app's process: the one running the binary under test.
fn app_pid(binary: &std::path::Path) -> Option<u32> {
    let wanted = std::fs::canonicalize(binary).ok()?;
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            (std::fs::read_link(entry.path().join("exe")).ok()? == wanted).then_some(pid)
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark of the installed app: run by hand"]
async fn the_installed_app_starts_and_idles() -> Result<()> {
    let binary = shequn_e2e::app_binary()?;
    let sandbox = Sandbox::new()?;
    let app = Session::launch(&sandbox, &[]).await?;
    let first_paint = app.first_paint_ms().await?;
    println!(
        "[bench] {}: cold start to first paint {} ms (webview first frame {first_paint:.0} ms after navigation start)",
        binary.display(),
        app.cold_start.as_millis()
    );
    let pid = app_pid(&binary).ok_or("the app's process was not found")?;
    println!(
        "[bench] memory right after start: {} MB",
        tree_rss_kb(pid) / 1024
    );
    tokio::time::sleep(Duration::from_secs(60)).await;
    println!(
        "[bench] memory after a minute idle (app and its WebKit processes): {} MB",
        tree_rss_kb(pid) / 1024
    );
    app.quit().await?;
    Ok(())
}
