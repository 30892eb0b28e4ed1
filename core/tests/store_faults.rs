//! The persistent key store under attack: a kill -9 and fault-injection soak (store writes
//! failing at random steps, the lock file removed again and again, several writers at once,
//! writers killed at random), and the lock wait notice.
//!
//! The soak runs for `DATAKEY_SOAK_SECONDS` (default 15) from the seed `DATAKEY_SOAK_SEED`
//! (default 13); `make soak` runs it longer. It prints the acknowledged-vs-present counts and
//! fails on any lost or phantom change. The writers are this test binary run again (the
//! `#[ignore]`d `soak_child` test, driven by environment variables).

// Test helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use datakey::LocalKms;
use datakey::kms::*;

const ROOT_HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

fn root() -> RootKey {
    RootKey::parse(ROOT_HEX).unwrap()
}

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let mut r = [0u8; 8];
        datakey::hazmat::fill_random(&mut r).unwrap();
        Self(std::env::temp_dir().join(format!(
            "datakey-faults-{name}-{}-{}",
            std::process::id(),
            hex::encode(r)
        )))
    }
    fn store(&self) -> PathBuf {
        self.0.join("store")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// SplitMix64: the soak's decisions, reproducible from the seed.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name}={v} is not a number"))
        })
        .unwrap_or(default)
}

fn all_keys(kms: &LocalKms) -> Vec<KeyMetadata> {
    let mut out = Vec::new();
    let mut marker = None;
    loop {
        let page = kms
            .list_keys(ListKeysRequest {
                limit: Some(1000),
                marker: marker.take(),
            })
            .unwrap();
        for k in page.keys {
            out.push(
                kms.describe_key(DescribeKeyRequest { key_id: k.key_id })
                    .unwrap()
                    .key_metadata,
            );
        }
        match page.next_marker {
            Some(m) => marker = Some(m),
            None => return out,
        }
    }
}

/// The child side of the soak: opens the store with injected write faults and changes it until
/// killed, printing `TRY <token> <op> <target>` before each change and `OK <token>` or
/// `ERR <token> <name>` after it. Creates are tagged by their description (the token),
/// aliases by their name (`alias/<token>`), deletions target a key this child created.
#[test]
#[ignore = "run as a child process by the soak"]
fn soak_child() {
    let Ok(dir) = std::env::var("DATAKEY_SOAK_CHILD_STORE") else {
        return;
    };
    let name = std::env::var("DATAKEY_SOAK_CHILD_NAME").unwrap();
    let seed = env_u64("DATAKEY_SOAK_CHILD_SEED", 0);
    let rate_ppm = env_u64("DATAKEY_SOAK_FAULT_PPM", 0);
    let kms = LocalKms::builder()
        .store_write_faults(seed, rate_ppm as f64 / 1e6)
        .open(&dir, root())
        .unwrap();
    let mut rng = Mix(seed);
    let out = std::io::stdout();
    let say = |line: String| {
        let mut o = out.lock();
        writeln!(o, "{line}").unwrap();
        o.flush().unwrap();
    };
    // This child's keys that exist and are not pending deletion: (token, key id).
    let mut mine: Vec<(String, String)> = Vec::new();
    for n in 0u64.. {
        let token = format!("{name}-{n}");
        let pick = rng.below(10);
        if pick < 5 || mine.is_empty() {
            say(format!("TRY {token} create -"));
            match kms.create_key(CreateKeyRequest {
                description: Some(token.clone()),
                ..Default::default()
            }) {
                Ok(r) => {
                    mine.push((token.clone(), r.key_metadata.key_id));
                    say(format!("OK {token}"));
                }
                Err(e) => say(format!("ERR {token} {}", e.name())),
            }
        } else if pick < 7 {
            let (_, key_id) = &mine[rng.below(mine.len() as u64) as usize];
            say(format!("TRY {token} alias -"));
            match kms.create_alias(CreateAliasRequest {
                alias_name: format!("alias/{token}"),
                target_key_id: key_id.clone(),
            }) {
                Ok(()) => say(format!("OK {token}")),
                Err(e) => say(format!("ERR {token} {}", e.name())),
            }
        } else if pick < 8 {
            let i = rng.below(mine.len() as u64) as usize;
            let target = mine[i].0.clone();
            say(format!("TRY {token} delete {target}"));
            match kms.schedule_key_deletion(ScheduleKeyDeletionRequest {
                key_id: mine[i].1.clone(),
                pending_window_in_days: Some(7),
            }) {
                Ok(_) => {
                    mine.remove(i);
                    say(format!("OK {token}"));
                }
                Err(e) => say(format!("ERR {token} {}", e.name())),
            }
        } else {
            // The data plane: changes nothing, must work throughout.
            let (_, key_id) = &mine[rng.below(mine.len() as u64) as usize];
            kms.generate_data_key(GenerateDataKeyRequest {
                key_id: key_id.clone(),
                number_of_bytes: Some(32),
                ..Default::default()
            })
            .unwrap();
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Acked,
    Failed,
    /// The writer was killed before it said.
    InFlight,
}

struct Attempt {
    op: String,
    target: String,
    outcome: Outcome,
}

fn spawn_child(dir: &Path, name: &str, seed: u64, fault_ppm: u64) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "soak_child",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ])
        .env("DATAKEY_SOAK_CHILD_STORE", dir)
        .env("DATAKEY_SOAK_CHILD_NAME", name)
        .env("DATAKEY_SOAK_CHILD_SEED", seed.to_string())
        .env("DATAKEY_SOAK_FAULT_PPM", fault_ppm.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Reads a child's lines into the attempts, on a thread; returns when its stdout closes.
fn collect(child: &mut Child, tx: mpsc::Sender<Vec<(String, Attempt)>>) {
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        let mut attempts: Vec<(String, Attempt)> = Vec::new();
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let parts: Vec<&str> = line.split(' ').collect();
            match parts.as_slice() {
                ["TRY", token, op, target] => attempts.push((
                    (*token).to_owned(),
                    Attempt {
                        op: (*op).to_owned(),
                        target: (*target).to_owned(),
                        outcome: Outcome::InFlight,
                    },
                )),
                ["OK", token] | ["ERR", token, ..] => {
                    let (t, a) = attempts.last_mut().expect("a result without a TRY");
                    assert_eq!(t, token);
                    a.outcome = if parts[0] == "OK" {
                        Outcome::Acked
                    } else {
                        Outcome::Failed
                    };
                }
                _ => {}
            }
        }
        let _ = tx.send(attempts);
    });
}

