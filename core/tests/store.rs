//! The persistent key store: round trips, root keys and passphrases, corruption, permissions,
//! processes sharing one store, and crash safety under SIGKILL.
//!
//! The multi-process tests run this test binary again as the child (the `#[ignore]`d
//! `child_writer` test, driven by environment variables).

// Test helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use datakey::kms::*;
use datakey::{EncryptionContext, Error, LocalKms, ManualClock};

const ROOT_HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let mut r = [0u8; 8];
        datakey::hazmat::fill_random(&mut r).unwrap();
        let p = std::env::temp_dir().join(format!(
            "datakey-store-{name}-{}-{}",
            std::process::id(),
            hex::encode(r)
        ));
        Self(p)
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

fn root() -> RootKey {
    RootKey::parse(ROOT_HEX).unwrap()
}

fn other_root() -> RootKey {
    RootKey::from_bytes(&[0x55; 32]).unwrap()
}

fn store_file(dir: &Path) -> PathBuf {
    dir.join(STORE_FILE_NAME)
}

fn all_key_ids(kms: &LocalKms) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut marker = None;
    loop {
        let page = kms
            .list_keys(ListKeysRequest {
                limit: Some(1000),
                marker: marker.take(),
            })
            .unwrap();
        out.extend(page.keys.into_iter().map(|k| k.key_id));
        match page.next_marker {
            Some(m) => marker = Some(m),
            None => return out,
        }
    }
}

fn create(kms: &LocalKms) -> KeyMetadata {
    kms.create_key(CreateKeyRequest::default())
        .unwrap()
        .key_metadata
}

