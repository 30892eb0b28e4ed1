//! Encryption-context serialization: parse never panics, and anything that parses serializes to
//! bytes that parse back to the same context (canonical, sorted form).
#![no_main]

use datakey::EncryptionContext;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(ec) = EncryptionContext::parse(data) {
        let bytes = ec
            .serialize()
            .expect("a parsed context fits the u16 bounds");
        assert!(bytes.len() <= data.len());
        let again = EncryptionContext::parse(&bytes).expect("canonical bytes parse");
        assert_eq!(again, ec);
        assert_eq!(again.serialize().expect("serialize"), bytes);
    }
});
