//! The data-key cache: each limit exactly (the N+1st message gets a new data key, age on the
//! clock, bytes), partitions, invalidation, decrypt caching, capacity, concurrency, and a KMS
//! outage masked by a cached data key.

#![allow(clippy::unwrap_used)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use datakey::keyring::{
    CacheStats, CachingKeyring, DataKeyCache, DecryptionMaterials, EncryptedDataKey,
    EncryptionMaterials, Keyring, KmsKeyring, RawAesKeyring,
};
use datakey::kms::{CreateKeyRequest, FaultKind, FaultRule, Operation};
use datakey::message::{self, DecryptOptions, EncryptOptions};
use datakey::{EncryptionContext, LocalKms, ManualClock};

/// A raw AES keyring that counts the data keys it generates and the EDKs it opens.
#[derive(Debug)]
struct Counting {
    inner: RawAesKeyring,
    generated: AtomicUsize,
    opened: AtomicUsize,
    /// The EDK ciphertext of every data key generated.
    edks: Mutex<Vec<Vec<u8>>>,
}

impl Counting {
    fn new() -> Arc<Self> {
        Arc::new(Self {
            inner: RawAesKeyring::new("test", "key", &[9u8; 32]).unwrap(),
            generated: AtomicUsize::new(0),
            opened: AtomicUsize::new(0),
            edks: Mutex::new(Vec::new()),
        })
    }
    fn generated(&self) -> usize {
        self.generated.load(Ordering::SeqCst)
    }
    fn opened(&self) -> usize {
        self.opened.load(Ordering::SeqCst)
    }
}

impl Keyring for Counting {
    fn on_encrypt(&self, materials: &mut EncryptionMaterials) -> datakey::Result<()> {
        let generating = materials.data_key().is_none();
        self.inner.on_encrypt(materials)?;
        if generating {
            self.generated.fetch_add(1, Ordering::SeqCst);
            let edk = materials
                .encrypted_data_keys()
                .last()
                .unwrap()
                .ciphertext
                .clone();
            self.edks.lock().unwrap().push(edk);
        }
        Ok(())
    }
    fn on_decrypt(
        &self,
        materials: &mut DecryptionMaterials,
        edks: &[EncryptedDataKey],
    ) -> datakey::Result<()> {
        self.inner.on_decrypt(materials, edks)?;
        if materials.data_key().is_some() {
            self.opened.fetch_add(1, Ordering::SeqCst);
        }
        Ok(())
    }
    fn offered_keys(&self) -> Vec<(String, String)> {
        self.inner.offered_keys()
    }
}

fn clock() -> ManualClock {
    ManualClock::new(UNIX_EPOCH + Duration::from_secs(1_700_000_000))
}

fn opts(pairs: &[(&str, &str)]) -> EncryptOptions {
    EncryptOptions {
        encryption_context: EncryptionContext::from_iter(pairs.iter().copied()),
        ..Default::default()
    }
}

/// Decrypts with the plain inner keyring (no cache involved).
fn check(counting: &Counting, msg: &[u8], plaintext: &[u8]) {
    let d = message::decrypt(msg, &counting.inner, &DecryptOptions::default()).unwrap();
    assert_eq!(&d.plaintext[..], plaintext);
}

#[test]
fn the_message_after_max_messages_gets_a_new_data_key() {
    let counting = Counting::new();
    let clock = clock();
    let cache = CachingKeyring::builder(counting.clone(), Duration::from_secs(300))
        .max_messages(3)
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    let o = opts(&[("tenant", "acme")]);
    let mut generated = Vec::new();
    for i in 0..7u8 {
        let m = cache.encrypt(&[i; 10], &o).unwrap();
        check(&counting, &m, &[i; 10]);
        generated.push(counting.generated());
    }
    // Messages 1-3 share the first data key, 4-6 the second, 7 starts the third.
    assert_eq!(generated, [1, 1, 1, 2, 2, 2, 3]);
    assert_eq!(
        cache.stats(),
        CacheStats {
            hits: 4,
            misses: 3,
            bypasses: 0
        }
    );
    assert_eq!(cache.entry_counts(), (1, 0));
}

#[test]
fn max_messages_of_one_never_reuses() {
    let counting = Counting::new();
    let cache = CachingKeyring::builder(counting.clone(), Duration::from_secs(300))
        .max_messages(1)
        .build()
        .unwrap();
    for _ in 0..3 {
        cache.encrypt(b"x", &opts(&[])).unwrap();
    }
    assert_eq!(counting.generated(), 3);
}

