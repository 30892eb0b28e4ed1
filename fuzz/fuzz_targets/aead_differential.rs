//! Differential AES-GCM: ring and RustCrypto `aes-gcm` agree on every key, nonce, AAD and
//! plaintext, and both refuse the same forgeries.
#![no_main]

use datakey::hazmat::AesGcmKey;
use libfuzzer_sys::fuzz_target;

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

    let a = AesGcmKey::new(key).expect("valid length");
    let b = AesGcmKey::new_rustcrypto(key).expect("valid length");
    let ct_a = a.seal(&nonce, aad, plaintext).expect("seal");
    let ct_b = b.seal(&nonce, aad, plaintext).expect("seal");
    assert_eq!(ct_a, ct_b, "backends disagree on seal");
    assert_eq!(
        a.open(&nonce, aad, &ct_b).expect("open").expose_secret(),
        plaintext
    );
    assert_eq!(
        b.open(&nonce, aad, &ct_a).expect("open").expose_secret(),
        plaintext
    );

    // Flip one bit chosen by the input; both must refuse.
    let bit = usize::from(sel) * 7 % (ct_a.len() * 8);
    let mut forged = ct_a;
    forged[bit / 8] ^= 1 << (bit % 8);
    assert!(a.open(&nonce, aad, &forged).is_err());
    assert!(b.open(&nonce, aad, &forged).is_err());
});