#[test]
fn everything_survives_a_reopen() {
    let t = TempDir::new("reopen");
    let ec = EncryptionContext::from_iter([("tenant", "acme")]);
    let (key, other, asym, blob_before, blob_after, rotations, deletion) = {
        let kms = LocalKms::open(t.store(), root()).unwrap();
        assert_eq!(kms.store_path(), Some(t.store().as_path()));
        let key = create(&kms);
        kms.create_alias(CreateAliasRequest {
            alias_name: "alias/app".into(),
            target_key_id: key.key_id.clone(),
        })
        .unwrap();
        let blob_before = kms
            .generate_data_key(GenerateDataKeyRequest {
                key_id: "alias/app".into(),
                key_spec: Some(DataKeySpec::Aes256),
                encryption_context: ec.clone(),
                ..Default::default()
            })
            .unwrap();
        kms.rotate_key_on_demand(RotateKeyOnDemandRequest {
            key_id: key.key_id.clone(),
        })
        .unwrap();
        kms.enable_key_rotation(EnableKeyRotationRequest {
            key_id: key.key_id.clone(),
            rotation_period_in_days: Some(180),
        })
        .unwrap();
        let blob_after = kms
            .generate_data_key(GenerateDataKeyRequest {
                key_id: key.key_id.clone(),
                key_spec: Some(DataKeySpec::Aes128),
                encryption_context: ec.clone(),
                ..Default::default()
            })
            .unwrap();
        assert_ne!(blob_before.key_material_id, blob_after.key_material_id);
        let other = create(&kms);
        kms.disable_key(DisableKeyRequest {
            key_id: other.key_id.clone(),
        })
        .unwrap();
        let doomed = create(&kms);
        let deletion = kms
            .schedule_key_deletion(ScheduleKeyDeletionRequest {
                key_id: doomed.key_id.clone(),
                pending_window_in_days: Some(9),
            })
            .unwrap();
        let asym = kms
            .create_key(CreateKeyRequest {
                key_spec: Some(KeySpec::Rsa2048),
                key_usage: Some(KeyUsage::EncryptDecrypt),
                description: Some("rsa".into()),
                ..Default::default()
            })
            .unwrap()
            .key_metadata;
        let ext = kms
            .create_key(CreateKeyRequest {
                origin: Some(Origin::External),
                ..Default::default()
            })
            .unwrap()
            .key_metadata;
        kms.import_key_material(ImportKeyMaterialRequest {
            key_id: ext.key_id.clone(),
            key_material: Some(datakey::SecretBytes::copy_from_slice(&[7; 32])),
            ..Default::default()
        })
        .unwrap();
        let rotations = kms
            .list_key_rotations(ListKeyRotationsRequest {
                key_id: key.key_id.clone(),
                ..Default::default()
            })
            .unwrap();
        (
            key,
            other,
            asym,
            blob_before,
            blob_after,
            rotations,
            (doomed, deletion),
        )
    };

    let kms = LocalKms::open(t.store(), root()).unwrap();
    assert_eq!(all_key_ids(&kms).len(), 5);
    let d = kms
        .describe_key(DescribeKeyRequest {
            key_id: "alias/app".into(),
        })
        .unwrap()
        .key_metadata;
    assert_eq!(d.key_id, key.key_id);
    assert_eq!(d.creation_date, key.creation_date);
    assert_ne!(d.current_key_material_id, key.current_key_material_id);
    for (blob, dk) in [(&blob_before, 32), (&blob_after, 16)] {
        let back = kms
            .decrypt(DecryptRequest {
                ciphertext_blob: blob.ciphertext_blob.clone(),
                encryption_context: ec.clone(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(back.plaintext, blob.plaintext);
        assert_eq!(back.plaintext.len(), dk);
        assert_eq!(back.key_material_id, blob.key_material_id);
    }
    assert_eq!(
        kms.list_key_rotations(ListKeyRotationsRequest {
            key_id: key.key_id.clone(),
            ..Default::default()
        })
        .unwrap(),
        rotations
    );
    let status = kms
        .get_key_rotation_status(GetKeyRotationStatusRequest {
            key_id: key.key_id.clone(),
        })
        .unwrap();
    assert_eq!(status.rotation_period_in_days, Some(180));
    let o = kms
        .describe_key(DescribeKeyRequest {
            key_id: other.key_id.clone(),
        })
        .unwrap()
        .key_metadata;
    assert_eq!(o.key_state, KeyState::Disabled);
    let (doomed, deletion) = deletion;
    let dm = kms
        .describe_key(DescribeKeyRequest {
            key_id: doomed.key_id.clone(),
        })
        .unwrap()
        .key_metadata;
    assert_eq!(dm.key_state, KeyState::PendingDeletion);
    assert_eq!(dm.deletion_date, Some(deletion.deletion_date));
    assert_eq!(dm.pending_deletion_window_in_days, Some(9));
    let a = kms
        .describe_key(DescribeKeyRequest {
            key_id: asym.key_id.clone(),
        })
        .unwrap()
        .key_metadata;
    assert_eq!(a, asym);
    let err = kms
        .generate_data_key(GenerateDataKeyRequest {
            key_id: asym.key_id.clone(),
            key_spec: Some(DataKeySpec::Aes256),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(
        err.message(),
        "You cannot generate a data key with an asymmetric CMK"
    );
    let aliases = kms.list_aliases(ListAliasesRequest::default()).unwrap();
    assert_eq!(aliases.aliases.len(), 1);
    assert_eq!(aliases.aliases[0].alias_name, "alias/app");
}

#[test]
fn two_instances_in_one_process_see_each_other() {
    let t = TempDir::new("two");
    let a = LocalKms::open(t.store(), root()).unwrap();
    let b = LocalKms::open(t.store(), root()).unwrap();
    let k = create(&a);
    // b re-reads the file before its operation.
    assert!(all_key_ids(&b).contains(&k.key_id));
    b.disable_key(DisableKeyRequest {
        key_id: k.key_id.clone(),
    })
    .unwrap();
    let e = a
        .generate_data_key(GenerateDataKeyRequest {
            key_id: k.key_id.clone(),
            number_of_bytes: Some(32),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(e.name(), "DisabledException");
    let k2 = create(&b);
    let ids = all_key_ids(&a);
    assert!(ids.contains(&k.key_id) && ids.contains(&k2.key_id));
}

#[test]
fn lazy_rotation_and_deletion_are_persisted() {
    let t = TempDir::new("lazy");
    let clock = ManualClock::new(SystemTime::now());
    let open = || {
        LocalKms::builder()
            .clock(Arc::new(clock.clone()))
            .open(t.store(), root())
            .unwrap()
    };
    let a = open();
    let key = create(&a);
    a.enable_key_rotation(EnableKeyRotationRequest {
        key_id: key.key_id.clone(),
        rotation_period_in_days: Some(90),
    })
    .unwrap();
    let doomed = create(&a);
    a.schedule_key_deletion(ScheduleKeyDeletionRequest {
        key_id: doomed.key_id.clone(),
        pending_window_in_days: Some(7),
    })
    .unwrap();
    clock.advance(Duration::from_secs(91 * 86_400));
    // The automatic rotation happens lazily inside this call; its new material must be on disk
    // before the blob it wrapped is returned, or another process could not decrypt it.
    let dk = a
        .generate_data_key(GenerateDataKeyRequest {
            key_id: key.key_id.clone(),
            number_of_bytes: Some(32),
            ..Default::default()
        })
        .unwrap();
    assert_ne!(
        Some(dk.key_material_id.clone()),
        key.current_key_material_id
    );
    drop(a);
    let b = open();
    let back = b
        .decrypt(DecryptRequest {
            ciphertext_blob: dk.ciphertext_blob.clone(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(back.plaintext, dk.plaintext);
    assert_eq!(all_key_ids(&b), BTreeSet::from([key.key_id.clone()]));
}

#[test]
fn wrong_root_key_is_refused_and_nothing_is_overwritten() {
    let t = TempDir::new("wrongkey");
    {
        let kms = LocalKms::open(t.store(), root()).unwrap();
        create(&kms);
    }
    let before = std::fs::read(store_file(&t.store())).unwrap();
    let e = LocalKms::open(t.store(), other_root()).unwrap_err();
    assert!(matches!(e, Error::WrongRootKey(_)), "{e}");
    assert_eq!(e.name(), "WrongRootKeyError");
    assert!(e.message().contains("wrong root key"), "{e}");
    let e = LocalKms::open(t.store(), RootKey::passphrase(b"hunter2").unwrap()).unwrap_err();
    assert!(matches!(e, Error::WrongRootKey(_)), "{e}");
    assert!(e.message().contains("DATAKEY_ROOT_KEY"), "{e}");
    assert_eq!(std::fs::read(store_file(&t.store())).unwrap(), before);
    assert_eq!(
        all_key_ids(&LocalKms::open(t.store(), root()).unwrap()).len(),
        1
    );
}

#[test]
fn passphrase_store() {
    let t = TempDir::new("pass");
    let cheap = Argon2Params {
        m_cost_kib: 64,
        t_cost: 1,
        p_cost: 1,
    };
    let pass = || RootKey::passphrase_with_params(b"correct horse", cheap).unwrap();
    let id = {
        let kms = LocalKms::open(t.store(), pass()).unwrap();
        create(&kms).key_id
    };
    // The parameters and salt come from the file: the default parameters given here are
    // ignored for an existing store.
    let kms = LocalKms::open(t.store(), RootKey::passphrase(b"correct horse").unwrap()).unwrap();
    assert!(all_key_ids(&kms).contains(&id));
    let e = LocalKms::open(
        t.store(),
        RootKey::passphrase_with_params(b"wrong horse", cheap).unwrap(),
    )
    .unwrap_err();
    assert!(matches!(e, Error::WrongRootKey(_)), "{e}");
    assert!(e.message().contains("DATAKEY_PASSPHRASE"), "{e}");
    let e = LocalKms::open(t.store(), root()).unwrap_err();
    assert!(matches!(e, Error::WrongRootKey(_)), "{e}");
    assert!(e.message().contains("passphrase"), "{e}");
    assert!(RootKey::passphrase(b"").is_err());
}

#[test]
fn root_key_text_forms() {
    let b64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    for text in [
        ROOT_HEX,
        b64,
        b64.trim_end_matches('='),
        " \n0001020304050607080910111213141516171819202122232425262728293031\n",
    ] {
        RootKey::parse(text).unwrap();
    }
    // The same key in both forms opens the same store.
    let t = TempDir::new("forms");
    create(&LocalKms::open(t.store(), RootKey::parse(ROOT_HEX).unwrap()).unwrap());
    LocalKms::open(t.store(), RootKey::parse(b64).unwrap()).unwrap();
    for bad in [
        "",
        "00",
        &ROOT_HEX[..62],
        "zz",
        "AAEC",
        &format!("{ROOT_HEX}00"),
    ] {
        let e = RootKey::parse(bad).unwrap_err();
        assert_eq!(e.name(), "ValidationException", "{bad}");
    }
    assert!(RootKey::from_bytes(&[1; 31]).is_err());
    let dbg = format!("{:?}", RootKey::from_bytes(&[0xAB; 32]).unwrap());
    assert!(
        !dbg.contains("171") && !dbg.to_lowercase().contains("ab"),
        "{dbg}"
    );
}

fn flip(path: &Path, at: usize) {
    let mut b = std::fs::read(path).unwrap();
    b[at] ^= 0x01;
    std::fs::write(path, b).unwrap();
}

#[test]
fn corruption_is_refused_and_left_untouched() {
    let t = TempDir::new("corrupt");
    {
        let kms = LocalKms::open(t.store(), root()).unwrap();
        create(&kms);
    }
    let file = store_file(&t.store());
    let good = std::fs::read(&file).unwrap();
    // A flipped bit anywhere: header, sealed state, tag, checksum.
    for at in [
        0,
        9,
        10,
        40,
        80,
        95,
        good.len() / 2,
        good.len() - 40,
        good.len() - 1,
    ] {
        std::fs::write(&file, &good).unwrap();
        flip(&file, at);
        let damaged = std::fs::read(&file).unwrap();
        let e = LocalKms::open(t.store(), root()).unwrap_err();
        assert!(matches!(e, Error::StoreCorrupt(_)), "byte {at}: {e}");
        assert_eq!(e.name(), "StoreCorruptError");
        assert!(e.message().contains("is corrupt"), "{e}");
        assert_eq!(std::fs::read(&file).unwrap(), damaged, "byte {at}");
    }
    for len in [0, 10, 94, good.len() - 1] {
        std::fs::write(&file, &good[..len]).unwrap();
        let e = LocalKms::open(t.store(), root()).unwrap_err();
        assert!(matches!(e, Error::StoreCorrupt(_)), "len {len}: {e}");
        assert_eq!(std::fs::read(&file).unwrap(), &good[..len]);
    }
    // A service that is already open refuses to go on when its file is damaged under it.
    std::fs::write(&file, &good).unwrap();
    let kms = LocalKms::open(t.store(), root()).unwrap();
    flip(&file, good.len() / 2);
    let damaged = std::fs::read(&file).unwrap();
    let e = kms.create_key(CreateKeyRequest::default()).unwrap_err();
    assert!(matches!(e, Error::StoreCorrupt(_)), "{e}");
    assert_eq!(std::fs::read(&file).unwrap(), damaged);
}

#[test]
fn a_newer_format_version_is_named() {
    use sha2::Digest;
    let t = TempDir::new("version");
    drop(LocalKms::open(t.store(), root()).unwrap());
    let file = store_file(&t.store());
    let mut b = std::fs::read(&file).unwrap();
    let newer = STORE_FORMAT_VERSION + 1;
    b[8..10].copy_from_slice(&newer.to_be_bytes());
    let n = b.len() - 32;
    let sum = sha2::Sha256::digest(&b[..n]);
    b[n..].copy_from_slice(&sum);
    std::fs::write(&file, &b).unwrap();
    let e = LocalKms::open(t.store(), root()).unwrap_err();
    assert!(
        matches!(e, Error::UnsupportedStoreVersion(v) if v == newer),
        "{e}"
    );
    assert_eq!(e.name(), "UnsupportedStoreVersionError");
}

#[test]
fn region_and_account_are_pinned() {
    let t = TempDir::new("region");
    drop(
        LocalKms::builder()
            .region("eu-west-1")
            .open(t.store(), root())
            .unwrap(),
    );
    let e = LocalKms::open(t.store(), root()).unwrap_err();
    assert_eq!(e.name(), "ValidationException");
    assert!(e.message().contains("eu-west-1"), "{e}");
    let kms = LocalKms::builder()
        .region("eu-west-1")
        .open(t.store(), root())
        .unwrap();
    assert!(create(&kms).arn.starts_with("arn:aws:kms:eu-west-1:"));
}

#[cfg(unix)]
#[test]
fn files_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let t = TempDir::new("perms");
    let kms = LocalKms::open(t.store(), root()).unwrap();
    create(&kms);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&t.store()), 0o700);
    assert_eq!(mode(&store_file(&t.store())), 0o600);
    assert_eq!(mode(&t.store().join(LOCK_FILE_NAME)), 0o600);
    // No temporary file is left behind by a completed write.
    let names: BTreeSet<String> = std::fs::read_dir(t.store())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        names,
        BTreeSet::from([STORE_FILE_NAME.to_owned(), LOCK_FILE_NAME.to_owned()])
    );
}

#[test]
fn store_dir_precedence() {
    let explicit = Path::new("/x/y");
    assert_eq!(store_dir(Some(explicit)).unwrap(), explicit);
}

// ----- other processes -------------------------------------------------------------------------

/// Runs this test binary as a child writer: it opens the store in `dir` and creates `count` keys
/// (0: until killed), printing `KEY <id>` after each one is durable.
fn spawn_writer(dir: &Path, count: usize) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "child_writer",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ])
        .env("DATAKEY_TEST_CHILD_STORE", dir)
        .env("DATAKEY_TEST_CHILD_COUNT", count.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The child side of the multi-process tests (does nothing unless run by `spawn_writer`).
#[test]
#[ignore = "run as a child process by the multi-process tests"]
fn child_writer() {
    let Ok(dir) = std::env::var("DATAKEY_TEST_CHILD_STORE") else {
        return;
    };
    let count: usize = std::env::var("DATAKEY_TEST_CHILD_COUNT")
        .unwrap()
        .parse()
        .unwrap();
    let kms = LocalKms::open(&dir, root()).unwrap();
    let mut i = 0usize;
    while count == 0 || i < count {
        let k = create(&kms);
        println!("KEY {}", k.key_id);
        i += 1;
    }
}

/// The key ids a child reported as durable, read until its stdout closes.
fn reported(child: &mut Child) -> Vec<String> {
    let out = child.stdout.take().unwrap();
    BufReader::new(out)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| l.strip_prefix("KEY ").map(str::to_owned))
        .collect()
}

#[test]
fn two_processes_writing_at_once_lose_nothing() {
    let t = TempDir::new("concurrent");
    drop(LocalKms::open(t.store(), root()).unwrap());
    let mut a = spawn_writer(&t.store(), 60);
    let mut b = spawn_writer(&t.store(), 60);
    let ra = reported(&mut a);
    let rb = reported(&mut b);
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    assert_eq!((ra.len(), rb.len()), (60, 60));
    let ids = all_key_ids(&LocalKms::open(t.store(), root()).unwrap());
    let expected: BTreeSet<String> = ra.into_iter().chain(rb).collect();
    assert_eq!(expected.len(), 120);
    assert_eq!(ids, expected);
}

fn random_below(n: u32) -> u32 {
    let mut b = [0u8; 4];
    datakey::hazmat::fill_random(&mut b).unwrap();
    u32::from_be_bytes(b) % n
}

/// SIGKILL a writer at random points, again and again, until 1,000 writes have completed: the
/// store always opens, holding every write the writer reported plus at most the one in flight.
#[cfg(unix)]
#[test]
fn sigkill_during_writes_never_corrupts_the_store() {
    let t = TempDir::new("sigkill");
    // The writes go to a fresh store every ~200 keys, so that every write rewrites a file of
    // realistic size rather than an ever larger one (which only makes the test slower).
    let mut store_no = 0;
    let store = |n: usize| t.0.join(format!("store-{n}"));
    drop(LocalKms::open(store(0), root()).unwrap());
    let mut committed: BTreeSet<String> = BTreeSet::new();
    let (mut durable_writes, mut rounds, mut in_flight_seen) = (0usize, 0, 0);
    while durable_writes < 1000 {
        rounds += 1;
        if committed.len() >= 200 {
            store_no += 1;
            committed.clear();
        }
        let dir = store(store_no);
        let mut child = spawn_writer(&dir, 0);
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        // Kill after a random number of reported writes (the writer keeps going meanwhile, so
        // the signal lands anywhere in a write: before, during or after the rename).
        let wait_for = random_below(120);
        let mut acked = Vec::new();
        while acked.len() < wait_for as usize {
            match lines.next() {
                Some(Ok(l)) => {
                    if let Some(id) = l.strip_prefix("KEY ") {
                        acked.push(id.to_owned());
                    }
                }
                _ => break,
            }
        }
        child.kill().unwrap();
        acked.extend(
            lines
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("KEY ").map(str::to_owned)),
        );
        child.wait().unwrap();

        let kms = LocalKms::open(&dir, root())
            .unwrap_or_else(|e| panic!("round {rounds}: the store does not open: {e}"));
        let on_disk = all_key_ids(&kms);
        let mut expected = committed.clone();
        expected.extend(acked.iter().cloned());
        assert!(
            on_disk.is_superset(&expected),
            "round {rounds}: a reported write is missing"
        );
        let extra = on_disk.difference(&expected).count();
        assert!(extra <= 1, "round {rounds}: {extra} unexpected keys");
        in_flight_seen += extra;
        durable_writes += on_disk.len() - committed.len();
        committed = on_disk;
    }
    assert!(rounds >= 5, "only {rounds} rounds");
    eprintln!(
        "{rounds} kills, {durable_writes} durable writes in {} stores, {in_flight_seen} writes \
         durable but killed before reporting",
        store_no + 1
    );
}

#[test]
fn key_policies_are_persisted() {
    let t = TempDir::new("policy");
    let alice = "arn:aws:iam::111122223333:user/alice";
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[
            {{"Sid":"root","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::111122223333:root"}},"Action":"kms:*","Resource":"*"}},
            {{"Sid":"no-alice","Effect":"Deny","Principal":{{"AWS":"{alice}"}},"Action":"kms:GenerateDataKey*","Resource":"*"}}]}}"#
    );
    let key = {
        let kms = LocalKms::open(t.store(), root()).unwrap();
        let key = create(&kms);
        kms.put_key_policy(PutKeyPolicyRequest {
            key_id: key.key_id.clone(),
            policy: policy.clone(),
            ..Default::default()
        })
        .unwrap();
        key
    };
    let kms = LocalKms::open(t.store(), root()).unwrap();
    let got = kms
        .get_key_policy(GetKeyPolicyRequest {
            key_id: key.key_id.clone(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(got.policy, policy);
    let as_alice = kms.as_caller(Caller::new(alice)).unwrap();
    let e = as_alice
        .generate_data_key(GenerateDataKeyRequest {
            key_id: key.key_id.clone(),
            number_of_bytes: Some(32),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(e.name(), "AccessDeniedException", "{e}");
    // The root still may.
    kms.generate_data_key(GenerateDataKeyRequest {
        key_id: key.key_id.clone(),
        number_of_bytes: Some(32),
        ..Default::default()
    })
    .unwrap();
}

#[test]
fn no_propagation_delay_on_a_persistent_store() {
    let t = TempDir::new("delay");
    let e = LocalKms::builder()
        .propagation_delay(Duration::from_secs(60))
        .open(t.store(), root())
        .unwrap_err();
    assert_eq!(e.name(), "ValidationException");
    assert!(!t.store().exists());
}

// ----- issue 13: all-or-nothing writes, locks, rollback, read-only, re-entry, damage ----------

fn describe(kms: &LocalKms, key_id: &str) -> KeyMetadata {
    kms.describe_key(DescribeKeyRequest {
        key_id: key_id.to_owned(),
    })
    .unwrap()
    .key_metadata
}

fn policy_of(kms: &LocalKms, key_id: &str) -> String {
    kms.get_key_policy(GetKeyPolicyRequest {
        key_id: key_id.to_owned(),
        ..Default::default()
    })
    .unwrap()
    .policy
}

fn alias_names(kms: &LocalKms) -> BTreeSet<String> {
    kms.list_aliases(ListAliasesRequest::default())
        .unwrap()
        .aliases
        .into_iter()
        .map(|a| a.alias_name)
        .collect()
}

/// Everything an operation could change, as seen through the API.
fn snapshot(kms: &LocalKms) -> String {
    let mut out = String::new();
    for id in all_key_ids(kms) {
        let m = describe(kms, &id);
        let rotations = kms
            .list_key_rotations(ListKeyRotationsRequest {
                key_id: id.clone(),
                ..Default::default()
            })
            .map(|r| r.rotations.len())
            .unwrap_or(usize::MAX);
        let period = kms
            .get_key_rotation_status(GetKeyRotationStatusRequest { key_id: id.clone() })
            .map(|r| r.rotation_period_in_days)
            .ok();
        out += &format!(
            "{id} {:?} {:?} {:?} {:?} {rotations} {period:?} {}\n",
            m.key_state,
            m.deletion_date,
            m.current_key_material_id,
            m.description,
            policy_of(kms, &id).len()
        );
    }
    out += &format!("{:?}", alias_names(kms));
    out
}

/// Item 1: an operation whose write fails (here a directory where the temporary file goes)
/// changes nothing, in memory or on disk, and no later call writes it.
#[test]
fn a_failed_write_changes_nothing() {
    let t = TempDir::new("failedwrite");
    let start = SystemTime::now();
    let clock = ManualClock::new(start);
    let open = || {
        LocalKms::builder()
            .clock(Arc::new(clock.clone()))
            .open(t.store(), root())
            .unwrap()
    };
    let kms = open();
    let obstacle = t.store().join("keystore.dks.tmp");
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Sid":"new","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}"#;
    type Op<'a> = Box<dyn Fn(&LocalKms, &str) -> Result<(), Error> + 'a>;
    let ops: Vec<(&str, Op)> = vec![
        (
            "ScheduleKeyDeletion",
            Box::new(|kms, k| {
                kms.schedule_key_deletion(ScheduleKeyDeletionRequest {
                    key_id: k.into(),
                    pending_window_in_days: Some(7),
                })
                .map(drop)
            }),
        ),
        (
            "DisableKey",
            Box::new(|kms, k| kms.disable_key(DisableKeyRequest { key_id: k.into() })),
        ),
        (
            "CreateKey",
            Box::new(|kms, _| kms.create_key(CreateKeyRequest::default()).map(drop)),
        ),
        (
            "CreateAlias",
            Box::new(|kms, k| {
                kms.create_alias(CreateAliasRequest {
                    alias_name: format!("alias/{k}"),
                    target_key_id: k.into(),
                })
            }),
        ),
        (
            "RotateKeyOnDemand",
            Box::new(|kms, k| {
                kms.rotate_key_on_demand(RotateKeyOnDemandRequest { key_id: k.into() })
                    .map(drop)
            }),
        ),
        (
            "PutKeyPolicy",
            Box::new(|kms, k| {
                kms.put_key_policy(PutKeyPolicyRequest {
                    key_id: k.into(),
                    policy: policy.into(),
                    ..Default::default()
                })
            }),
        ),
        (
            "EnableKeyRotation",
            Box::new(|kms, k| {
                kms.enable_key_rotation(EnableKeyRotationRequest {
                    key_id: k.into(),
                    rotation_period_in_days: Some(90),
                })
            }),
        ),
        // A lazy change inside a data-plane call: the automatic rotation that fell due (the
        // key's rotation was enabled by the previous case).
        (
            "GenerateDataKey (due rotation)",
            Box::new(|kms, k| {
                clock.set(start + Duration::from_secs(91 * 86_400));
                kms.generate_data_key(GenerateDataKeyRequest {
                    key_id: k.into(),
                    number_of_bytes: Some(32),
                    ..Default::default()
                })
                .map(drop)
            }),
        ),
    ];
    let mut last = String::new();
    for (name, op) in &ops {
        let k = if name.starts_with("GenerateDataKey") {
            last.clone()
        } else {
            create(&kms).key_id
        };
        last.clone_from(&k);
        let before = snapshot(&kms);
        let file_before = std::fs::read(store_file(&t.store())).unwrap();
        std::fs::create_dir(&obstacle).unwrap();
        let e = op(&kms, &k).expect_err(name);
        clock.set(start);
        assert_eq!(e.name(), "IoError", "{name}: {e}");
        std::fs::remove_dir(&obstacle).unwrap();
        // Memory, then the next calls (reads write nothing), then the disk.
        assert_eq!(
            snapshot(&kms),
            before,
            "{name}: memory kept the failed change"
        );
        assert_eq!(
            std::fs::read(store_file(&t.store())).unwrap(),
            file_before,
            "{name}: a later call wrote the failed change"
        );
        assert_eq!(
            snapshot(&open()),
            before,
            "{name}: the disk has the failed change"
        );
        // The same operation succeeds once the disk works, and then it is on disk.
        op(&kms, &k).unwrap_or_else(|e| panic!("{name} after the failure: {e}"));
        assert_ne!(snapshot(&kms), before, "{name}");
        assert_eq!(snapshot(&open()), snapshot(&kms), "{name}");
        clock.set(start);
    }
}

/// Runs this test binary as a child writer: it opens the store in `dir` and creates `count` keys
/// (0: until killed), printing `KEY <id>` after each one is durable.
fn spawn_writers(dir: &Path, n: usize, count: usize) -> Vec<Child> {
    (0..n).map(|_| spawn_writer(dir, count)).collect()
}

/// Item 3: removing `keystore.lock` again and again while processes write loses nothing.
#[test]
fn removing_the_lock_file_does_not_break_mutual_exclusion() {
    let t = TempDir::new("rmlock");
    drop(LocalKms::open(t.store(), root()).unwrap());
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let lock = t.store().join(LOCK_FILE_NAME);
    let remover = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut removed = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if std::fs::remove_file(&lock).is_ok() {
                    removed += 1;
                }
                std::thread::yield_now();
            }
            removed
        })
    };
    let mut children = spawn_writers(&t.store(), 4, 60);
    let mut acked = BTreeSet::new();
    for c in &mut children {
        acked.extend(reported(c));
    }
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let removed = remover.join().unwrap();
    assert!(
        removed > 10,
        "the lock file was removed only {removed} times"
    );
    assert_eq!(acked.len(), 240);
    let present = all_key_ids(&LocalKms::open(t.store(), root()).unwrap());
    let lost = acked.difference(&present).count();
    assert_eq!(
        lost, 0,
        "{lost} acknowledged keys lost ({removed} removals)"
    );
    assert_eq!(present, acked);
}

