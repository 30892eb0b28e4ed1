//! Target (2): the header scanner and parser never panic; a v2 framed header that parses
//! re-serializes (with the writer `encrypt` uses) to bytes that parse back to themselves, and to
//! the very input bytes when the input's encryption context was in canonical order. Every strict
//! prefix of a parsed header is reported incomplete, never as an error.
#![no_main]

use datakey::EncryptionContext;
use datakey::message::DecryptLimits;
use datakey::message::fuzz_hooks::header_roundtrip;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = DecryptLimits {
        max_encrypted_data_keys: usize::from(u16::MAX),
        max_header_size: 1 << 20,
        ..DecryptLimits::default()
    };
    let Ok(Some(rt)) = header_roundtrip(data, &limits) else {
        return;
    };
    let n = rt.header_len;
    assert!(n <= data.len());
    for k in [0, n / 2, n - 1] {
        assert_eq!(
            header_roundtrip(&data[..k], &limits).expect("a prefix of a valid header is no error"),
            None,
            "a strict prefix ({k} of {n} bytes) was taken for a whole header"
        );
    }
    let Some(r) = rt.reserialized else {
        return;
    };
    let again = header_roundtrip(&r, &limits)
        .expect("a re-serialized header parses")
        .expect("a re-serialized header is complete");
    assert_eq!(again.header_len, r.len());
    assert_eq!(
        again.reserialized.as_deref(),
        Some(&r[..]),
        "not a fixed point"
    );
    // v2: version(1) suite(2) message id(32) AAD length(2) EC
    let aad_len = usize::from(u16::from_be_bytes([data[35], data[36]]));
    let ec_bytes = &data[37..37 + aad_len];
    let canonical = EncryptionContext::parse(ec_bytes)
        .and_then(|ec| ec.serialize())
        .expect("the parsed context re-serializes");
    if canonical == ec_bytes {
        assert_eq!(
            &r[..],
            &data[..n],
            "a canonical header did not round-trip byte for byte"
        );
    } else {
        assert_eq!(
            r.len(),
            n,
            "re-ordering the context changed the header length"
        );
    }
});
