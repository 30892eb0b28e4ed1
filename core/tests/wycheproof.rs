//! Wycheproof AES-GCM vectors (C2SP/wycheproof `aes_gcm_test.json`, Apache-2.0), read from the
//! shared folder beside the checkout — never copied into the repository.
//!
//! Every test with a 96-bit IV (the only IV size datakey's formats use) must pass on every AEAD
//! backend of the build that takes its key size: AWS-LC (all sizes), and ring (AES-128/256) with
//! the `ring` feature. Valid tests encrypt to the expected ciphertext and tag and decrypt back, in
//! place and out of place; invalid ones are refused by open, leaving no plaintext.

use std::path::PathBuf;

use datakey::hazmat::{AeadBackend, AesGcmKey, NONCE_LEN, TAG_LEN};

fn vectors_path() -> PathBuf {
    if let Ok(p) = std::env::var("DATAKEY_WYCHEPROOF") {
        return PathBuf::from(p);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/wycheproof/aes_gcm_test.json")
}

#[test]
fn wycheproof_aes_gcm_96_bit_iv_both_backends() {
    let path = vectors_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "\n\n*** Wycheproof vectors NOT FOUND at {} ({e}).\n*** They live in ../shared/wycheproof \
             beside the checkout, or set DATAKEY_WYCHEPROOF.\n\n",
            path.display()
        )
    });
    let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let (mut valid, mut invalid, mut skipped_iv) = (0, 0, 0);
    for group in doc["testGroups"].as_array().expect("testGroups") {
        let iv_bits = group["ivSize"].as_u64().expect("ivSize");
        let tag_bits = group["tagSize"].as_u64().expect("tagSize");
        for t in group["tests"].as_array().expect("tests") {
            if iv_bits != 96 || tag_bits != 128 {
                skipped_iv += 1;
                continue;
            }
            let h = |k: &str| hex::decode(t[k].as_str().expect(k)).expect("hex");
            let (key, iv, aad, msg, ct, tag) =
                (h("key"), h("iv"), h("aad"), h("msg"), h("ct"), h("tag"));
            let id = t["tcId"].as_u64().expect("tcId");
            let nonce: [u8; NONCE_LEN] = iv.as_slice().try_into().expect("96-bit iv");
            let tag: [u8; TAG_LEN] = tag.as_slice().try_into().expect("128-bit tag");
            let backends: Vec<(String, AesGcmKey)> = AeadBackend::ALL
                .iter()
                .filter(|b| b.supports(key.len()))
                .map(|&b| {
                    let k = AesGcmKey::with_backend(b, &key).expect("key");
                    (format!("{b:?}"), k)
                })
                .collect();
            assert!(
                !backends.is_empty(),
                "tcId {id}: no backend for {} bytes",
                key.len()
            );
            let is_valid = match t["result"].as_str().expect("result") {
                "valid" | "acceptable" => true,
                "invalid" => false,
                other => panic!("tcId {id}: unknown result {other}"),
            };
            for (name, k) in &backends {
                let mut buf = ct.clone();
                let opened = k.open_in_place(&nonce, &aad, &mut buf, &tag);
                if is_valid {
                    assert!(opened.is_ok(), "tcId {id} {name}: valid vector refused");
                    assert_eq!(buf, msg, "tcId {id} {name}: wrong plaintext");
                    let mut sealed = msg.clone();
                    let got_tag = k.seal_in_place(&nonce, &aad, &mut sealed).expect("seal");
                    assert_eq!(sealed, ct, "tcId {id} {name}: wrong ciphertext");
                    assert_eq!(got_tag, tag, "tcId {id} {name}: wrong tag");
                    let mut out = vec![0xA5u8; msg.len()];
                    let got_tag = k.seal_to(&nonce, &aad, &msg, &mut out).expect("seal_to");
                    assert_eq!((&out, got_tag), (&ct, tag), "tcId {id} {name}: seal_to");
                    let mut back = vec![0x5Au8; ct.len()];
                    k.open_to(&nonce, &aad, &ct, &tag, &mut back)
                        .unwrap_or_else(|_| panic!("tcId {id} {name}: open_to refused"));
                    assert_eq!(back, msg, "tcId {id} {name}: open_to plaintext");
                } else {
                    let mut back = vec![0x5Au8; ct.len()];
                    assert!(k.open_to(&nonce, &aad, &ct, &tag, &mut back).is_err());
                    assert!(
                        back.iter().all(|&b| b == 0),
                        "tcId {id} {name}: open_to left plaintext"
                    );
                    assert!(opened.is_err(), "tcId {id} {name}: invalid vector accepted");
                    assert!(
                        buf.iter().all(|&b| b == 0),
                        "tcId {id} {name}: plaintext left behind"
                    );
                }
            }
            if is_valid { valid += 1 } else { invalid += 1 }
        }
    }
    println!(
        "wycheproof aes-gcm: {valid} valid and {invalid} invalid 96-bit-IV tests pass on every \
         backend; {skipped_iv} tests with other IV sizes not applicable"
    );
    assert!(
        valid >= 60 && invalid >= 20,
        "too few vectors ran: {valid} valid, {invalid} invalid"
    );
}
