//! The terminal: setup, the event loop, and restoring the terminal on every
//! exit — normal, error, panic (panic hook), the terminal gone, and the
//! signals that end a process (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 …).

use super::app::{App, Settings};
use super::config::{no_color_env, Config, Theme};
use super::effects::Effects;
use super::keymap::Keymap;
use super::render::render;
use super::Action;
use crate::corpus::{Corpus, Loader, Source};
use anyhow::Context;
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, MouseButton, MouseEventKind,
};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{stdout, Stdout};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

/// Settings from the user's config file, with messages about anything ignored.
pub fn settings_from_config(config: &Config) -> (Settings, Vec<String>) {
    let (keymap, mut warnings) = Keymap::new(&config.keys);
    let (theme, w) = Theme::from_colors(&config.colors, no_color_env());
    warnings.extend(w);
    (
        Settings {
            keymap,
            theme,
            ambig: config.ambiguous_width,
            mouse: config.mouse.unwrap_or(true),
        },
        warnings,
    )
}

/// How the browser ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A signal ([`STOP_SIGNALS`]) ended it, or the terminal went away (as
    /// SIGHUP), with the terminal
    /// restored; the process should exit with 128 + the signal's number.
    Signal(i32),
}

/// Open the browser on files and folders (the bundled samples when `paths`
/// is empty) and run it until the user quits or a signal ends it. With
/// `cache`, reports parsed before come from the cache of parsed reports
/// ([`crate::corpus::cache`]) and the others are stored in it; with
/// `watch`, the files and folders are watched for reports added, changed
/// and removed meanwhile ([`crate::corpus::watch`]).
pub fn run(paths: Vec<PathBuf>, cache: bool, watch: bool) -> anyhow::Result<Exit> {
    let (config, config_error) = Config::load();
    let (settings, mut warnings) = settings_from_config(&config);
    warnings.extend(config_error);
    let source = if paths.is_empty() {
        Source::Samples
    } else {
        Source::Paths(paths)
    };
    let cache_dir = if cache {
        crate::corpus::cache::default_dir()
    } else {
        None
    };
    let (mut loader, watch_error) = if watch {
        Loader::start_watching(source, cache_dir)
    } else {
        (Loader::start_with(source, cache_dir), None)
    };
    let mut app = App::new(Corpus::default(), settings);
    let config = (!warnings.is_empty()).then(|| format!("config: {}", warnings.join("; ")));
    let problems: Vec<String> = config.into_iter().chain(watch_error).collect();
    if !problems.is_empty() {
        app.error(problems.join("; "));
    }

    // The number of the signal received, 0 while none.
    let stop = Arc::new(AtomicUsize::new(0));
    for &sig in STOP_SIGNALS {
        signal_hook::flag::register_usize(sig, Arc::clone(&stop), sig as usize)
            .context("installing signal handlers")?;
    }
    install_panic_hook();
    spawn_watchdog(Arc::clone(&stop), Terminals::now());
    let mut terminal = setup(app.mouse).inspect_err(|_| restore())?;
    let result = event_loop(&mut terminal, &mut app, &mut loader, &stop);
    restore();
    // `restore` showed the cursor; ratatui's drop would show it again and,
    // when that fails (the terminal gone), print to a standard error that
    // may be gone too — which panics.
    std::mem::forget(terminal);
    result?;
    Ok(match stop.load(Ordering::Relaxed) {
        0 => Exit::Quit,
        sig => Exit::Signal(sig as i32),
    })
}

/// Signals that end the browser with the terminal restored and status
/// 128 plus the signal: every one whose default action ends the process
/// and that a program may catch (SIGQUIT's core dump included).
const STOP_SIGNALS: &[i32] = &[
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGUSR1,
    signal_hook::consts::SIGUSR2,
    signal_hook::consts::SIGALRM,
    signal_hook::consts::SIGVTALRM,
    signal_hook::consts::SIGPROF,
];

/// Which of standard input and output were terminals when the browser
/// started: one that no longer is (`isatty` fails with EIO once the
/// terminal is gone) has hung up.
#[derive(Debug, Clone, Copy)]
struct Terminals {
    stdin: bool,
    stdout: bool,
}

impl Terminals {
    fn now() -> Terminals {
        use std::io::IsTerminal;
        Terminals {
            stdin: std::io::stdin().is_terminal(),
            stdout: std::io::stdout().is_terminal(),
        }
    }

    /// Whether a terminal the browser started on has hung up or is gone.
    fn gone(&self) -> bool {
        let now = Terminals::now();
        let (stdin, stdout) = (std::io::stdin(), std::io::stdout());
        (self.stdin && (!now.stdin || hung_up(&stdin)))
            || (self.stdout && (!now.stdout || hung_up(&stdout)))
    }
}

/// How often the watchdog looks at the terminal and the stop signal.
const WATCH_EVERY: Duration = Duration::from_millis(100);
/// How long the event loop has to obey a stop signal before the watchdog
/// restores the terminal and exits itself.
const STOP_GRACE: Duration = Duration::from_secs(2);