fn copy_store_file(t: &TempDir, name: &str) -> PathBuf {
    let to = t.0.join(name);
    std::fs::copy(store_file(&t.store()), &to).unwrap();
    to
}

fn put_back(t: &TempDir, from: &Path) {
    // As an administrator restoring a backup would: a new file renamed into place.
    let tmp = t.0.join("restore.tmp");
    std::fs::copy(from, &tmp).unwrap();
    std::fs::rename(&tmp, store_file(&t.store())).unwrap();
}

/// Item 6: an older store file put back under a running process is refused, whatever the
/// operation, and nothing is written over it.
#[test]
fn a_rolled_back_store_file_is_refused() {
    let t = TempDir::new("rollback");
    let kms = LocalKms::open(t.store(), root()).unwrap();
    let k = create(&kms);
    let old = copy_store_file(&t, "old.dks");
    kms.schedule_key_deletion(ScheduleKeyDeletionRequest {
        key_id: k.key_id.clone(),
        pending_window_in_days: Some(7),
    })
    .unwrap();
    let current = copy_store_file(&t, "current.dks");
    put_back(&t, &old);
    let gdk = || {
        kms.generate_data_key(GenerateDataKeyRequest {
            key_id: k.key_id.clone(),
            number_of_bytes: Some(32),
            ..Default::default()
        })
    };
    let refusals = [
        gdk().map(drop).unwrap_err(),
        kms.list_keys(ListKeysRequest::default())
            .map(drop)
            .unwrap_err(),
        kms.create_key(CreateKeyRequest::default())
            .map(drop)
            .unwrap_err(),
        kms.cancel_key_deletion(CancelKeyDeletionRequest {
            key_id: k.key_id.clone(),
        })
        .map(drop)
        .unwrap_err(),
    ];
    for e in &refusals {
        assert_eq!(e.name(), "StoreRollbackError", "{e}");
        assert!(e.message().contains("older"), "{e}");
    }
    assert_eq!(
        std::fs::read(store_file(&t.store())).unwrap(),
        std::fs::read(&old).unwrap()
    );
    // The newer file back: the process goes on where it was.
    put_back(&t, &current);
    assert_eq!(
        describe(&kms, &k.key_id).key_state,
        KeyState::PendingDeletion
    );

    // A file of the same generation but other contents (a fork: another copy of the old file
    // was written to by someone else) is refused too.
    put_back(&t, &old);
    let other = LocalKms::open(t.store(), root()).unwrap();
    create(&other); // the old file's generation + 1, like `current`
    drop(other);
    let e = gdk().map(drop).unwrap_err();
    assert_eq!(e.name(), "StoreRollbackError", "{e}");

    // A removed store file is not silently recreated from memory.
    std::fs::remove_file(store_file(&t.store())).unwrap();
    let e = kms
        .create_key(CreateKeyRequest::default())
        .map(drop)
        .unwrap_err();
    assert_eq!(e.name(), "StoreRollbackError", "{e}");
    assert!(!store_file(&t.store()).exists());
    // A new process takes the store as it is now.
    put_back(&t, &old);
    assert_eq!(
        describe(&LocalKms::open(t.store(), root()).unwrap(), &k.key_id).key_state,
        KeyState::Enabled
    );
}

