//! Target (7): sequences of KMS operations — create, rotate on demand, enable/disable automatic
//! rotation, disable, enable, schedule and cancel deletion, generate data keys, decrypt,
//! re-encrypt, tampered decrypts and clock moves — checked step by step against a simple model of
//! the expected key states, material versions, rotation schedules and results.
//!
//! After every operation each key's `DescribeKey` state and current material id, and its
//! `ListKeyRotations` history, must match the model.
#![no_main]

use std::time::{Duration, SystemTime};

use arbitrary::Arbitrary;
use datakey::kms::{
    CancelKeyDeletionRequest, CreateKeyRequest, DecryptRequest, DescribeKeyRequest,
    DisableKeyRequest, DisableKeyRotationRequest, EnableKeyRequest, EnableKeyRotationRequest,
    GenerateDataKeyRequest, KeyState, ListKeyRotationsRequest, ReEncryptRequest,
    RotateKeyOnDemandRequest, ScheduleKeyDeletionRequest,
};
use datakey::{EncryptionContext, Error, LocalKms, ManualClock, SecretBytes};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Op {
    CreateKey,
    RotateOnDemand(u8),
    Disable(u8),
    Enable(u8),
    ScheduleDeletion(u8, u8),
    CancelDeletion(u8),
    EnableRotation(u8, u16),
    DisableRotation(u8),
    Generate {
        key: u8,
        ec: bool,
        by_arn: bool,
    },
    Decrypt {
        blob: u8,
        right_ec: bool,
        name_key: bool,
    },
    ReEncrypt {
        blob: u8,
        dest: u8,
    },
    Tamper {
        blob: u8,
        bit: u16,
    },
    AdvanceHours(u16),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Enabled,
    Disabled,
    PendingDeletion(SystemTime),
    Deleted,
}

struct Material {
    /// Learnt from the first response that names it.
    id: Option<String>,
    rotated_at: Option<SystemTime>,
}

struct Key {
    id: String,
    arn: String,
    created: SystemTime,
    state: State,
    materials: Vec<Material>,
    on_demand: u32,
    /// (period in days, next rotation)
    rotation: Option<(i64, SystemTime)>,
}

struct Blob {
    bytes: Vec<u8>,
    key: usize,
    material: usize,
    ec: bool,
    plaintext: SecretBytes,
}

const UNKNOWN_KEY: &str = "00000000-0000-4000-8000-000000000000";
const MAX_KEYS: usize = 6;
const MAX_BLOBS: usize = 16;

fn days(n: i64) -> Duration {
    Duration::from_secs(u64::try_from(n).expect("positive") * 86_400)
}

fn ec(flag: bool) -> EncryptionContext {
    if flag {
        EncryptionContext::from_iter([("purpose", "fuzz")])
    } else {
        EncryptionContext::new()
    }
}

impl Key {
    /// What `require_usable` says for this state.
    fn usable(&self) -> Result<(), &'static str> {
        match self.state {
            State::Enabled => Ok(()),
            State::Disabled => Err("DisabledException"),
            State::PendingDeletion(_) => Err("KMSInvalidStateException"),
            State::Deleted => Err("NotFoundException"),
        }
    }

    fn current(&self) -> usize {
        self.materials.len() - 1
    }

    /// Learns or checks the id of material `i`.
    fn material_id(&mut self, i: usize, id: &str) {
        match &self.materials[i].id {
            Some(known) => assert_eq!(known, id, "material {i} of {} changed id", self.id),
            None => {
                assert!(
                    self.materials.iter().all(|m| m.id.as_deref() != Some(id)),
                    "material id reused"
                );
                self.materials[i].id = Some(id.to_owned());
            }
        }
    }

    /// Automatic rotations due at `now` (only while enabled), each dated when it fell due.
    fn apply_due(&mut self, now: SystemTime) {
        if let State::PendingDeletion(at) = self.state
            && now >= at
        {
            self.state = State::Deleted;
        }
        if self.state != State::Enabled {
            return;
        }
        if let Some((period, mut next)) = self.rotation {
            while now >= next {
                self.materials.push(Material {
                    id: None,
                    rotated_at: Some(next),
                });
                next += days(period);
            }
            self.rotation = Some((period, next));
        }
    }
}