/// A thread that ends the process when the event loop cannot: when the
/// terminal hangs up (its window closed, the SSH link dropped) — crossterm
/// then spins inside `event::poll` and never returns (crossterm issue
/// #793) — or when a stop signal is not obeyed within [`STOP_GRACE`].
/// The exit status is 128 + the signal (SIGHUP for a hang-up).
fn spawn_watchdog(stop: Arc<AtomicUsize>, terminals: Terminals) {
    let watch = move || {
        let mut stopping: Option<Instant> = None;
        loop {
            std::thread::sleep(WATCH_EVERY);
            if terminals.gone() {
                restore();
                crate::export::output::remove_pending();
                std::process::exit(128 + signal_hook::consts::SIGHUP);
            }
            let sig = stop.load(Ordering::Relaxed);
            if sig != 0 && stopping.get_or_insert_with(Instant::now).elapsed() > STOP_GRACE {
                restore();
                crate::export::output::remove_pending();
                std::process::exit(128 + sig as i32);
            }
        }
    };
    // Without the thread the browser still works; only this safety net is lost.
    let _ = std::thread::Builder::new()
        .name("baogao-watchdog".into())
        .spawn(watch);
}

/// Whether `fd` reports a hang-up or an error, without waiting.
fn hung_up(fd: &impl std::os::fd::AsFd) -> bool {
    use rustix::event::{poll, PollFd, PollFlags, Timespec};
    let mut fds = [PollFd::new(fd, PollFlags::empty())];
    let now = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    matches!(poll(&mut fds, Some(&now)), Ok(n) if n > 0)
        && fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL)
}

fn setup(mouse: bool) -> anyhow::Result<Terminal<CrosstermBackend<Stdout>>> {
    terminal::enable_raw_mode()
        .context("cannot put the terminal in raw mode (is this a terminal?)")?;
    let mut out = stdout();
    // A paste arrives as one event (one edit), not as a key per character.
    execute!(
        out,
        EnterAlternateScreen,
        cursor::Hide,
        EnableBracketedPaste
    )?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(Terminal::new(CrosstermBackend::new(out))?)
}

/// Put the terminal back as it was; safe to call more than once.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
}

/// Restore the terminal before the panic message is printed (on the UI
/// thread; parser panics on loader threads are caught and logged instead).
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some("main") {
                restore();
                previous(info);
            }
        }));
    });
}

/// Most input events handled between two frames.
const MAX_EVENTS_PER_FRAME: usize = 256;

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    loader: &mut Loader,
    stop: &AtomicUsize,
) -> anyhow::Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let mut mouse_on = app.mouse;
    let mut effects = Effects::new();
    loop {
        // Take what the loader has ready, within a small time budget.
        let start = Instant::now();
        let mut batch = Vec::new();
        while start.elapsed() < Duration::from_millis(8) {
            match loader.try_next() {
                Some(ev) => batch.push(ev),
                None => break,
            }
        }
        if !batch.is_empty() {
            app.absorb(batch);
        }
        app.tick();
        if let Err(e) = terminal.draw(|f| render(app, f)) {
            // Writing to a terminal that went away fails with EIO.
            if e.raw_os_error() == Some(rustix::io::Errno::IO.raw_os_error()) {
                return terminal_gone(stop);
            }
            return Err(e.into());
        }

        let timeout = if loader.is_finished() && !app.busy() {
            Duration::from_millis(250)
        } else {
            Duration::from_millis(30)
        };
        // An input error (EIO once the terminal is gone) ends the browser
        // as a hang-up would, instead of failing the same read forever.
        let Ok(ready) = event::poll(timeout) else {
            return terminal_gone(stop);
        };
        if ready {
            // A bounded batch: a terminal that keeps reporting input (or a
            // hung-up one) must not keep the loop from drawing or stopping.
            for _ in 0..MAX_EVENTS_PER_FRAME {
                let Ok(ev) = event::read() else {
                    return terminal_gone(stop);
                };
                match ev {
                    Event::Paste(text) => app.paste(&text),
                    ev => {
                        if let Some(a) = to_action(app, ev) {
                            app.update(a);
                            effects.run_all(app, &mut stdout());
                        }
                    }
                }
                if app.quit
                    || stop.load(Ordering::Relaxed) != 0
                    || !event::poll(Duration::ZERO).unwrap_or(false)
                {
                    break;
                }
            }
        }
        if app.quit || stop.load(Ordering::Relaxed) != 0 {
            return Ok(());
        }
        if app.mouse != mouse_on {
            if app.mouse {
                execute!(stdout(), EnableMouseCapture)?;
            } else {
                execute!(stdout(), DisableMouseCapture)?;
            }
            mouse_on = app.mouse;
        }
    }
}

/// The terminal is gone: stop as for SIGHUP (unless a signal came first).
fn terminal_gone(stop: &AtomicUsize) -> anyhow::Result<()> {
    let _ = stop.compare_exchange(
        0,
        signal_hook::consts::SIGHUP as usize,
        Ordering::Relaxed,
        Ordering::Relaxed,
    );
    Ok(())
}

fn to_action(app: &App, ev: Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != event::KeyEventKind::Release => app.action_for_key(k),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::Wheel(m.column, m.row, true)),
            MouseEventKind::ScrollUp => Some(Action::Wheel(m.column, m.row, false)),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            _ => None,
        },
        _ => None,
    }
}
