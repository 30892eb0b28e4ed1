//! Output helpers: base64, key metadata as JSON, the progress bar.

use std::io::{IsTerminal, Write};

use base64::Engine as _;
use datakey::kms::KeyMetadata;
use datakey::message::Zeroizing;
use datakey::time::format_iso8601;
use serde_json::{Value, json};

/// Standard base64 (zeroized on drop: it may hold a data key).
pub(crate) fn b64(bytes: &[u8]) -> Zeroizing<String> {
    Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(bytes))
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
        "creation_date": format_iso8601(md.creation_date),
        "deletion_date": md.deletion_date.map(format_iso8601),
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
