//! Differential AES-GCM: every datakey backend (AWS-LC, ring), in place and out of place, agrees
//! with the independent RustCrypto `aes-gcm` on every key, nonce, AAD and plaintext, and all of
//! them refuse the same forgeries.
#![no_main]

use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::aes::Aes192;
use datakey::hazmat::{AeadBackend, AesGcmKey, TAG_LEN};
use libfuzzer_sys::fuzz_target;

/// The RustCrypto seal (`ciphertext || tag`) or open of `input`.
fn reference(
    key: &[u8],
    nonce: &[u8; 12],
    aad: &[u8],
    input: &[u8],
    seal: bool,
) -> Option<Vec<u8>> {
    let nonce = aes_gcm::Nonce::<U12>::from(*nonce);
    let payload = Payload { msg: input, aad };
    macro_rules! run {
        ($c:ty) => {{
            let c = <$c>::new_from_slice(key).expect("valid length");
            if seal {
                c.encrypt(&nonce, payload).ok()
            } else {
                c.decrypt(&nonce, payload).ok()
            }
        }};
    }
    match key.len() {
        16 => run!(aes_gcm::Aes128Gcm),
        24 => run!(aes_gcm::AesGcm<Aes192, U12>),
        _ => run!(aes_gcm::Aes256Gcm),
    }
}

fuzz_target!(|data: &[u8]| {
    // layout: key_len selector (1) | key (16/24/32) | nonce (12) | aad_len (1) | aad | plaintext
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let key_len = [16usize, 24, 32][usize::from(sel) % 3];
    if rest.len() < key_len + 13 {
        return;
    }
    let (key, rest) = rest.split_at(key_len);
    let (nonce, rest) = rest.split_at(12);
    let nonce: [u8; 12] = nonce.try_into().expect("12 bytes");
    let (&aad_len, rest) = rest.split_first().expect("checked length");
    let aad_len = usize::from(aad_len).min(rest.len());
    let (aad, plaintext) = rest.split_at(aad_len);

    let expected = reference(key, &nonce, aad, plaintext, true).expect("seal");
    let (ct, tag) = expected.split_at(plaintext.len());
    let tag: [u8; TAG_LEN] = tag.try_into().expect("16-byte tag");
    let bit = usize::from(sel) * 7 % (expected.len() * 8);
    let mut forged = expected.clone();
    forged[bit / 8] ^= 1 << (bit % 8);
    assert!(reference(key, &nonce, aad, &forged, false).is_none());
    assert_eq!(
        reference(key, &nonce, aad, &expected, false).as_deref(),
        Some(plaintext)
    );

    for &backend in AeadBackend::ALL.iter().filter(|b| b.supports(key_len)) {
        let k = AesGcmKey::with_backend(backend, key).expect("valid length");
        assert_eq!(
            k.seal(&nonce, aad, plaintext).expect("seal"),
            expected,
            "{backend:?} seal"
        );
        let mut out = vec![0u8; plaintext.len()];
        let t = k
            .seal_to(&nonce, aad, plaintext, &mut out)
            .expect("seal_to");
        assert_eq!((&out[..], t), (ct, tag), "{backend:?} seal_to");
        assert_eq!(
            k.open(&nonce, aad, &expected)
                .expect("open")
                .expose_secret(),
            plaintext
        );
        let mut back = vec![0u8; plaintext.len()];
        k.open_to(&nonce, aad, ct, &tag, &mut back)
            .expect("open_to");
        assert_eq!(back, plaintext, "{backend:?} open_to");
        assert!(
            k.open(&nonce, aad, &forged).is_err(),
            "{backend:?} accepted a forgery"
        );
        let (fct, ftag) = forged.split_at(plaintext.len());
        let ftag: [u8; TAG_LEN] = ftag.try_into().expect("16-byte tag");
        let mut back = vec![0u8; plaintext.len()];
        assert!(k.open_to(&nonce, aad, fct, &ftag, &mut back).is_err());
        assert!(
            back.iter().all(|&b| b == 0),
            "{backend:?} left plaintext behind"
        );
    }
});