/// The child side of the read-only test: opens the store (read-only for it), decrypts the blob
/// in `DATAKEY_TEST_RO_BLOB`, lists the keys, then tries to create one; prints what happened.
#[test]
#[ignore = "run as a child process by a_read_only_store_opens_and_decrypts"]
fn child_read_only() {
    let Ok(dir) = std::env::var("DATAKEY_TEST_CHILD_STORE") else {
        return;
    };
    let blob = hex::decode(std::env::var("DATAKEY_TEST_RO_BLOB").unwrap()).unwrap();
    let kms = match LocalKms::open(&dir, root()) {
        Ok(k) => k,
        Err(e) => {
            println!("OPEN {} {e}", e.name());
            return;
        }
    };
    println!("OPEN ok");
    let back = kms.decrypt(DecryptRequest {
        ciphertext_blob: blob,
        ..Default::default()
    });
    match back {
        Ok(b) => println!("DECRYPT {}", hex::encode(b.plaintext.expose_secret())),
        Err(e) => println!("DECRYPT {} {e}", e.name()),
    }
    println!("KEYS {}", all_key_ids(&kms).len());
    match kms.create_key(CreateKeyRequest::default()) {
        Ok(_) => println!("CREATE ok"),
        Err(Error::Io(e)) => println!("CREATE IoError {:?}", e.kind()),
        Err(e) => println!("CREATE {} {e}", e.name()),
    }
    println!("KEYS {}", all_key_ids(&kms).len());
}