struct World {
    kms: LocalKms,
    clock: ManualClock,
    keys: Vec<Key>,
    blobs: Vec<Blob>,
}

fn name(r: &Result<impl Sized, Error>) -> &'static str {
    match r {
        Ok(_) => "Ok",
        Err(e) => e.name(),
    }
}

fn expect<T>(what: &str, r: Result<T, Error>, want: Result<(), &str>) -> Option<T> {
    let got = name(&r);
    let want_name = match want {
        Ok(()) => "Ok",
        Err(n) => n,
    };
    assert_eq!(got, want_name, "{what}: {:?}", r.as_ref().err());
    r.ok()
}

impl World {
    fn now(&self) -> SystemTime {
        datakey::Clock::now(&self.clock)
    }

    /// The key an index names: one of the keys, or (one past the end) a key that never existed.
    fn pick(&self, i: u8) -> Option<usize> {
        let k = usize::from(i) % (self.keys.len() + 1);
        (k < self.keys.len()).then_some(k)
    }

    fn key_param(&self, k: Option<usize>, by_arn: bool) -> String {
        match k {
            Some(k) if by_arn => self.keys[k].arn.clone(),
            Some(k) => self.keys[k].id.clone(),
            None => UNKNOWN_KEY.to_owned(),
        }
    }

