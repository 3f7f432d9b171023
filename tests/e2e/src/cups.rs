//! A private CUPS server with a cups-pdf virtual printer, for tests that print for
//! real. It runs from its own folder and socket, so it never touches the machine's
//! own printers; the app reaches it through `CUPS_SERVER`.
//!
//! cups-pdf reads its settings from the fixed `/etc/cups/cups-pdf.conf`, so the
//! printed PDF lands where that file's `Out` says (Debian: `${HOME}/PDF` of the user
//! who printed); [`PrivateCups::printed_pdf`] looks there.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::Result;

const CUPS_PDF_PPD: &str = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd";

pub struct PrivateCups {
    dir: tempfile::TempDir,
    daemon: Child,
    pub printer: String,
    started: SystemTime,
}

impl PrivateCups {
    /// Starts cupsd in the foreground as a child and adds a cups-pdf queue `printer`.
    pub fn start(printer: &str) -> Result<PrivateCups> {
        if !Path::new(CUPS_PDF_PPD).is_file() {
            return Err(format!(
                "{CUPS_PDF_PPD} is missing: install printer-driver-cups-pdf (scripts/lib.sh does)"
            )
            .into());
        }
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        for sub in ["conf", "spool", "cache", "state", "log"] {
            std::fs::create_dir_all(root.join(sub))?;
        }
        let tmp = root.join("tmp");
        std::fs::create_dir_all(&tmp)?;
        // Filters run as the unprivileged `lp` user and must reach the spool and temp.
        make_world_usable(root)?;
        let socket = root.join("cups.sock");
        std::fs::write(
            root.join("cupsd.conf"),
            format!(
                "Listen {}\nLogLevel warn\nWebInterface No\nBrowsing No\nDefaultAuthType None\n\
                 <Location />\n  Order allow,deny\n  Allow all\n</Location>\n\
                 <Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n",
                socket.display()
            ),
        )?;
        std::fs::write(
            root.join("cups-files.conf"),
            format!(
                "ServerRoot {r}/conf\nRequestRoot {r}/spool\nTempDir {r}/tmp\nCacheDir {r}/cache\n\
                 StateDir {r}/state\nAccessLog {r}/log/access_log\nErrorLog {r}/log/error_log\n\
                 PageLog {r}/log/page_log\nSandboxing relaxed\n",
                r = root.display()
            ),
        )?;
        let daemon = Command::new("cupsd")
            .arg("-f")
            .arg("-c")
            .arg(root.join("cupsd.conf"))
            .arg("-s")
            .arg(root.join("cups-files.conf"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start cupsd (install cups): {e}"))?;
        let cups = PrivateCups {
            dir,
            daemon,
            printer: printer.to_owned(),
            started: SystemTime::now(),
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        while !socket.exists() {
            if Instant::now() > deadline {
                return Err(format!("cupsd never opened its socket: {}", cups.log()).into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let added = cups
            .command("lpadmin")
            .args(["-p", printer, "-v", "cups-pdf:/", "-P", CUPS_PDF_PPD, "-E"])
            .output()?;
        if !added.status.success() {
            return Err(format!(
                "lpadmin failed: {} {}",
                String::from_utf8_lossy(&added.stderr),
                cups.log()
            )
            .into());
        }
        Ok(cups)
    }

    /// The value for `CUPS_SERVER`: the private server's socket.
    pub fn server(&self) -> PathBuf {
        self.dir.path().join("cups.sock")
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("CUPS_SERVER", self.server());
        c
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("log/error_log")).unwrap_or_default()
    }

    /// Waits for job `job` ("ShequnPDF-3") to come out of cups-pdf and returns the PDF.
    pub fn printed_pdf(&self, job: &str, within: Duration) -> Result<PathBuf> {
        let number = job
            .rsplit('-')
            .next()
            .filter(|n| n.chars().all(|c| c.is_ascii_digit()))
            .ok_or_else(|| format!("not a CUPS job id: {job}"))?;
        let suffix = format!("-job_{number}.pdf");
        let out = cups_pdf_out_dir()?;
        let deadline = Instant::now() + within;
        loop {
            let found = std::fs::read_dir(&out).ok().and_then(|entries| {
                entries.flatten().map(|e| e.path()).find(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.ends_with(&suffix))
                        && std::fs::metadata(p)
                            .and_then(|m| m.modified())
                            .is_ok_and(|t| t >= self.started)
                        // cups-pdf writes in place; a file still growing is not done.
                        && !self.job_pending(job)
                })
            });
            if let Some(path) = found {
                return Ok(path);
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "no PDF for job {job} in {} after {within:?}; cupsd log: {}",
                    out.display(),
                    self.log()
                )
                .into());
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    fn job_pending(&self, job: &str) -> bool {
        self.command("lpstat")
            .arg("-o")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).contains(job))
            .unwrap_or(false)
    }
}

impl Drop for PrivateCups {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

fn make_world_usable(root: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755))?;
    std::fs::set_permissions(root.join("tmp"), std::fs::Permissions::from_mode(0o1777))?;
    Ok(())
}

/// Where cups-pdf writes for the current user: `Out` of /etc/cups/cups-pdf.conf with
/// `${HOME}` as the user's home from the password database (what cups-pdf uses).
fn cups_pdf_out_dir() -> Result<PathBuf> {
    let conf = std::fs::read_to_string("/etc/cups/cups-pdf.conf").unwrap_or_default();
    let out = conf
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("Out "))
        .map(str::trim)
        .unwrap_or("${HOME}/PDF")
        .to_owned();
    let user = String::from_utf8(Command::new("id").arg("-un").output()?.stdout)?;
    let entry = String::from_utf8(
        Command::new("getent")
            .args(["passwd", user.trim()])
            .output()?
            .stdout,
    )?;
    let home = entry
        .trim()
        .split(':')
        .nth(5)
        .ok_or_else(|| format!("no home for user {}", user.trim()))?;
    Ok(PathBuf::from(
        out.replace("${HOME}", home).replace("${USER}", user.trim()),
    ))
}