/// Item 11: a store on a read-only file system opens and decrypts (with or without its lock
/// file); a change is refused with a typed error and changes nothing. The child runs in its own
/// mount namespace where the store directory is bind-mounted read-only (`unshare`).
#[cfg(target_os = "linux")]
#[test]
fn a_read_only_store_opens_and_decrypts() {
    let ok = Command::new("unshare")
        .args(["-rm", "true"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "this test needs `unshare -rm` (util-linux, user namespaces) to mount the store \
         read-only"
    );
    let t = TempDir::new("readonly");
    let kms = LocalKms::open(t.store(), root()).unwrap();
    let k = create(&kms);
    let blob = kms
        .encrypt(EncryptRequest {
            key_id: k.key_id.clone(),
            plaintext: datakey::SecretBytes::copy_from_slice(b"read me"),
            ..Default::default()
        })
        .unwrap()
        .ciphertext_blob;
    drop(kms);
    let before = std::fs::read(store_file(&t.store())).unwrap();
    for with_lock_file in [true, false] {
        if !with_lock_file {
            std::fs::remove_file(t.store().join(LOCK_FILE_NAME)).unwrap();
        }
        let dir = t.store().display().to_string();
        let script = format!(
            "mount --bind -o ro '{dir}' '{dir}' && exec '{}' child_read_only --exact --ignored \
             --nocapture --test-threads=1 -q",
            std::env::current_exe().unwrap().display()
        );
        let out = Command::new("unshare")
            .args(["-rm", "sh", "-c", &script])
            .env("DATAKEY_TEST_CHILD_STORE", &dir)
            .env("DATAKEY_TEST_RO_BLOB", hex::encode(&blob))
            .stderr(Stdio::inherit())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| {
                ["OPEN", "DECRYPT", "KEYS", "CREATE"]
                    .iter()
                    .any(|p| l.starts_with(p))
            })
            .collect();
        assert_eq!(
            lines,
            [
                "OPEN ok",
                &format!("DECRYPT {}", hex::encode(b"read me")),
                "KEYS 1",
                "CREATE IoError ReadOnlyFilesystem",
                "KEYS 1",
            ],
            "with_lock_file {with_lock_file}: {text}"
        );
    }
    assert_eq!(std::fs::read(store_file(&t.store())).unwrap(), before);
}

