//! Test-side handling of P-384 DER signatures, to build the encodings the official SDKs are
//! checked against: the high-S twin `(r, n - s)` of a signature, and non-strict encodings. Plain
//! arithmetic on public signature values, for tests only.

/// P-384's group order.
const N: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";

/// `n - s`.
pub(crate) fn p384_negate(s: &[u8; 48]) -> [u8; 48] {
    let n = hex::decode(N).unwrap();
    let mut out = [0u8; 48];
    let mut borrow = 0i16;
    for i in (0..48).rev() {
        let mut d = i16::from(n[i]) - i16::from(s[i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        out[i] = d as u8;
    }
    out
}

/// True when `s > n / 2` (the "high-S" half).
pub(crate) fn p384_is_high(s: &[u8; 48]) -> bool {
    let n = hex::decode(N).unwrap();
    // n / 2, by shifting right one bit.
    let mut half = [0u8; 48];
    let mut carry = 0u8;
    for i in 0..48 {
        half[i] = (n[i] >> 1) | carry;
        carry = n[i] << 7;
    }
    s[..] > half[..]
}

/// `(r, s)` of a strict-DER P-384 signature, as 48-byte big-endian integers.
pub(crate) fn parse(sig: &[u8]) -> ([u8; 48], [u8; 48]) {
    let int = |b: &[u8]| {
        let b = if b.len() == 49 { &b[1..] } else { b };
        let mut out = [0u8; 48];
        out[48 - b.len()..].copy_from_slice(b);
        out
    };
    let lr = usize::from(sig[3]);
    let r = int(&sig[4..4 + lr]);
    let s = int(&sig[4 + lr + 2..]);
    (r, s)
}

/// The strict DER encoding of `(r, s)`.
pub(crate) fn encode(r: &[u8], s: &[u8]) -> Vec<u8> {
    let int = |x: &[u8]| {
        let x = &x[x.iter().position(|&b| b != 0).unwrap_or(x.len() - 1)..];
        let mut v = vec![2u8];
        if x[0] & 0x80 != 0 {
            v.push(x.len() as u8 + 1);
            v.push(0);
        } else {
            v.push(x.len() as u8);
        }
        v.extend_from_slice(x);
        v
    };
    let body = [int(r), int(s)].concat();
    [vec![0x30, body.len() as u8], body].concat()
}

/// Non-strict re-encodings of the strict signature `sig`, each naming its defect: a long-form
/// SEQUENCE length, a zero-padded `r`, a byte inside the SEQUENCE after `s`, `r` and `s` swapped
/// (strict DER, wrong values).
pub(crate) fn defective(sig: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let (r, s) = parse(sig);
    let long_form = [&[0x30, 0x81][..], &sig[1..]].concat();
    let padded_r = {
        let lr = usize::from(sig[3]);
        let mut inner = vec![2u8, sig[3] + 1, 0];
        inner.extend_from_slice(&sig[4..4 + lr]);
        inner.extend_from_slice(&sig[4 + lr..]);
        [vec![0x30, inner.len() as u8], inner].concat()
    };
    let inner_trailing = {
        let mut v = sig.to_vec();
        v[1] += 1;
        v.push(0);
        v
    };
    vec![
        ("long-form length", long_form),
        ("zero-padded r", padded_r),
        ("trailing byte inside", inner_trailing),
        ("r and s swapped", encode(&s, &r)),
    ]
}

/// `message` (signed, with a footer of `old_len` signature bytes) with its signature replaced.
pub(crate) fn with_signature(message: &[u8], old_len: usize, sig: &[u8]) -> Vec<u8> {
    let mut m = message[..message.len() - 2 - old_len].to_vec();
    m.extend_from_slice(&(sig.len() as u16).to_be_bytes());
    m.extend_from_slice(sig);
    m
}