#[test]
fn an_entry_expires_once_older_than_max_age_on_the_clock() {
    let counting = Counting::new();
    let clock = clock();
    let cache = CachingKeyring::builder(counting.clone(), Duration::from_secs(60))
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    let o = opts(&[]);
    cache.encrypt(b"a", &o).unwrap();
    clock.advance(Duration::from_secs(60));
    // Age exactly max_age: still fresh (the ESDK's rule is "older than").
    cache.encrypt(b"b", &o).unwrap();
    assert_eq!(counting.generated(), 1);
    clock.advance(Duration::from_nanos(1));
    cache.encrypt(b"c", &o).unwrap();
    assert_eq!(counting.generated(), 2);
    // The new entry's age counts from its own creation.
    clock.advance(Duration::from_secs(60));
    cache.encrypt(b"d", &o).unwrap();
    assert_eq!(counting.generated(), 2);
    clock.advance(Duration::from_secs(1));
    assert_eq!(cache.cache().purge_expired(), 1);
    assert!(cache.cache().is_empty());
}

#[test]
fn the_byte_limit_is_exact() {
    let counting = Counting::new();
    let cache = CachingKeyring::builder(counting.clone(), Duration::from_secs(300))
        .max_bytes(100)
        .build()
        .unwrap();
    let o = opts(&[]);
    let enc = |n: usize| cache.encrypt(&vec![1u8; n], &o).unwrap();
    enc(40);
    enc(60); // 100 bytes: exactly the limit
    assert_eq!(counting.generated(), 1);
    enc(1); // would be 101: a new data key
    assert_eq!(counting.generated(), 2);
    enc(99); // 1 + 99 = 100
    assert_eq!(counting.generated(), 2);
    // A message larger than the limit on its own bypasses the cache.
    enc(101);
    assert_eq!(counting.generated(), 3);
    enc(0); // the cached entry (100 bytes) still takes an empty message
    assert_eq!(counting.generated(), 3);
    assert_eq!(
        cache.stats(),
        CacheStats {
            hits: 3,
            misses: 2,
            bypasses: 1
        }
    );
}

#[test]
fn contexts_and_partitions_separate_entries() {
    let counting = Counting::new();
    let shared = DataKeyCache::new(100, Arc::new(clock())).unwrap();
    let build = |partition: Option<&str>| {
        let b = CachingKeyring::builder(counting.clone(), Duration::from_secs(300))
            .cache(shared.clone());
        match partition {
            Some(p) => b.partition(p),
            None => b,
        }
        .build()
        .unwrap()
    };
    let a1 = build(Some("team-a"));
    let a2 = build(Some("team-a"));
    let b = build(Some("team-b"));
    let anon1 = build(None);
    let anon2 = build(None);
    assert_ne!(anon1.partition(), anon2.partition());
    assert_eq!(a1.partition(), "team-a");

    a1.encrypt(b"x", &opts(&[("k", "1")])).unwrap();
    a2.encrypt(b"x", &opts(&[("k", "1")])).unwrap(); // same partition: shared
    assert_eq!(counting.generated(), 1);
    a2.encrypt(b"x", &opts(&[("k", "2")])).unwrap(); // another context
    b.encrypt(b"x", &opts(&[("k", "1")])).unwrap(); // another partition
    anon1.encrypt(b"x", &opts(&[("k", "1")])).unwrap();
    anon2.encrypt(b"x", &opts(&[("k", "1")])).unwrap();
    assert_eq!(counting.generated(), 5);
    assert_eq!(shared.len(), 5);
    // Moving one character between a context key and its value is another context.
    a1.encrypt(b"x", &opts(&[("ab", "c")])).unwrap();
    a1.encrypt(b"x", &opts(&[("a", "bc")])).unwrap();
    assert_eq!(counting.generated(), 7);
}

#[test]
fn explicit_invalidation() {
    let counting = Counting::new();
    let cache = CachingKeyring::builder(counting.clone(), Duration::from_secs(300))
        .build()
        .unwrap();
    let (x, y) = (opts(&[("t", "x")]), opts(&[("t", "y")]));
    cache.encrypt(b"1", &x).unwrap();
    cache.encrypt(b"1", &y).unwrap();
    assert_eq!(counting.generated(), 2);
    assert_eq!(
        cache
            .invalidate_encryption_context(&x.encryption_context)
            .unwrap(),
        1
    );
    cache.encrypt(b"2", &y).unwrap(); // still cached
    assert_eq!(counting.generated(), 2);
    cache.encrypt(b"2", &x).unwrap(); // new
    assert_eq!(counting.generated(), 3);
    assert_eq!(cache.invalidate(), 2);
    cache.encrypt(b"3", &x).unwrap();
    cache.encrypt(b"3", &y).unwrap();
    assert_eq!(counting.generated(), 5);
    assert_eq!(cache.cache().clear(), 2);
    assert!(cache.cache().is_empty());
}