#[test]
fn soak_kill_9_and_write_faults_lose_nothing_and_add_nothing() {
    let seconds = env_u64("DATAKEY_SOAK_SECONDS", 15);
    let seed = env_u64("DATAKEY_SOAK_SEED", 13);
    let writers = env_u64("DATAKEY_SOAK_WRITERS", 3) as usize;
    // Each of the five steps of a write fails with this probability (parts per million).
    let fault_ppm = env_u64("DATAKEY_SOAK_FAULT_PPM", 30_000);
    let t = TempDir::new("soak");
    drop(LocalKms::open(t.store(), root()).unwrap());
    let mut rng = Mix(seed);

    let stop = Arc::new(AtomicBool::new(false));
    let removals = Arc::new(AtomicU64::new(0));
    let remover = {
        let (stop, removals) = (Arc::clone(&stop), Arc::clone(&removals));
        let lock = t.store().join(LOCK_FILE_NAME);
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if std::fs::remove_file(&lock).is_ok() {
                    removals.fetch_add(1, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        })
    };

    let (tx, rx) = mpsc::channel();
    let mut running: Vec<Child> = Vec::new();
    let (mut spawned, mut kills) = (0u64, 0u64);
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(seconds) {
        while running.len() < writers {
            let mut c = spawn_child(&t.store(), &format!("w{spawned}"), rng.next(), fault_ppm);
            spawned += 1;
            collect(&mut c, tx.clone());
            running.push(c);
        }
        std::thread::sleep(Duration::from_millis(50 + rng.below(400)));
        let i = rng.below(running.len() as u64) as usize;
        let mut victim = running.swap_remove(i);
        victim.kill().unwrap(); // SIGKILL
        victim.wait().unwrap();
        kills += 1;
    }
    for mut c in running {
        c.kill().unwrap();
        c.wait().unwrap();
        kills += 1;
    }
    drop(tx);
    stop.store(true, Ordering::Relaxed);
    remover.join().unwrap();
    let attempts: Vec<(String, Attempt)> = rx.iter().flatten().collect();

    // The store opens (never damaged) and holds exactly the acknowledged changes.
    let kms = LocalKms::open(t.store(), root()).unwrap();
    let keys = all_keys(&kms);
    let by_token: BTreeMap<&str, &KeyMetadata> =
        keys.iter().map(|k| (k.description.as_str(), k)).collect();
    assert_eq!(by_token.len(), keys.len(), "two keys with one token");
    let mut aliases = BTreeSet::new();
    let mut marker = None;
    loop {
        let page = kms
            .list_aliases(ListAliasesRequest {
                limit: Some(100),
                marker: marker.take(),
                ..Default::default()
            })
            .unwrap();
        aliases.extend(page.aliases.into_iter().map(|a| a.alias_name));
        match page.next_marker {
            Some(m) => marker = Some(m),
            None => break,
        }
    }
    let mut deletions: BTreeMap<&str, Vec<Outcome>> = BTreeMap::new();
    let mut count: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    let (mut lost, mut phantom) = (Vec::new(), Vec::new());
    let mut tokens = BTreeSet::new();
    for (token, a) in &attempts {
        let outcome = match a.outcome {
            Outcome::Acked => "acknowledged",
            Outcome::Failed => "failed",
            Outcome::InFlight => "in flight",
        };
        *count.entry((a.op.as_str(), outcome)).or_default() += 1;
        let present = match a.op.as_str() {
            "create" => {
                tokens.insert(token.as_str());
                by_token.contains_key(token.as_str())
            }
            "alias" => aliases.contains(&format!("alias/{token}")),
            "delete" => {
                deletions
                    .entry(a.target.as_str())
                    .or_default()
                    .push(a.outcome);
                continue;
            }
            other => panic!("unknown op {other}"),
        };
        match (a.outcome, present) {
            (Outcome::Acked, false) => lost.push(format!("{} {token}", a.op)),
            (Outcome::Failed, true) => phantom.push(format!("{} {token}", a.op)),
            _ => {}
        }
    }
    for (target, outcomes) in &deletions {
        let state = by_token.get(target).map(|k| k.key_state);
        let pending = state == Some(KeyState::PendingDeletion);
        if outcomes.contains(&Outcome::Acked) && !pending {
            lost.push(format!("delete {target} ({state:?})"));
        }
        if outcomes.iter().all(|o| *o == Outcome::Failed) && pending {
            phantom.push(format!("delete {target}"));
        }
    }
    let unknown: Vec<&str> = by_token
        .keys()
        .filter(|t| !tokens.contains(*t))
        .copied()
        .collect();

    eprintln!(
        "soak: seed {seed}, {seconds} s, {writers} writers, {spawned} processes, {kills} SIGKILLs, \
         {} lock file removals, write step fault rate {:.1} %",
        removals.load(Ordering::Relaxed),
        fault_ppm as f64 / 1e4
    );
    eprintln!("| operation | acknowledged | failed | in flight at kill |");
    eprintln!("|---|---:|---:|---:|");
    for op in ["create", "alias", "delete"] {
        let n = |o| count.get(&(op, o)).copied().unwrap_or(0);
        eprintln!(
            "| {op} | {} | {} | {} |",
            n("acknowledged"),
            n("failed"),
            n("in flight")
        );
    }
    eprintln!(
        "present: {} keys ({} pending deletion), {} aliases; lost {}, phantom {}, unknown keys {}",
        keys.len(),
        keys.iter()
            .filter(|k| k.key_state == KeyState::PendingDeletion)
            .count(),
        aliases.len(),
        lost.len(),
        phantom.len(),
        unknown.len()
    );
    assert!(lost.is_empty(), "lost: {lost:?}");
    assert!(phantom.is_empty(), "phantom: {phantom:?}");
    assert!(
        unknown.is_empty(),
        "keys nobody tried to create: {unknown:?}"
    );
    let failed: u64 = count
        .iter()
        .filter(|((_, o), _)| *o == "failed")
        .map(|(_, n)| n)
        .sum();
    let acked: u64 = count
        .iter()
        .filter(|((_, o), _)| *o == "acknowledged")
        .map(|(_, n)| n)
        .sum();
    assert!(acked >= 50, "only {acked} changes acknowledged");
    assert!(fault_ppm == 0 || failed > 0, "no write failed");
    assert!(kills >= 5, "only {kills} kills");
}

/// The wait notice: an operation that finds the store locked by someone else calls the hook
/// (with the lock's path) before it waits, then completes once the lock is released.
#[test]
fn waiting_for_the_lock_is_announced() {
    let t = TempDir::new("wait");
    let (tx, rx) = mpsc::channel();
    let kms = LocalKms::builder()
        .on_lock_wait(move |p| {
            let _ = tx.send(p.to_path_buf());
        })
        .open(t.store(), root())
        .unwrap();
    assert!(rx.try_recv().is_err(), "no wait without contention");
    // Another holder of the lock (flock is per open file, so this process can play it).
    let holder = std::fs::File::open(t.store()).unwrap();
    holder.lock().unwrap();
    let k = kms.clone();
    let op = std::thread::spawn(move || k.create_key(CreateKeyRequest::default()).is_ok());
    let waited_on = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the hook was not called");
    assert_eq!(waited_on, t.store());
    assert!(!op.is_finished(), "the operation did not wait");
    holder.unlock().unwrap();
    assert!(op.join().unwrap());
}
