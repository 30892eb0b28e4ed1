//! Output helpers: base64, RFC 3339 times, key metadata as JSON, the progress bar.

use std::io::{IsTerminal, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use datakey::kms::KeyMetadata;
use datakey::message::Zeroizing;
use serde_json::{Value, json};

/// Standard base64 (zeroized on drop: it may hold a data key).
pub(crate) fn b64(bytes: &[u8]) -> Zeroizing<String> {
    Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// `YYYY-MM-DDTHH:MM:SSZ` (UTC). Times before 1970 print as the epoch's negative offset in
/// seconds, which the local KMS never produces.
pub(crate) fn fmt_time(t: SystemTime) -> String {
    let Ok(d) = t.duration_since(UNIX_EPOCH) else {
        return "1970-01-01T00:00:00Z".to_owned();
    };
    let secs = d.as_secs();
    let days = i64::try_from(secs / 86_400).unwrap_or(i64::MAX / 2);
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A key's metadata (and aliases) as JSON; KMS field names in snake_case.
pub(crate) fn key_json(md: &KeyMetadata, aliases: &[String]) -> Value {
    json!({
        "key_id": md.key_id,
        "arn": md.arn,
        "description": md.description,
        "key_state": md.key_state.as_str(),
        "enabled": md.enabled,
        "key_spec": md.key_spec.as_str(),
        "key_usage": md.key_usage.as_str(),
        "origin": md.origin.as_str(),
        "creation_date": fmt_time(md.creation_date),
        "deletion_date": md.deletion_date.map(fmt_time),
        "pending_deletion_window_in_days": md.pending_deletion_window_in_days,
        "current_key_material_id": md.current_key_material_id,
        "aliases": aliases,
    })
}

/// Inputs at least this large get a progress bar (when stderr is a terminal).
const LARGE: u64 = 16 * 1024 * 1024;

/// A one-line progress bar on stderr, drawn only for large inputs and only when stderr is a
/// terminal (never in scripts or pipelines that capture stderr).
pub(crate) struct Progress {
    total: Option<u64>,
    done: u64,
    drawn_at: u64,
    active: bool,
    tty: bool,
    label: &'static str,
}

impl Progress {
    pub(crate) fn new(label: &'static str, total: Option<u64>) -> Self {
        let tty = std::io::stderr().is_terminal();
        Self {
            total,
            done: 0,
            drawn_at: 0,
            active: tty && total.is_some_and(|t| t >= LARGE),
            tty,
            label,
        }
    }

    pub(crate) fn advance(&mut self, n: usize) {
        self.done = self.done.saturating_add(n as u64);
        // Input of unknown size (a pipe) becomes "large" once it has passed the threshold.
        if !self.active && self.tty && self.total.is_none() && self.done >= LARGE {
            self.active = true;
        }
        if self.active && self.done - self.drawn_at >= 1024 * 1024 {
            self.drawn_at = self.done;
            self.draw();
        }
    }

    fn draw(&self) {
        let mib = self.done as f64 / (1024.0 * 1024.0);
        let line = match self.total {
            Some(t) if t > 0 => {
                let frac = (self.done as f64 / t as f64).min(1.0);
                let filled = (frac * 30.0) as usize;
                format!(
                    "\r{} [{}{}] {:>3.0}% {mib:.1} MiB",
                    self.label,
                    "#".repeat(filled),
                    " ".repeat(30 - filled),
                    frac * 100.0
                )
            }
            _ => format!("\r{} {mib:.1} MiB", self.label),
        };
        let mut e = std::io::stderr();
        let _ = e.write_all(line.as_bytes());
        let _ = e.flush();
    }

    pub(crate) fn finish(&self) {
        if self.active {
            self.draw();
            eprintln!();
        }
    }
}