#[test]
fn decryption_is_cached_per_message_keys_and_context_until_max_age() {
    let counting = Counting::new();
    let clock = clock();
    let cache = CachingKeyring::builder(counting.clone(), Duration::from_secs(60))
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    let o = opts(&[("t", "x")]);
    // Two messages under one data key (same EDKs) and one under another.
    let m1 = cache.encrypt(b"one", &o).unwrap();
    let m2 = cache.encrypt(b"two", &o).unwrap();
    let other = message::encrypt(b"three", &counting.inner, &o).unwrap();
    let dec = |m: &[u8]| {
        message::decrypt(m, &cache, &DecryptOptions::default())
            .unwrap()
            .plaintext
            .to_vec()
    };
    assert_eq!(dec(&m1), b"one");
    assert_eq!(dec(&m2), b"two");
    assert_eq!(dec(&m1), b"one");
    assert_eq!(counting.opened(), 1, "same EDKs and context: one unwrap");
    assert_eq!(dec(&other), b"three");
    assert_eq!(counting.opened(), 2);
    assert_eq!(cache.entry_counts(), (1, 2));
    clock.advance(Duration::from_secs(61));
    assert_eq!(dec(&m1), b"one");
    assert_eq!(counting.opened(), 3, "expired: unwrapped again");
    // A tampered message still fails: the cache gives the key, the body does not authenticate.
    let mut bad = m2.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    assert_eq!(
        message::decrypt(&bad, &cache, &DecryptOptions::default())
            .err()
            .unwrap()
            .name(),
        "DecryptionError"
    );
}

#[test]
fn without_a_known_length_encryption_bypasses_the_cache() {
    let counting = Counting::new();
    let cache = CachingKeyring::builder(counting.clone(), Duration::from_secs(300))
        .build()
        .unwrap();
    for _ in 0..3 {
        let m = message::encrypt(b"x", &cache, &opts(&[])).unwrap();
        check(&counting, &m, b"x");
    }
    assert_eq!(counting.generated(), 3);
    assert_eq!(cache.stats().bypasses, 3);
    // With the length known (as a streaming caller would give it), it is cached.
    for _ in 0..3 {
        let mut out = Vec::new();
        message::encrypt_stream(
            &b"stream"[..],
            &mut out,
            &cache.for_plaintext_len(6),
            &opts(&[]),
        )
        .unwrap();
        check(&counting, &out, b"stream");
    }
    assert_eq!(counting.generated(), 4);
}

#[test]
fn capacity_evicts_the_least_recently_used_entry() {
    let counting = Counting::new();
    let cache = CachingKeyring::builder(counting.clone(), Duration::from_secs(300))
        .capacity(2)
        .build()
        .unwrap();
    let enc = |t: &str| cache.encrypt(b"x", &opts(&[("t", t)])).unwrap();
    enc("a");
    enc("b");
    enc("a"); // a is now the most recently used
    enc("c"); // evicts b
    assert_eq!(cache.cache().len(), 2);
    assert_eq!(counting.generated(), 3);
    enc("a");
    assert_eq!(counting.generated(), 3);
    enc("b");
    assert_eq!(counting.generated(), 4);
}

#[test]
fn the_builder_validates() {
    let k = || Counting::new() as Arc<dyn Keyring>;
    let day = Duration::from_secs(86_400);
    let name = |r: datakey::Result<CachingKeyring>| r.err().map(|e| e.name());
    assert_eq!(
        name(CachingKeyring::builder(k(), Duration::ZERO).build()),
        Some("ValidationException")
    );
    assert_eq!(
        name(CachingKeyring::builder(k(), day).max_messages(0).build()),
        Some("ValidationException")
    );
    assert_eq!(
        name(
            CachingKeyring::builder(k(), day)
                .max_messages((1 << 32) + 1)
                .build()
        ),
        Some("ValidationException")
    );
    assert!(
        CachingKeyring::builder(k(), day)
            .max_messages(1 << 32)
            .build()
            .is_ok()
    );
    assert_eq!(
        name(CachingKeyring::builder(k(), day).max_bytes(0).build()),
        Some("ValidationException")
    );
    assert_eq!(
        name(CachingKeyring::builder(k(), day).max_bytes(1 << 63).build()),
        Some("ValidationException")
    );
    assert_eq!(
        name(CachingKeyring::builder(k(), day).capacity(0).build()),
        Some("ValidationException")
    );
    let shared = DataKeyCache::new(1, Arc::new(clock())).unwrap();
    assert_eq!(
        name(
            CachingKeyring::builder(k(), day)
                .cache(shared)
                .clock(Arc::new(clock()))
                .build()
        ),
        Some("ValidationException")
    );
    // No key bytes in Debug.
    let c = CachingKeyring::builder(k(), day).build().unwrap();
    c.encrypt(b"x", &opts(&[])).unwrap();
    let dbg = format!("{c:?}");
    assert!(
        dbg.contains("CachingKeyring") && !dbg.contains("data_key"),
        "{dbg}"
    );
}

