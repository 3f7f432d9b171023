//! Harness for driving the real, built desktop app: one `tauri-driver` per launch (so
//! each launch gets its own environment: data folder, XDG folders), a WebDriver client
//! over plain HTTP on localhost, and helpers that wait the way a user would.
//!
//! Needs: `SHEQUN_APP_BIN` (the app built with the UI embedded), `tauri-driver` and
//! `WebKitWebDriver` on PATH, and an X display (run under `xvfb-run`).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

pub mod cups;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use tokio::process::{Child, Command};

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T, E = Error> = std::result::Result<T, E>;

const WAIT: Duration = Duration::from_secs(20);

/// Whether WebDriver said the element it was handed is no longer in the page: React
/// replaced it between finding and using it (a list refetched on focus, a cell that
/// re-rendered). A person just looks again, so the helpers find it afresh.
fn is_stale(error: &Error) -> bool {
    matches!(
        error.downcast_ref::<fantoccini::error::CmdError>(),
        Some(fantoccini::error::CmdError::Standard(e))
            if e.error == fantoccini::error::ErrorStatus::StaleElementReference
    )
}

/// The app binary under test.
pub fn app_binary() -> Result<PathBuf> {
    let bin = std::env::var_os("SHEQUN_APP_BIN").ok_or(
        "SHEQUN_APP_BIN is not set: scripts/test.sh builds the app with the UI embedded and sets it",
    )?;
    let bin = PathBuf::from(bin);
    if !bin.is_file() {
        return Err(format!("SHEQUN_APP_BIN={} is not a file", bin.display()).into());
    }
    Ok(bin)
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// One running instance of the app under WebDriver.
pub struct Session {
    pub client: Client,
    driver: Child,
    /// The port tauri-driver told WebKitWebDriver to use: it identifies that
    /// WebKitWebDriver, which runs outside the driver's process group.
    native_port: u16,
    /// From the new-session request (which starts the app) to the shell being drawn.
    pub cold_start: Duration,
    /// The test asked the app to quit: its being gone at the end is expected.
    quit_asked: bool,
}

/// Folders a launch uses; everything lives under one temporary directory. A test
/// holds its sandbox from start to end, and with it its turn (see `ONE_AT_A_TIME`)
/// and its watchdog (see `Watchdog`).
pub struct Sandbox {
    pub root: tempfile::TempDir,
    // Fields drop in this order: the folder, then the watchdog, then the turn.
    _watchdog: Watchdog,
    _turn: MutexGuard<'static, ()>,
}

/// The tests of one binary take turns: they share the X display and the session bus
/// (single-instance), and find the app by its executable. Cargo runs them on parallel
/// threads; the turn makes that safe without `--test-threads=1`, so the e2e tests run
/// in the same `cargo test --workspace` as every other test.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// How long one end-to-end test may run. The longest takes about a minute here; a
/// WebDriver call that never answers would otherwise hold CI until its own limit.
const TEST_LIMIT: Duration = Duration::from_secs(300);

impl Sandbox {
    pub fn new() -> Result<Sandbox> {
        // A test that failed while holding the turn poisons the lock; the next test
        // still gets its turn (the failure is already reported).
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
        let test = std::thread::current()
            .name()
            .unwrap_or("an end-to-end test")
            .to_owned();
        Ok(Sandbox {
            root: tempfile::tempdir()?,
            _watchdog: Watchdog::arm(test, TEST_LIMIT),
            _turn: turn,
        })
    }

    pub fn data_dir(&self) -> PathBuf {
        self.root.path().join("data")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }
}

impl Session {
    /// Starts tauri-driver with the sandbox's environment, then the app through it, and
    /// waits until the shell is painted.
    pub async fn launch(sandbox: &Sandbox, extra_env: &[(&str, &Path)]) -> Result<Session> {
        Self::start(sandbox, extra_env, "[data-testid='app-ready']").await
    }

    /// Reloads the page, as F5 or a crashed web view would, and waits for `css`.
    pub async fn reload_until(&self, css: &str) -> Result<()> {
        self.client.refresh().await?;
        self.wait_css(css).await.map(|_| ())
    }

    /// Starts the app and waits for the PIN lock screen.
    pub async fn launch_locked(sandbox: &Sandbox) -> Result<Session> {
        Self::start(sandbox, &[], "[data-testid='lock-screen']").await
    }

    /// Starts the app and waits for any page at all (e.g. the startup error screen).
    pub async fn launch_without_shell(sandbox: &Sandbox) -> Result<Session> {
        Self::start(sandbox, &[], "#root > *").await
    }

    /// Starts the app, as a person would click its icon again when it did not come
    /// up: when the WebDriver connection drops while the app starts (seen rarely right
    /// after a previous instance quit), or the app process ends before its window is
    /// there (GTK could not open the X display on a machine starved of CPU), everything
    /// of that try is ended and the app started again, at most three times in all. An
    /// app that fails every time still fails the test, with the last reason.
    async fn start(
        sandbox: &Sandbox,
        extra_env: &[(&str, &Path)],
        ready_css: &str,
    ) -> Result<Session> {
        const TRIES: u32 = 3;
        let mut attempt = 1;
        loop {
            match Self::start_once(sandbox, extra_env, ready_css).await {
                Err(e)
                    if attempt < TRIES
                        && (e
                            .downcast_ref::<fantoccini::error::NewSessionError>()
                            .is_some()
                            || e.downcast_ref::<AppExitedWhileStarting>().is_some()) =>
                {
                    eprintln!("[e2e] the app did not come up ({e}); starting it again");
                    wait_until_app_gone();
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    async fn start_once(
        sandbox: &Sandbox,
        extra_env: &[(&str, &Path)],
        ready_css: &str,
    ) -> Result<Session> {
        if std::env::var_os("DISPLAY").is_none() {
            return Err("no DISPLAY: run the end-to-end tests under xvfb-run".into());
        }
        end_leftover_instance();
        let app = app_binary()?;
        let port = free_port()?;
        let native_port = free_port()?;
        let home = sandbox.root.path();
        let mut command = Command::new("tauri-driver");
        command
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("SHEQUN_DATA_DIR", sandbox.data_dir())
            // Window state and WebKit caches go to the sandbox too, never the real home.
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_DATA_HOME", home.join("share"))
            // A build input only (scripts/test.sh sets it for cargo); the app under
            // test runs as a shop's would, without it.
            .env_remove("TAURI_CONFIG")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            // Its own process group: WebKitWebDriver and the app join it, so dropping
            // the session ends all three even when a test fails half way.
            .process_group(0)
            .kill_on_drop(true);
        for (key, value) in extra_env {
            command.env(key, value);
        }
        let driver = command
            .spawn()
            .map_err(|e| format!("cannot start tauri-driver (is it installed?): {e}"))?;
        wait_for_port(port).await?;
        // Registered once it listens: a driver that never did is dropped (and killed)
        // with the error above, and must not leave its group id behind.
        if let Some(group) = driver_group(&driver) {
            DRIVER_GROUPS
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(group);
        }

        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app }),
        );
        let started = Instant::now();
        let url = format!("http://127.0.0.1:{port}");
        let mut builder =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(caps);
        let connected = tokio::select! {
            connected = tokio::time::timeout(Duration::from_secs(60), builder.connect(&url)) => {
                connected.map_err(|_| "the app did not start within 60 s")?
            }
            exited = app_exited_while_starting() => {
                end_group(&driver, native_port);
                return Err(exited.into());
            }
        };
        let client = match connected {
            Ok(client) => client,
            Err(e) => {
                end_group(&driver, native_port);
                return Err(e.into());
            }
        };
        let ready = client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(ready_css))
            .await;
        let session = Session {
            client,
            driver,
            native_port,
            cold_start: started.elapsed(),
            quit_asked: false,
        };
        if let Err(e) = ready {
            session.screenshot("launch-failed").await;
            let source = session.client.source().await.unwrap_or_default();
            return Err(
                format!("the app window never showed its shell: {e}\npage: {source}").into(),
            );
        }
        Ok(session)
    }

    /// Milliseconds from the webview's navigation start to the shell's first frame.
    pub async fn first_paint_ms(&self) -> Result<f64> {
        let value = self
            .client
            .execute(
                "return new Promise(r => requestAnimationFrame(() => r(window.__shequnFirstPaintMs ?? -1)));",
                vec![],
            )
            .await?;
        Ok(value.as_f64().unwrap_or(-1.0))
    }

    /// Waits for the first element matching a CSS selector.
    async fn wait_css(&self, css: &str) -> Result<Element> {
        match self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => Ok(element),
            // Say which element and keep a picture of the window: a bare
            // "WaitTimeout" from CI tells nobody which step it was.
            Err(fantoccini::error::CmdError::WaitTimeout) => {
                let name: String = css
                    .chars()
                    .filter(|c| c.is_alphanumeric() || *c == '-')
                    .take(60)
                    .collect();
                self.screenshot(&format!("never-shown-{name}")).await;
                Err(format!("nothing matching {css} appeared within {WAIT:?}").into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Every element matching `locator` now. WebKitWebDriver fails the whole search
    /// with StaleElementReference when a match leaves the page while it is being
    /// collected (React re-rendering the list); that is "look again", not an error.
    async fn matches(&self, locator: Locator<'_>) -> Result<Vec<Element>> {
        match self.client.find_all(locator).await {
            Err(e) => {
                let e = Error::from(e);
                if is_stale(&e) { Ok(Vec::new()) } else { Err(e) }
            }
            found => Ok(found?),
        }
    }

    /// The displayed element with this test id (antd keeps closed dropdowns and
    /// modals in the page, hidden, so the first match may not be the visible one).
    pub async fn by_test_id(&self, id: &str) -> Result<Element> {
        let css = format!("[data-testid='{id}']");
        let first = self.wait_css(&css).await?;
        let deadline = Instant::now() + WAIT;
        loop {
            for element in self.matches(Locator::Css(&css)).await? {
                if element.is_displayed().await.unwrap_or(false) {
                    return Ok(element);
                }
            }
            if Instant::now() > deadline {
                return Ok(first);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The visible text of a test id, waiting while it is still empty (antd fades
    /// messages in, and WebDriver reports no text for what cannot be seen yet).
    pub async fn text_of(&self, id: &str) -> Result<String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = match self.by_test_id(id).await?.text().await {
                Ok(text) => text,
                Err(e) => {
                    let e = Error::from(e);
                    if Instant::now() > deadline || !is_stale(&e) {
                        return Err(e);
                    }
                    String::new()
                }
            };
            if !text.trim().is_empty() || Instant::now() > deadline {
                return Ok(text);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks a test id, retrying while an animation (modal, drawer, toast) still
    /// covers it, as a person would wait for it to settle.
    pub async fn click(&self, id: &str) -> Result<()> {
        self.afresh(move || async move {
            let element = self.by_test_id(id).await?;
            self.click_element(&element, id).await
        })
        .await
    }

    async fn click_element(&self, element: &Element, label: &str) -> Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            self.wait_settled(element).await;
            match element.click().await {
                Ok(()) => return Ok(()),
                Err(fantoccini::error::CmdError::Standard(e))
                    if matches!(
                        e.error,
                        fantoccini::error::ErrorStatus::ElementClickIntercepted
                            | fantoccini::error::ErrorStatus::ElementNotInteractable
                    ) && Instant::now() < deadline =>
                {
                    tokio::time::sleep(Duration::from_millis(150)).await;
                }
                Err(e) => {
                    let e = Error::from(e);
                    if !is_stale(&e) {
                        self.screenshot(&format!("click-failed-{label}")).await;
                    }
                    return Err(e);
                }
            }
        }
    }

    /// Waits (up to a few seconds) until nothing on the page that holds `element` is
    /// animating and its box stayed put over two frames. WebDriver hit-tests the click
    /// point, then the real mouse event arrives a moment later: if a modal is still
    /// zooming in, the button has moved by then and the click lands beside it (seen on
    /// a loaded machine: 保存 clicked and nothing saved; a click meant for a field
    /// landed on the mask and closed the modal).
    async fn wait_settled(&self, element: &Element) {
        const SETTLED: &str = r#"
            const el = arguments[0];
            const frame = () => new Promise(r => requestAnimationFrame(r));
            const box = () => { const b = el.getBoundingClientRect(); return [b.x, b.y, b.width, b.height].join(); };
            const before = box();
            await frame(); await frame();
            const moving = (document.getAnimations ? document.getAnimations() : []).some(a => {
                const t = a.effect && a.effect.target;
                // antd holds a motion 'paused' on its first frame until it starts.
                const live = a.playState === 'running' || a.playState === 'paused' || a.pending;
                return live && t instanceof Element && t.contains(el);
            });
            return before === box() && !moving;
        "#;
        let script = format!("return (async () => {{ {SETTLED} }})();");
        let deadline = Instant::now() + Duration::from_secs(3);
        let arg = serde_json::to_value(element).unwrap_or_default();
        while Instant::now() < deadline {
            match self.client.execute(&script, vec![arg.clone()]).await {
                Ok(serde_json::Value::Bool(false)) => {}
                // Settled, or the element is gone: the click itself will say so.
                _ => return,
            }
        }
    }

    /// Clicks a button that opens a panel until the element `shown` inside it appears.
    /// Once, in CI, a click on 生成码 that landed right after another dialog closed
    /// opened nothing (the screenshot showed the page unchanged); a person clicks
    /// again, and so does this. Opening twice is harmless: the same panel shows.
    pub async fn open(&self, button: &str, shown: &str) -> Result<()> {
        let css = format!("[data-testid='{shown}']");
        let deadline = Instant::now() + WAIT;
        loop {
            self.click(button).await?;
            let retry_at = Instant::now() + Duration::from_secs(3);
            while Instant::now() < retry_at {
                for element in self.matches(Locator::Css(&css)).await? {
                    if element.is_displayed().await.unwrap_or(false) {
                        return Ok(());
                    }
                }
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
            if Instant::now() > deadline {
                self.screenshot(&format!("open-failed-{button}")).await;
                return Err(format!("{shown} never appeared after clicking {button}").into());
            }
        }
    }

    /// Clicks a closing button until the panel `gone` is no longer shown. A click that
    /// lands while a drawer is still sliding in can be swallowed by the animation.
    pub async fn close(&self, button: &str, gone: &str) -> Result<()> {
        let css = format!("[data-testid='{gone}']");
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(b) = self
                .client
                .find(Locator::Css(&format!("[data-testid='{button}']")))
                .await
            {
                let _ = b.click().await;
            }
            tokio::time::sleep(Duration::from_millis(400)).await;
            let mut shown = false;
            for element in self.matches(Locator::Css(&css)).await? {
                shown |= element.is_displayed().await.unwrap_or(false);
            }
            if !shown {
                return Ok(());
            }
            if Instant::now() > deadline {
                self.screenshot(&format!("close-failed-{button}")).await;
                return Err(format!("{gone} is still shown after clicking {button}").into());
            }
        }
    }

    /// Clicks the innermost visible element showing exactly `text` (a button's label,
    /// a radio option), waiting for it as a person would.
    pub async fn click_text(&self, text: &str) -> Result<()> {
        let xpath = format!(
            "//*[normalize-space(text())='{text}' or normalize-space(.)='{text}'][not(*[normalize-space(.)='{text}'])]"
        );
        let deadline = Instant::now() + WAIT;
        loop {
            for element in self.matches(Locator::XPath(&xpath)).await? {
                if element.is_displayed().await.unwrap_or(false) {
                    match self.click_element(&element, text).await {
                        Err(e) if Instant::now() < deadline && is_stale(&e) => break,
                        done => return done,
                    }
                }
            }
            if Instant::now() > deadline {
                self.screenshot(&format!("click-text-failed-{text}")).await;
                return Err(format!("nothing visible shows «{text}»").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Opens the antd Select with this test id and clicks the option showing `label`.
    pub async fn choose(&self, id: &str, label: &str) -> Result<()> {
        self.click(id).await?;
        self.pick_option(id, label).await
    }

    /// Clicks the option showing `label` in the open dropdown of select `id` (after
    /// typing into a searchable select, say).
    pub async fn pick_option(&self, id: &str, label: &str) -> Result<()> {
        let xpath = format!(
            "//div[contains(@class,'ant-select-item-option')][contains(normalize-space(.), '{label}')]"
        );
        let deadline = Instant::now() + WAIT;
        loop {
            for option in self.matches(Locator::XPath(&xpath)).await? {
                if option.is_displayed().await.unwrap_or(false) {
                    match self.click_element(&option, id).await {
                        Err(e) if Instant::now() < deadline && is_stale(&e) => break,
                        done => return done,
                    }
                }
            }
            if Instant::now() > deadline {
                self.screenshot(&format!("choose-failed-{id}")).await;
                return Err(format!("no option «{label}» in {id}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Replaces an input's text the way a person does: select all, type over it.
    /// A real left click at a point of the window (CSS pixels from its top-left), on
    /// whatever is there: to click beside a dialog, as a stray mouse does.
    pub async fn click_at(&self, x: f64, y: f64) -> Result<()> {
        use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
        let mouse = MouseActions::new("mouse".to_owned())
            .then(PointerAction::MoveTo {
                duration: None,
                x,
                y,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        self.client.perform_actions(mouse).await?;
        Ok(())
    }

    pub async fn type_into(&self, id: &str, text: &str) -> Result<()> {
        self.afresh(|| self.type_over(id, text)).await
    }

    async fn type_over(&self, id: &str, text: &str) -> Result<()> {
        let input = self.input(id).await?;
        self.click_element(&input, id).await?;
        let select_all = format!("{}a", char::from(fantoccini::key::Key::Control));
        input.send_keys(&select_all).await?;
        input
            .send_keys(&char::from(fantoccini::key::Key::Backspace).to_string())
            .await?;
        input.send_keys(text).await?;
        Ok(())
    }

    /// The `<input>` or `<textarea>` behind a test id (antd puts the id on it or a wrapper).
    pub async fn input(&self, id: &str) -> Result<Element> {
        self.wait_css(&format!(
            "input[data-testid='{id}'], textarea[data-testid='{id}'], [data-testid='{id}'] input, [data-testid='{id}'] textarea"
        ))
        .await
    }

    /// Presses Enter in an input (found afresh when React replaced it meanwhile: the
    /// redeem form re-renders as its code is checked).
    pub async fn press_enter(&self, id: &str) -> Result<()> {
        let enter = char::from(fantoccini::key::Key::Enter).to_string();
        let enter = enter.as_str();
        self.afresh(move || async move {
            self.input(id).await?.send_keys(enter).await?;
            Ok(())
        })
        .await
    }

    /// Runs `act` again while it fails only because its element left the page (see
    /// `is_stale`), for up to `WAIT`.
    async fn afresh<T, F, Fut>(&self, mut act: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T>>,
    {
        let deadline = Instant::now() + WAIT;
        loop {
            match act().await {
                Err(e) if Instant::now() < deadline && is_stale(&e) => {}
                done => return done,
            }
        }
    }

    /// Waits for the element matching an XPath and returns its visible text.
    pub async fn text_at(&self, xpath: &str) -> Result<String> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(element) = self.client.find(Locator::XPath(xpath)).await {
                let text = element.text().await.unwrap_or_default();
                if !text.trim().is_empty() {
                    return Ok(text);
                }
            }
            if Instant::now() > deadline {
                return Err(format!("nothing visible at {xpath}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn value_of(&self, id: &str) -> Result<String> {
        self.afresh(move || async move {
            Ok(self
                .input(id)
                .await?
                .prop("value")
                .await?
                .unwrap_or_default())
        })
        .await
    }

    /// Waits until some element visibly shows `text`, and returns that element's text.
    pub async fn wait_for_text(&self, text: &str) -> Result<String> {
        let xpath = format!(
            "//*[contains(normalize-space(.), '{text}') and not(*[contains(normalize-space(.), '{text}')])]"
        );
        let deadline = Instant::now() + WAIT;
        loop {
            // Every match, not the first: a toast fading out still holds the same
            // words, hidden, ahead of the new one in the page.
            for element in self
                .client
                .find_all(Locator::XPath(&xpath))
                .await
                .unwrap_or_default()
            {
                let shown = element.text().await.unwrap_or_default();
                if shown.contains(text) {
                    return Ok(shown);
                }
            }
            if Instant::now() > deadline {
                self.screenshot(&format!(
                    "text-never-appeared-{}",
                    text.chars().take(8).collect::<String>()
                ))
                .await;
                return Err(format!("text «{text}» never appeared").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn screenshot(&self, name: &str) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
        // A picture is for people reading a failure; it must never be why a test hangs
        // (WebKitWebDriver's snapshot waited forever on some pages when GL compositing
        // was off).
        let shot = tokio::time::timeout(Duration::from_secs(15), self.client.screenshot()).await;
        if let Ok(Ok(png)) = shot {
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(dir.join(format!("{name}.png")), png);
        }
    }

    /// Closes the window like the owner does (the app exits), then ends the driver.
    pub async fn quit(mut self) -> Result<()> {
        self.quit_asked = true;
        let _ = self.client.close_window().await;
        let _ = self.client.clone().close().await;
        // Give the app a moment to exit by itself (window closed) before Drop ends
        // whatever is left of the process group.
        let _ = tokio::time::timeout(Duration::from_secs(3), async {
            while app_running() {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
        .await;
        Ok(())
    }
}

/// Processes running the app under test, found by their executable. Tests take turns,
/// and the app under test is the workspace's debug build (a shop runs a release build
/// or an installed one), so this never touches a real shop's app.
fn app_pids() -> Vec<u32> {
    let Ok(app) = app_binary().and_then(|p| Ok(p.canonicalize()?)) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == app))
        .collect()
}

/// The WebKitWebDriver serving `port` (started by our tauri-driver with that port).
fn webdriver_pids(port: u16) -> Vec<u32> {
    let flag = format!("--port={port}");
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|cmd| {
                let args: Vec<&[u8]> = cmd.split(|b| *b == 0).collect();
                args.first()
                    .is_some_and(|a| a.ends_with(b"WebKitWebDriver"))
                    && args.contains(&flag.as_bytes())
            })
        })
        .collect()
}

fn app_running() -> bool {
    !app_pids().is_empty()
}

/// Ends a driver's process group, its WebKitWebDriver and any app it started.
fn end_group(driver: &Child, native_port: u16) {
    use nix::sys::signal::{Signal, kill, killpg};
    use nix::unistd::Pid;
    // Signal through the syscall, never a `kill` command: with a negative pid some
    // `kill` builds end every process of the user.
    if let Some(group) = driver_group(driver) {
        let _ = killpg(Pid::from_raw(group), Signal::SIGKILL);
        DRIVER_GROUPS
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|&g| g != group);
    }
    for pid in app_pids().into_iter().chain(webdriver_pids(native_port)) {
        if let Ok(pid) = i32::try_from(pid) {
            let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
        }
    }
    wait_until_app_gone();
}

/// The process group a driver leads (it was spawned with `process_group(0)`).
fn driver_group(driver: &Child) -> Option<i32> {
    driver
        .id()
        .and_then(|p| i32::try_from(p).ok())
        .filter(|&p| p > 1)
}

/// The session-bus name the test build's single-instance guard holds while it runs
/// (its own identifier, so a shop's real app, whose name differs, is never touched).
const SINGLE_INSTANCE_NAME: &str = "com.shequn.app.e2e.SingleInstance";

/// The process holding a single-instance name on the session bus, if any.
fn single_instance_owner(name: &str) -> Option<u32> {
    let out = std::process::Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.GetConnectionUnixProcessID",
        ])
        .arg(format!("string:{name}"))
        .stderr(Stdio::null())
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .skip_while(|w| *w != "uint32")
        .nth(1)?
        .parse()
        .ok()
}

/// A new launch exits at once, silently, while any earlier instance still holds the
/// single-instance name (it hands its arguments over and quits), which WebDriver sees
/// only as a session that never came. An instance left from an earlier test (whatever
/// its executable: a rebuilt binary no longer matches `app_pids`) is named in the log
/// and ended first.
fn end_leftover_instance() {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    let name = SINGLE_INSTANCE_NAME;
    if let Some(pid) = single_instance_owner(name) {
        let describe = |file: &str| {
            std::fs::read(format!("/proc/{pid}/{file}"))
                .map(|b| {
                    String::from_utf8_lossy(&b)
                        .replace('\0', " ")
                        .trim()
                        .to_owned()
                })
                .unwrap_or_default()
        };
        eprintln!(
            "[e2e] an earlier instance still holds {name}: pid {pid}, {} ({}); ending it before this launch",
            describe("cmdline"),
            describe("stat"),
        );
        if let Ok(pid) = i32::try_from(pid) {
            let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while single_instance_owner(name).is_some() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A leftover instance would swallow the next launch (single-instance).
fn wait_until_app_gone() {
    let deadline = Instant::now() + Duration::from_secs(5);
    while app_running() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Drop for Session {
    /// Ends the driver's process group and any app it left behind, and waits until the
    /// app is gone.
    fn drop(&mut self) {
        // A session the app left on its own (crashed, or quit) makes every later
        // WebDriver call fail with a bare InvalidSessionId; say which it was, so a
        // failure in CI points at the app rather than the step that noticed.
        if !self.quit_asked && !app_running() {
            let webdriver = if webdriver_pids(self.native_port).is_empty() {
                "WebKitWebDriver had gone too"
            } else {
                "WebKitWebDriver was still running"
            };
            eprintln!(
                "[e2e] the app process had already ended before the test let its session go ({webdriver}); \
                 WebDriver errors above (InvalidSessionId) come from that, and the app's own log above says why, if it could"
            );
        }
        end_group(&self.driver, self.native_port);
    }
}

/// Process groups of the tauri-drivers running now, for the watchdog to end.
static DRIVER_GROUPS: Mutex<Vec<i32>> = Mutex::new(Vec::new());

/// Ends the whole test binary, with the test's name, when a test runs past its limit:
/// a hung WebDriver call cannot be interrupted from inside the test, and a hang would
/// otherwise show up only as CI running out of time, naming nothing. Disarmed when
/// dropped (the sender goes away).
struct Watchdog(#[allow(dead_code)] mpsc::Sender<()>);

impl Watchdog {
    fn arm(test: String, limit: Duration) -> Watchdog {
        let (disarm, disarmed) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            if disarmed.recv_timeout(limit) == Err(RecvTimeoutError::Timeout) {
                // Straight to the process's stderr: libtest captures `eprintln!` of a
                // test's threads and would drop it with the exit below.
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "[e2e] {test} 运行超过 {} 秒仍未结束（多半是某个 WebDriver 调用没有回应），已停止本组端到端测试",
                    limit.as_secs()
                );
                end_every_launch();
                std::process::exit(1);
            }
        });
        Watchdog(disarm)
    }
}

/// Ends every driver group, WebKitWebDriver and app instance this process started.
fn end_every_launch() {
    use nix::sys::signal::{Signal, kill, killpg};
    use nix::unistd::Pid;
    let groups = DRIVER_GROUPS.lock().unwrap_or_else(PoisonError::into_inner);
    for &group in groups.iter() {
        let _ = killpg(Pid::from_raw(group), Signal::SIGKILL);
    }
    for pid in app_pids() {
        if let Ok(pid) = i32::try_from(pid) {
            let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
        }
    }
}

/// The app process ended (or never appeared) while WebDriver still waited for its window.
struct AppExitedWhileStarting;

// A test's `Err` is printed with Debug: make that the sentence too.
impl std::fmt::Debug for AppExitedWhileStarting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::fmt::Display for AppExitedWhileStarting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the app process ended before its window came up (its log above says why)")
    }
}

impl std::error::Error for AppExitedWhileStarting {}

/// Resolves once the app has come and gone, or has not appeared within 20 s; never
/// while it runs (the connect it races against then decides).
async fn app_exited_while_starting() -> AppExitedWhileStarting {
    let started = Instant::now();
    let mut seen = false;
    loop {
        let running = app_running();
        seen |= running;
        if (seen && !running) || (!seen && started.elapsed() > Duration::from_secs(20)) {
            return AppExitedWhileStarting;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn wait_for_port(port: u16) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("tauri-driver did not listen on port {port}").into())
}