/// A clock whose `now()` calls the service it is the clock of.
#[derive(Debug, Default)]
struct CallingClock {
    kms: std::sync::OnceLock<LocalKms>,
    errors: std::sync::Mutex<Vec<String>>,
}

impl datakey::Clock for CallingClock {
    fn now(&self) -> SystemTime {
        if let Some(kms) = self.kms.get()
            && let Err(e) = kms.list_keys(ListKeysRequest::default())
        {
            self.errors.lock().unwrap().push(e.name().to_owned());
        }
        SystemTime::now()
    }
}

/// Runs `f` on a thread and waits at most 60 s for it: a deadlock fails the test instead of
/// hanging it.
fn within_a_minute<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(60))
        .expect("deadlock: the call did not return within 60 s")
}

/// Item 14: a clock that calls the same persistent store (the same `LocalKms`, or another one
/// on the same directory) does not deadlock: the nested call is refused with a typed error.
#[test]
fn a_clock_calling_the_store_does_not_deadlock() {
    let t = TempDir::new("reentry");
    for same_instance in [true, false] {
        let clock = Arc::new(CallingClock::default());
        let kms = LocalKms::builder()
            .clock(clock.clone())
            .open(t.store(), root())
            .unwrap();
        let target = if same_instance {
            kms.clone()
        } else {
            LocalKms::open(t.store(), root()).unwrap()
        };
        clock.kms.set(target).unwrap();
        let kms2 = kms.clone();
        let made = within_a_minute(move || kms2.create_key(CreateKeyRequest::default()).is_ok());
        assert!(made, "same_instance {same_instance}");
        let errors = clock.errors.lock().unwrap().clone();
        assert!(!errors.is_empty(), "the clock was not called");
        assert!(
            errors.iter().all(|e| e == "ReentrantCallError"),
            "same_instance {same_instance}: {errors:?}"
        );
        // From another thread the store is usable as usual.
        assert!(!all_key_ids(clock.kms.get().unwrap()).is_empty());
    }
}

/// The file as stored, with one bit flipped and the trailing SHA-256 recomputed (damage the
/// checksum cannot catch).
fn flip_with_checksum(good: &[u8], at: usize, bit: u8) -> Vec<u8> {
    use sha2::Digest;
    let mut b = good.to_vec();
    b[at] ^= 1 << bit;
    let n = b.len() - 32;
    let sum = sha2::Sha256::digest(&b[..n]);
    b[n..].copy_from_slice(&sum);
    b
}