#[test]
fn concurrent_use_never_exceeds_the_message_limit() {
    let counting = Counting::new();
    let cache = Arc::new(
        CachingKeyring::builder(counting.clone(), Duration::from_secs(300))
            .max_messages(10)
            .build()
            .unwrap(),
    );
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let cache = cache.clone();
            let counting = counting.clone();
            std::thread::spawn(move || {
                let mut messages = Vec::new();
                for i in 0..50u32 {
                    let pt = format!("{t}-{i}");
                    let m = cache.encrypt(pt.as_bytes(), &opts(&[])).unwrap();
                    check(&counting, &m, pt.as_bytes());
                    let d = message::decrypt(&m, &*cache, &DecryptOptions::default()).unwrap();
                    assert_eq!(&d.plaintext[..], pt.as_bytes());
                    messages.push(m);
                }
                messages
            })
        })
        .collect();
    let messages: Vec<Vec<u8>> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    // Which data key (by its EDK) each message carries: none carries more than 10 messages.
    let edks = counting.edks.lock().unwrap().clone();
    let mut uses = vec![0usize; edks.len()];
    for m in &messages {
        let which: Vec<usize> = (0..edks.len())
            .filter(|&i| m.windows(edks[i].len()).any(|w| w == edks[i].as_slice()))
            .collect();
        assert_eq!(which.len(), 1, "each message carries exactly one known EDK");
        uses[which[0]] += 1;
    }
    assert_eq!(uses.iter().sum::<usize>(), 200);
    assert!(uses.iter().all(|&n| (1..=10).contains(&n)), "{uses:?}");
    assert!(edks.len() >= 20);
    let s = cache.stats();
    assert_eq!(s.hits + s.misses, 400);
    assert_eq!(s.bypasses, 0);
    assert_eq!(
        s.misses,
        (counting.generated() + counting.opened()) as u64,
        "every miss generated or unwrapped one data key"
    );
}

#[test]
fn a_cached_data_key_rides_out_a_kms_outage() {
    let clock = clock();
    let kms = LocalKms::builder()
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    let key = kms
        .create_key(CreateKeyRequest::default())
        .unwrap()
        .key_metadata;
    let kms_keyring = Arc::new(KmsKeyring::new(kms.clone(), key.arn.clone()).unwrap());
    let cache = CachingKeyring::builder(kms_keyring.clone(), Duration::from_secs(300))
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    let o = opts(&[("purpose", "outage")]);
    let m1 = cache.encrypt(b"before", &o).unwrap();
    kms.inject_fault(FaultRule::next_calls(
        FaultKind::Throttling,
        &[Operation::GenerateDataKey, Operation::Decrypt],
        2,
    ))
    .unwrap();
    // Served from the cache: KMS is not called.
    let m2 = cache.encrypt(b"during", &o).unwrap();
    assert_eq!(
        message::decrypt(&m1, &cache, &DecryptOptions::default())
            .err()
            .map(|e| e.name()),
        Some("ThrottlingException"),
        "the first decrypt goes to KMS"
    );
    // Once the cache expires, KMS is needed again.
    clock.advance(Duration::from_secs(301));
    assert_eq!(
        cache.encrypt(b"after", &o).err().map(|e| e.name()),
        Some("ThrottlingException")
    );
    let m3 = cache.encrypt(b"after", &o).unwrap();
    for (m, pt) in [(&m1, &b"before"[..]), (&m2, b"during"), (&m3, b"after")] {
        let d = message::decrypt(m, &*kms_keyring, &DecryptOptions::default()).unwrap();
        assert_eq!(&d.plaintext[..], pt);
    }
}
