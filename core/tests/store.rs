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