/// Item 15: a store damaged anywhere, even with its checksum recomputed, is `StoreCorrupt`,
/// never `WrongRootKey` (for a raw root key and for a passphrase).
#[test]
fn damage_is_not_reported_as_a_wrong_root_key() {
    let cheap = Argon2Params {
        m_cost_kib: 64,
        t_cost: 1,
        p_cost: 1,
    };
    let pass = || RootKey::passphrase_with_params(b"correct horse", cheap).unwrap();
    for passphrase in [false, true] {
        let t = TempDir::new("bitflip");
        let key = || if passphrase { pass() } else { root() };
        {
            let kms = LocalKms::open(t.store(), key()).unwrap();
            create(&kms);
            create(&kms);
        }
        let file = store_file(&t.store());
        let good = std::fs::read(&file).unwrap();
        let mut wrong = Vec::new();
        // 200 positions spread over the whole file, plus every header byte.
        let positions: BTreeSet<usize> = (0..200)
            .map(|i| i * (good.len() - 32) / 200)
            .chain(0..200.min(good.len() - 32))
            .collect();
        for at in positions {
            if (8..10).contains(&at) {
                continue; // the format version: UnsupportedStoreVersion
            }
            std::fs::write(&file, flip_with_checksum(&good, at, (at % 8) as u8)).unwrap();
            match LocalKms::open(t.store(), key()) {
                Err(Error::StoreCorrupt(_)) => {}
                Err(e) => wrong.push(format!("byte {at}: {}", e.name())),
                Ok(_) => wrong.push(format!("byte {at}: opened")),
            }
        }
        assert!(
            wrong.is_empty(),
            "passphrase {passphrase}: {} of the damaged files not StoreCorrupt: {wrong:?}",
            wrong.len()
        );
    }
}

/// Where a file records its Argon2id parameters: one offset per copy.
fn argon_offsets(file: &[u8]) -> Vec<usize> {
    match u16::from_be_bytes([file[8], file[9]]) {
        1 => vec![11],
        2 => vec![67, 128],
        v => panic!("format version {v}"),
    }
}

/// Item 15: absurd Argon2id parameters in a file (consistent, checksum recomputed) are refused
/// before any key derivation, as damage.
#[test]
fn absurd_argon2_parameters_are_refused_before_deriving() {
    use sha2::Digest;
    let t = TempDir::new("argon");
    let cheap = Argon2Params {
        m_cost_kib: 64,
        t_cost: 1,
        p_cost: 1,
    };
    let pass = || RootKey::passphrase_with_params(b"correct horse", cheap).unwrap();
    drop(LocalKms::open(t.store(), pass()).unwrap());
    let file = store_file(&t.store());
    let good = std::fs::read(&file).unwrap();
    // (memory KiB, iterations, lanes): 64 iterations, 4 GiB, 4 GiB × 16, 1 GiB × 16 passes.
    for (m, tc, pc) in [
        (64u32, 64u32, 1u32),
        (4 * 1024 * 1024, 2, 1),
        (u32::MAX, u32::MAX, u32::MAX),
        (1024 * 1024, 16, 1),
    ] {
        let mut b = good.clone();
        for at in argon_offsets(&good) {
            b[at..at + 4].copy_from_slice(&m.to_be_bytes());
            b[at + 4..at + 8].copy_from_slice(&tc.to_be_bytes());
            b[at + 8..at + 12].copy_from_slice(&pc.to_be_bytes());
        }
        let n = b.len() - 32;
        let sum = sha2::Sha256::digest(&b[..n]);
        b[n..].copy_from_slice(&sum);
        std::fs::write(&file, &b).unwrap();
        let e = LocalKms::open(t.store(), pass()).unwrap_err();
        assert_eq!(e.name(), "StoreCorruptError", "({m}, {tc}, {pc}): {e}");
        assert!(e.message().contains("out of range"), "{e}");
    }
    // Creating a store with them is refused too.
    assert!(
        RootKey::passphrase_with_params(
            b"x",
            Argon2Params {
                m_cost_kib: 4 * 1024 * 1024,
                t_cost: 2,
                p_cost: 1
            }
        )
        .is_err()
    );
}