    /// `NotFound` for unknown and deleted keys, else the key.
    fn live(&self, k: Option<usize>) -> Result<usize, &'static str> {
        match k {
            Some(k) if self.keys[k].state != State::Deleted => Ok(k),
            _ => Err("NotFoundException"),
        }
    }

    fn push_blob(&mut self, blob: Blob) {
        if self.blobs.len() == MAX_BLOBS {
            self.blobs.remove(0);
        }
        self.blobs.push(blob);
    }

    fn step(&mut self, op: &Op) {
        let now = self.now();
        match *op {
            Op::CreateKey => {
                if self.keys.len() == MAX_KEYS {
                    return;
                }
                let md = self
                    .kms
                    .create_key(CreateKeyRequest::default())
                    .expect("create")
                    .key_metadata;
                assert_eq!(md.key_state, KeyState::Enabled);
                assert_eq!(md.creation_date, now);
                let mut key = Key {
                    id: md.key_id.clone(),
                    arn: md.arn.clone(),
                    created: now,
                    state: State::Enabled,
                    materials: vec![Material {
                        id: None,
                        rotated_at: None,
                    }],
                    on_demand: 0,
                    rotation: None,
                };
                key.material_id(0, md.current_key_material_id.as_deref().expect("material"));
                self.keys.push(key);
            }
            Op::RotateOnDemand(i) => {
                let k = self.pick(i);
                let r = self.kms.rotate_key_on_demand(RotateKeyOnDemandRequest {
                    key_id: self.key_param(k, false),
                });
                let want = self.live(k).and_then(|k| {
                    self.keys[k].usable()?;
                    if self.keys[k].on_demand >= 25 {
                        return Err("LimitExceededException");
                    }
                    Ok(k)
                });
                if expect("RotateKeyOnDemand", r, want.map(|_| ())).is_some() {
                    let key = &mut self.keys[want.expect("ok")];
                    key.materials.push(Material {
                        id: None,
                        rotated_at: Some(now),
                    });
                    key.on_demand += 1;
                }
            }
            Op::Disable(i) => {
                let k = self.pick(i);
                let r = self.kms.disable_key(DisableKeyRequest {
                    key_id: self.key_param(k, false),
                });
                let want = self.live(k).and_then(|k| match self.keys[k].state {
                    State::PendingDeletion(_) => Err("KMSInvalidStateException"),
                    _ => Ok(k),
                });
                if expect("DisableKey", r, want.map(|_| ())).is_some() {
                    self.keys[want.expect("ok")].state = State::Disabled;
                }
            }
            Op::Enable(i) => {
                let k = self.pick(i);
                let r = self.kms.enable_key(EnableKeyRequest {
                    key_id: self.key_param(k, true),
                });
                let want = self.live(k).and_then(|k| match self.keys[k].state {
                    State::PendingDeletion(_) => Err("KMSInvalidStateException"),
                    _ => Ok(k),
                });
                if expect("EnableKey", r, want.map(|_| ())).is_some() {
                    let key = &mut self.keys[want.expect("ok")];
                    if key.state == State::Disabled {
                        key.state = State::Enabled;
                        // A rotation that fell due while disabled happens now, once.
                        if let Some((period, next)) = key.rotation
                            && now >= next
                        {
                            key.materials.push(Material {
                                id: None,
                                rotated_at: Some(now),
                            });
                            key.rotation = Some((period, now + days(period)));
                        }
                    }
                }
            }
            Op::ScheduleDeletion(i, raw) => {
                let k = self.pick(i);
                let window = i64::from(raw % 40);
                let r = self.kms.schedule_key_deletion(ScheduleKeyDeletionRequest {
                    key_id: self.key_param(k, false),
                    pending_window_in_days: Some(window),
                });
                let want = if !(7..=30).contains(&window) {
                    Err("ValidationException")
                } else {
                    self.live(k).and_then(|k| match self.keys[k].state {
                        State::PendingDeletion(_) => Err("KMSInvalidStateException"),
                        _ => Ok(k),
                    })
                };
                if let Some(resp) = expect("ScheduleKeyDeletion", r, want.map(|_| ())) {
                    let at = now + days(window);
                    assert_eq!(resp.deletion_date, at);
                    assert_eq!(resp.pending_window_in_days, window);
                    self.keys[want.expect("ok")].state = State::PendingDeletion(at);
                }
            }
            Op::CancelDeletion(i) => {
                let k = self.pick(i);
                let r = self.kms.cancel_key_deletion(CancelKeyDeletionRequest {
                    key_id: self.key_param(k, true),
                });
                let want = self.live(k).and_then(|k| match self.keys[k].state {
                    State::PendingDeletion(_) => Ok(k),
                    _ => Err("KMSInvalidStateException"),
                });
                if expect("CancelKeyDeletion", r, want.map(|_| ())).is_some() {
                    self.keys[want.expect("ok")].state = State::Disabled;
                }
            }
            Op::EnableRotation(i, raw) => {
                let k = self.pick(i);
                let period = i64::from(raw % 3000);
                let r = self.kms.enable_key_rotation(EnableKeyRotationRequest {
                    key_id: self.key_param(k, false),
                    rotation_period_in_days: Some(period),
                });
                let want = if !(90..=2560).contains(&period) {
                    Err("ValidationException")
                } else {
                    self.live(k).and_then(|k| self.keys[k].usable().map(|()| k))
                };
                if expect("EnableKeyRotation", r, want.map(|_| ())).is_some() {
                    let key = &mut self.keys[want.expect("ok")];
                    let next = if key.rotation.is_some() {
                        // A changed period counts from the last rotation (or the creation).
                        let last = key
                            .materials
                            .iter()
                            .rev()
                            .find_map(|m| m.rotated_at)
                            .unwrap_or(key.created);
                        last + days(period)
                    } else {
                        now + days(period)
                    };
                    key.rotation = Some((period, next));
                    key.apply_due(now);
                }
            }
            Op::DisableRotation(i) => {
                let k = self.pick(i);
                let r = self.kms.disable_key_rotation(DisableKeyRotationRequest {
                    key_id: self.key_param(k, true),
                });
                let want = self.live(k).and_then(|k| self.keys[k].usable().map(|()| k));
                if expect("DisableKeyRotation", r, want.map(|_| ())).is_some() {
                    self.keys[want.expect("ok")].rotation = None;
                }
            }
            Op::Generate { key, ec: e, by_arn } => {
                let k = self.pick(key);
                let r = self.kms.generate_data_key(GenerateDataKeyRequest {
                    key_id: self.key_param(k, by_arn),
                    number_of_bytes: Some(32),
                    encryption_context: ec(e),
                    ..Default::default()
                });
                let want = self.live(k).and_then(|k| self.keys[k].usable().map(|()| k));
                if let Some(resp) = expect("GenerateDataKey", r, want.map(|_| ())) {
                    let k = want.expect("ok");
                    let key = &mut self.keys[k];
                    assert_eq!(resp.key_id, key.arn);
                    let cur = key.current();
                    key.material_id(cur, &resp.key_material_id);
                    self.push_blob(Blob {
                        bytes: resp.ciphertext_blob,
                        key: k,
                        material: cur,
                        ec: e,
                        plaintext: resp.plaintext,
                    });
                }
            }
            Op::Decrypt {
                blob,
                right_ec,
                name_key,
            } => {
                if self.blobs.is_empty() {
                    return;
                }
                let b = &self.blobs[usize::from(blob) % self.blobs.len()];
                let key = &self.keys[b.key];
                let r = self.kms.decrypt(DecryptRequest {
                    ciphertext_blob: b.bytes.clone(),
                    encryption_context: ec(b.ec == right_ec),
                    key_id: name_key.then(|| key.id.clone()),
                    ..Default::default()
                });
                let want = if key.state == State::Deleted {
                    // A named deleted key is not found; an unnamed one leaves an orphan blob.
                    Err(if name_key {
                        "NotFoundException"
                    } else {
                        "InvalidCiphertextException"
                    })
                } else if let Err(e) = key.usable() {
                    Err(e)
                } else if !right_ec {
                    Err("InvalidCiphertextException")
                } else {
                    Ok(())
                };
                let (bk, bm) = (b.key, b.material);
                if let Some(resp) = expect("Decrypt", r, want) {
                    let b = &self.blobs[usize::from(blob) % self.blobs.len()];
                    assert_eq!(resp.plaintext, b.plaintext);
                    assert_eq!(resp.key_id, self.keys[bk].arn);
                    self.keys[bk].material_id(bm, &resp.key_material_id);
                }
            }
            Op::ReEncrypt { blob, dest } => {
                if self.blobs.is_empty() {
                    return;
                }
                let bi = usize::from(blob) % self.blobs.len();
                let d = self.pick(dest);
                let b = &self.blobs[bi];
                let src = &self.keys[b.key];
                let r = self.kms.re_encrypt(ReEncryptRequest {
                    ciphertext_blob: b.bytes.clone(),
                    source_encryption_context: ec(b.ec),
                    destination_key_id: self.key_param(d, false),
                    destination_encryption_context: ec(!b.ec),
                    ..Default::default()
                });
                let want = if src.state == State::Deleted {
                    Err("InvalidCiphertextException")
                } else {
                    src.usable()
                        .and_then(|()| self.live(d))
                        .and_then(|d| self.keys[d].usable().map(|()| d))
                };
                if let Some(resp) = expect("ReEncrypt", r, want.map(|_| ())) {
                    let d = want.expect("ok");
                    let (bk, bm, be) = (b.key, b.material, b.ec);
                    let plaintext = SecretBytes::copy_from_slice(b.plaintext.expose_secret());
                    assert_eq!(resp.source_key_id, self.keys[bk].arn);
                    assert_eq!(resp.key_id, self.keys[d].arn);
                    self.keys[bk].material_id(bm, &resp.source_key_material_id);
                    let cur = self.keys[d].current();
                    self.keys[d].material_id(cur, &resp.destination_key_material_id);
                    self.push_blob(Blob {
                        bytes: resp.ciphertext_blob,
                        key: d,
                        material: cur,
                        ec: !be,
                        plaintext,
                    });
                }
            }
            Op::Tamper { blob, bit } => {
                if self.blobs.is_empty() {
                    return;
                }
                let b = &self.blobs[usize::from(blob) % self.blobs.len()];
                let mut bytes = b.bytes.clone();
                let bit = usize::from(bit) % (bytes.len() * 8);
                bytes[bit / 8] ^= 1 << (bit % 8);
                let key = &self.keys[b.key];
                let r = self.kms.decrypt(DecryptRequest {
                    ciphertext_blob: bytes,
                    encryption_context: ec(b.ec),
                    ..Default::default()
                });
                // Version, key id length and key id: the blob names no live key. Anything
                // after: the key's state is checked first, then authentication fails.
                let want = if bit / 8 < 38 || key.state == State::Deleted {
                    Err("InvalidCiphertextException")
                } else {
                    Err(key.usable().err().unwrap_or("InvalidCiphertextException"))
                };
                expect("Decrypt (tampered)", r, want);
            }
            Op::AdvanceHours(h) => {
                let hours = u64::from(h) % (24 * 120);
                self.clock.advance(Duration::from_secs(hours * 3600));
                let now = self.now();
                for key in &mut self.keys {
                    key.apply_due(now);
                }
            }
        }
    }

    /// Every key as `DescribeKey` and `ListKeyRotations` see it, against the model.
    fn check(&mut self) {
        for i in 0..self.keys.len() {
            let id = self.keys[i].id.clone();
            let r = self
                .kms
                .describe_key(DescribeKeyRequest { key_id: id.clone() });
            let key = &mut self.keys[i];
            let md = match (key.state, r) {
                (State::Deleted, Err(e)) => {
                    assert_eq!(e.name(), "NotFoundException");
                    continue;
                }
                (State::Deleted, Ok(_)) => panic!("{id} should be deleted"),
                (_, Err(e)) => panic!("{id}: {e:?}"),
                (_, Ok(r)) => r.key_metadata,
            };
            let (state, deletion) = match key.state {
                State::Enabled => (KeyState::Enabled, None),
                State::Disabled => (KeyState::Disabled, None),
                State::PendingDeletion(at) => (KeyState::PendingDeletion, Some(at)),
                State::Deleted => unreachable!(),
            };
            assert_eq!(md.key_state, state, "{id}");
            assert_eq!(md.deletion_date, deletion, "{id}");
            let cur = key.current();
            key.material_id(
                cur,
                md.current_key_material_id.as_deref().expect("material"),
            );
            let rotations = self
                .kms
                .list_key_rotations(ListKeyRotationsRequest {
                    key_id: id.clone(),
                    limit: Some(1000),
                    marker: None,
                })
                .expect("list rotations");
            let expected: Vec<SystemTime> =
                key.materials.iter().filter_map(|m| m.rotated_at).collect();
            let got: Vec<SystemTime> = rotations
                .rotations
                .iter()
                .map(|r| r.rotation_date.expect("dated"))
                .collect();
            assert_eq!(got, expected, "{id}: rotation history");
            for (r, m) in rotations.rotations.iter().zip(&key.materials[1..]) {
                if let Some(known) = &m.id {
                    assert_eq!(&r.key_material_id, known);
                }
            }
        }
    }
}

fuzz_target!(|ops: Vec<Op>| {
    let clock = ManualClock::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    let kms = LocalKms::builder()
        .clock(std::sync::Arc::new(clock.clone()))
        .build()
        .expect("kms");
    let mut world = World {
        kms,
        clock,
        keys: Vec::new(),
        blobs: Vec::new(),
    };
    for op in ops.iter().take(64) {
        world.step(op);
        world.check();
    }
});