/// Item 18: a data-plane call on an unchanged store reads only the file's header (a change in
/// the middle of the file goes unnoticed by it), while a write still checks the whole file and
/// refuses to overwrite a damaged one.
#[test]
fn data_plane_calls_do_not_read_the_whole_store() {
    let t = TempDir::new("dataplane");
    let kms = LocalKms::open(t.store(), root()).unwrap();
    let k = create(&kms);
    for _ in 0..20 {
        create(&kms);
    }
    let file = store_file(&t.store());
    let good = std::fs::read(&file).unwrap();
    let mut damaged = good.clone();
    let mid = damaged.len() / 2;
    damaged[mid] ^= 0x40;
    // In place (same file), as damage on disk would be.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, &damaged))
        .unwrap();
    let dk = kms
        .generate_data_key(GenerateDataKeyRequest {
            key_id: k.key_id.clone(),
            number_of_bytes: Some(32),
            ..Default::default()
        })
        .unwrap();
    let back = kms
        .decrypt(DecryptRequest {
            ciphertext_blob: dk.ciphertext_blob.clone(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(back.plaintext, dk.plaintext);
    kms.encrypt(EncryptRequest {
        key_id: k.key_id.clone(),
        plaintext: datakey::SecretBytes::copy_from_slice(b"x"),
        ..Default::default()
    })
    .unwrap();
    let e = kms
        .create_key(CreateKeyRequest::default())
        .map(drop)
        .unwrap_err();
    assert_eq!(e.name(), "StoreCorruptError", "{e}");
    assert_eq!(std::fs::read(&file).unwrap(), damaged);
}

/// A symbolic link in place of the lock file is refused, not followed.
#[cfg(unix)]
#[test]
fn a_symlinked_lock_file_is_refused() {
    let t = TempDir::new("locklink");
    drop(LocalKms::open(t.store(), root()).unwrap());
    let lock = t.store().join(LOCK_FILE_NAME);
    std::fs::remove_file(&lock).unwrap();
    let elsewhere = t.0.join("elsewhere");
    std::os::unix::fs::symlink(&elsewhere, &lock).unwrap();
    let e = LocalKms::open(t.store(), root()).unwrap_err();
    assert_eq!(e.name(), "IoError", "{e}");
    assert!(e.message().contains("symbolic link"), "{e}");
    assert!(!elsewhere.exists());
}

/// A version 1 store written by datakey before format 2 (commit ec0a4a1, root key `ROOT_HEX`): a
/// key `main` rotated once with alias `alias/main`, a disabled key, and a blob encrypted under
/// `main` before its rotation.
const V1_STORE: &[&str] = &[
    "444b53544f524500000100000000000000000000000000000000000000000000000000000000000000000000",
    "0000066938db8c19e2af18c7637166bd672d6b78299eadfee0916d3da3c71bed285c566b349841bea49a1ec5",
    "ad87b300000557dc1135140c133501a636c714f50eddf104813d41a6902d496658246d5228116734d7bbd7df",
    "453d6f720d3dc2b6d49c1633990422a6286a689ab6bc0e0d54a28578886a11f696715a526e0b14ff2d7fffe2",
    "cd7dc33ba967d907454a808a9d621a1b8d9c0ad9c73913d0dd745735fcaf1fb4bc4284bb5a6d9ee34c2f7756",
    "85ed9a4d0d766a049ec6a6d675b2a25dcd972f241ff755a99225b9ba0cb03efe8d2a3372ce3b7df5a29e4493",
    "3d77c652e02202e7b67dff57d0f594de2ee21ce27eac3a564bb63f5621add7187df2240d5ef326199f575084",
    "709c1c03be783b285e6dc860d9592416d0a8b1a7280cef4ac271d8a09c3edb79f6c999442d61631b75cc87ce",
    "ddbd38ce35a8f89d9ee43b13eebbac791bf38d015168cd12b7108f40829df74deb5671c59b2cb87a628779ac",
    "46ad09d213b857edf58341c1bdc79f35a2dfe6ef176165fad27d838f7beea376b64bff8f24a545f3c618df92",
    "450863d41283ec441c3930623e1e4c6b3a4d740dcd19cbdb0a9dcf9563a8acb344a4099815785575a895dd9c",
    "a96bda0cfbd32bbd8ee57827d63dd6d447207b1e0c2c267a021b4654239703a46e699afe48bb8b2d5057ae47",
    "bcdd4e948a49a5bf7ededf5c8d34ebbe87d7f920ffef9c5f8bc5030a2ff6cefe877e0788707ba5a65a563ba5",
    "05adfefbc9d6a41a1cbb88c451592b7673b009628952bcf59b1dc6c845c5ae891ea6fde95027c6d4389f8ac6",
    "dc23ff7c2bcc8a8d82ebfc7701c8a79c8236d979694bf58d044ec8a74cfe41881c28113c03ac1443f3d8b1b3",
    "a7d47e108ceef1a8c62cb635a2982bd1461523ac9bd2609404399e467c696d0342213a46d2ae114188db2876",
    "99efd89b2b9f7f1aff0e73694f1185958e40df3bc730310c090152f4055ca583e28483d0af9e27cc60829402",
    "07fe695600d9328e0336f9b7349459b85ab00c47c2fd692c583a7b3f9e2589b7950e96121888d7c818565673",
    "76603a8c6b30e9ed117370761a55cc5545abedf7ee72b0da8d1874eab9ad677d129ab14db4977345b3ba1896",
    "47b0ae142a52eb94c30325bfe48c3ca9d59dcdab7b350e8858742ba014b36514a8835bca029f003ad11ee6d5",
    "0753f1302e77e39882f8c2573adfdbebf26527fd492a0be3ffe30269024ec2e06494cf0da9427a19265a3a99",
    "df3ac1577333fd764a2dceabd50dd154393b20185885a275206fc646da3d8e739b9b2cb3ff460c2e8bd3bfd9",
    "e5bf84fc084840abf16cbff0c67b8a58994b301f523faf84d311f64ae7a096a01a86bea5effe28b1675609a8",
    "ee0d510d30add6ca6c5eddb9c67675193c536b32cff7fdfe634cc9a01a168dd330cae75b9d82ee4f2123d383",
    "4464fe72d0973ef9b465bd4162b2980ef438089c8cc3e12deaa984bc9f6991c7e6f5461e330c2c004d320e71",
    "8909f9c771496654972d62420f7005a316dbdf37fe2e3f88641212fbd8503a5a488b87c28ed99db01aabbd6c",
    "ab0403c47799af4cab703610466005ade712e098fe26480280c9d8df8a4907512747a06a287d40bddb668b77",
    "91b49e66baff33dd62d1fae89f4ed9947ef534d04be03a4eef8734cf51c8475884483c3cbf420a7774d75cec",
    "427ff91907310cb2b7bc7dced24140ff81d52465235bd38a01a4aecf079c1146b393b6e61de7962aeece2320",
    "fd0d3de28dc0449ad00c2d97cd2672ad320b338ad5519ea3b244d56b1dc72f6f10d1134f9cf730388d4d2bd0",
    "af48c11b95c9786701478ad5d2650344a1c54732617c6f45140f472b26225cec61302d88e191822892a01206",
    "bc34ebaf6c82d43b866fe92ff6f77816662f285c1c0a8cbd6211836fe98ece553f839ebd7303ac0b5abbfd5e",
    "2f0c0c9efbefc155dd38093499ebcafbf563cf5fb62745eaf9e3e50ee9ee16c605d2b55310fb26e82d1c424f",
    "b3a1f38a97bfa7efb59a0f1d89ccb201f40560fef22d2e5172df97c58cc23520d5fc875669c526448b05642b",
    "bd0cf825d3e73d5f568f444f9aaa",
];
const V1_KEY: &str = "abe4ddd4-992c-4a57-8158-5f4ca561b94c";
const V1_DISABLED: &str = "777f658f-0f2e-4c46-a7e7-24be666dbdc6";
const V1_BLOB: &[&str] = &[
    "012461626534646464342d393932632d346135372d383135382d35663463613536316239346361bdcfa0eede",
    "6ced0232947d2f06662e27e58636776ea8183f6712c01710273b0f4f4fcf27ead8063f8b30f00c564674ed80",
    "1bc0b465adeb56afaab28cacccb32fb30b596380145e3ca23799a131aeb18043300297",
];

/// Format 1 is still read: everything in it is there, reads leave it as it is, and the first
/// change writes format 2.
#[test]
fn a_version_1_store_is_read_and_upgraded_on_the_first_change() {
    let t = TempDir::new("v1");
    std::fs::create_dir_all(t.store()).unwrap();
    let v1 = hex::decode(V1_STORE.concat()).unwrap();
    std::fs::write(store_file(&t.store()), &v1).unwrap();
    let e = LocalKms::open(t.store(), other_root()).unwrap_err();
    assert_eq!(e.name(), "WrongRootKeyError", "{e}");
    let check = |kms: &LocalKms| {
        let m = describe(kms, "alias/main");
        assert_eq!(
            (m.key_id.as_str(), m.description.as_str()),
            (V1_KEY, "main")
        );
        let rotations = kms
            .list_key_rotations(ListKeyRotationsRequest {
                key_id: V1_KEY.into(),
                ..Default::default()
            })
            .unwrap()
            .rotations;
        assert_eq!(rotations.len(), 1);
        assert_eq!(describe(kms, V1_DISABLED).key_state, KeyState::Disabled);
        let back = kms
            .decrypt(DecryptRequest {
                ciphertext_blob: hex::decode(V1_BLOB.concat()).unwrap(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(back.plaintext.expose_secret(), b"version 1");
    };
    let kms = LocalKms::open(t.store(), root()).unwrap();
    check(&kms);
    assert_eq!(std::fs::read(store_file(&t.store())).unwrap(), v1);
    let new = create(&kms);
    let now = std::fs::read(store_file(&t.store())).unwrap();
    assert_eq!(u16::from_be_bytes([now[8], now[9]]), STORE_FORMAT_VERSION);
    let again = LocalKms::open(t.store(), root()).unwrap();
    check(&again);
    assert_eq!(all_key_ids(&again).len(), 3);
    assert!(all_key_ids(&again).contains(&new.key_id));
}
