//! Server-side checks of a request body against the KMS service model, as AWS's request layer
//! (Coral) makes them before an operation runs:
//!
//! 1. **Types** ([`normalize`]): each member of the input has the JSON type its shape needs, or
//!    the request is a `SerializationException` with Coral's wording (`class java.lang.String
//!    can not be converted to an Integer`, `Start of list found where not expected`, …; the
//!    wording is the one the DynamoDB emulator dynalite recorded from AWS's Coral services).
//!    `null` members count as absent, members the model does not have are dropped (AWS JSON
//!    services ignore unknown input members), and fractional numbers in integer members are
//!    truncated, as Coral does.
//! 2. **Constraints** ([`constraint_violations`]): required members, lengths (strings,
//!    decoded blobs, lists, maps), ranges, patterns and enums of the model, every one of them —
//!    botocore checks only required members, types and minimums before sending. The
//!    violations are reported together, at most ten, as `N validation errors detected: Value
//!    '<v>' at '<member>' failed to satisfy constraint: Member must …; …` (the values of
//!    sensitive members are not shown; a blob shows as the Java buffer Coral decoded it into,
//!    `Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]'`, as AWS services answer).
//!
//! The table the checks walk ([`super::model`]) is generated from botocore's model.

use serde_json::{Map, Number, Value};

use super::WireError;

/// A shape of the service model: what a member holds, with the constraints the wire checks.
#[derive(Debug)]
#[non_exhaustive]
pub enum Shape {
    /// A string: length bounds (characters), a Java regular expression, an enum.
    String {
        /// The least length.
        min: Option<u64>,
        /// The greatest length.
        max: Option<u64>,
        /// The pattern the whole string must match.
        pattern: Option<&'static str>,
        /// The enum values (empty: any string).
        values: &'static [&'static str],
        /// True when the value must never be shown.
        sensitive: bool,
    },
    /// A 32/64-bit integer with a range.
    Integer {
        /// The least value.
        min: Option<i64>,
        /// The greatest value.
        max: Option<i64>,
    },
    /// A boolean.
    Boolean,
    /// Bytes (base64 on the wire), with bounds on the decoded length.
    Blob {
        /// The least length.
        min: Option<u64>,
        /// The greatest length.
        max: Option<u64>,
        /// True for secrets (plaintexts): never shown, wiped after use.
        sensitive: bool,
    },
    /// A point in time (epoch seconds on the wire).
    Timestamp,
    /// A list with bounds on its length.
    List {
        /// The shape of each item.
        member: &'static Shape,
        /// The least length.
        min: Option<u64>,
        /// The greatest length.
        max: Option<u64>,
    },
    /// A map from strings, with bounds on its number of entries.
    Map {
        /// The shape of each value.
        value: &'static Shape,
        /// The least number of entries.
        min: Option<u64>,
        /// The greatest number of entries.
        max: Option<u64>,
    },
    /// A structure: its members.
    Structure(&'static [Member]),
}

impl Shape {
    /// The shape of the member `name` of a structure, or of any value of a map; `None` for a
    /// name the structure does not have and for the other shapes.
    pub fn member(&self, name: &str) -> Option<&'static Shape> {
        match self {
            Shape::Structure(members) => members.iter().find(|m| m.name == name).map(|m| m.shape),
            Shape::Map { value, .. } => Some(value),
            _ => None,
        }
    }
}

/// A member of a structure.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    /// The member name (PascalCase, as on the wire and in the AWS SDKs).
    pub name: &'static str,
    /// What it holds.
    pub shape: &'static Shape,
    /// True when a request must carry it.
    pub required: bool,
}

/// An operation of the model: its input and output structures.
#[derive(Debug)]
pub(crate) struct OperationModel {
    pub(crate) name: &'static str,
    pub(crate) input: Option<&'static Shape>,
    pub(crate) output: Option<&'static Shape>,
}

fn serialization(message: String) -> WireError {
    WireError::Serialization(message)
}

/// Coral's Java class for a JSON number.
fn number_class(n: &Number) -> &'static str {
    match n.as_i64() {
        Some(i) if i16::try_from(i).is_ok() => "java.lang.Short",
        Some(i) if i32::try_from(i).is_ok() => "java.lang.Integer",
        Some(_) => "java.lang.Long",
        None if n.is_u64() => "java.lang.Long",
        None => "java.lang.Double",
    }
}

/// The message for a JSON value of the wrong kind where `target` (`an String`, `a Blob`, …) was
/// expected (the non-structured cases).
fn not_convertible(v: &Value, target: &str) -> WireError {
    let class = match v {
        Value::Bool(_) => "java.lang.Boolean",
        Value::Number(n) => number_class(n),
        Value::String(_) => "java.lang.String",
        Value::Array(_) => return serialization("Start of list found where not expected".into()),
        Value::Object(_) => {
            return serialization("Start of structure or map found where not expected.".into());
        }
        Value::Null => "null",
    };
    serialization(format!("class {class} can not be converted to {target}"))
}

/// Checks the JSON types of `v` against `shape` and normalizes it in place (see the module
/// docs). `v` is not `null`.
pub(crate) fn normalize(shape: &Shape, v: &mut Value) -> Result<(), WireError> {
    match shape {
        Shape::String { .. } => match v {
            Value::String(_) => Ok(()),
            other => Err(not_convertible(other, "an String")),
        },
        Shape::Integer { .. } => match v {
            Value::Number(n) if n.is_i64() || n.is_u64() => Ok(()),
            Value::Number(n) => {
                // Coral truncates a fractional number in an integer member.
                let f = n.as_f64().unwrap_or(f64::NAN).trunc();
                if f.is_finite() && f >= i64::MIN as f64 && f <= i64::MAX as f64 {
                    *v = Value::Number(Number::from(f as i64));
                    Ok(())
                } else {
                    Err(serialization(
                        "class java.lang.Double can not be converted to an Integer".into(),
                    ))
                }
            }
            other => Err(not_convertible(other, "an Integer")),
        },
        Shape::Boolean => match v {
            Value::Bool(_) => Ok(()),
            Value::String(s) => {
                let b = match s.to_ascii_lowercase().as_str() {
                    "true" | "yes" | "1" => true,
                    "false" | "no" | "0" => false,
                    _ => {
                        return Err(serialization(format!(
                            "'{}' can not be converted to an Boolean",
                            s.to_uppercase()
                        )));
                    }
                };
                *v = Value::Bool(b);
                Ok(())
            }
            other => Err(not_convertible(other, "an Boolean")),
        },
        Shape::Blob { sensitive, .. } => match v {
            Value::String(s) => check_base64(s, *sensitive),
            other => Err(not_convertible(other, "a Blob")),
        },
        Shape::Timestamp => match v {
            Value::Number(_) => Ok(()),
            other => Err(not_convertible(other, "an Date")),
        },
        Shape::List { member, .. } => match v {
            Value::Array(items) => {
                items.retain(|i| !i.is_null());
                items.iter_mut().try_for_each(|i| normalize(member, i))
            }
            Value::Object(_) => Err(serialization(
                "Start of structure or map found where not expected.".into(),
            )),
            _ => Err(serialization("Expected list or null".into())),
        },
        // JSON object keys are strings, which is every key shape of the model.
        Shape::Map { value, .. } => match v {
            Value::Object(entries) => {
                entries.retain(|_, e| !e.is_null());
                entries.values_mut().try_for_each(|e| normalize(value, e))
            }
            Value::Array(_) => Err(serialization(
                "Start of list found where not expected".into(),
            )),
            _ => Err(serialization("Expected map or null".into())),
        },
        Shape::Structure(members) => match v {
            Value::Object(fields) => normalize_structure(members, fields),
            Value::Array(_) => Err(serialization(
                "Start of list found where not expected".into(),
            )),
            _ => Err(serialization("Expected null".into())),
        },
    }
}

fn normalize_structure(
    members: &[Member],
    fields: &mut Map<String, Value>,
) -> Result<(), WireError> {
    fields.retain(|name, v| !v.is_null() && members.iter().any(|m| m.name == name));
    for m in members {
        if let Some(v) = fields.get_mut(m.name) {
            normalize(m.shape, v)?;
        }
    }
    Ok(())
}

/// Coral's base64 checks, in its order and wording (the value is not echoed for secrets).
fn check_base64(s: &str, sensitive: bool) -> Result<(), WireError> {
    let shown = if sensitive {
        "'*** Sensitive Data Redacted ***'".to_owned()
    } else {
        format!("'{s}'")
    };
    let fail =
        |why: String| serialization(format!("{shown} can not be converted to a Blob: {why}"));
    if !s.len().is_multiple_of(4) {
        return Err(fail(format!(
            "Base64 encoded length is expected a multiple of 4 bytes but found: {}",
            s.len()
        )));
    }
    let bytes = s.as_bytes();
    for (i, &c) in bytes.iter().enumerate() {
        let ok = c.is_ascii_alphanumeric()
            || c == b'+'
            || c == b'/'
            || (c == b'=' && bytes[i + 1..].iter().all(|&n| n == b'='));
        if !ok {
            let ch = s[i..].chars().next().unwrap_or('?');
            let ch = if sensitive { '*' } else { ch };
            return Err(fail(format!("Invalid Base64 character: '{ch}'")));
        }
    }
    use base64::Engine as _;
    let mut scratch = zeroize::Zeroizing::new(Vec::with_capacity(s.len() / 4 * 3));
    base64::engine::general_purpose::STANDARD
        .decode_vec(s, &mut scratch)
        .map_err(|_| fail("Invalid last non-pad Base64 character dectected".into()))?;
    Ok(())
}

/// The number of bytes a (validated) base64 string decodes to.
fn base64_len(s: &str) -> u64 {
    let pad = s.bytes().rev().take_while(|&c| c == b'=').count();
    (s.len() / 4 * 3).saturating_sub(pad) as u64
}

/// `lowerCamelCase` of a member name, as Coral names members in messages (`KeyId` → `keyId`).
fn lower_first(name: &str) -> String {
    let mut c = name.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// At most this many violations are reported (Coral's limit).
const MAX_REPORTED: usize = 10;

/// Collects the constraint violations of a normalized structure.
pub(crate) fn constraint_violations(
    members: &[Member],
    fields: &Map<String, Value>,
) -> Vec<String> {
    let mut out = Vec::new();
    check_structure(members, fields, "", &mut out);
    out.truncate(MAX_REPORTED);
    out
}

/// The `ValidationException` message of a list of violations.
pub(crate) fn validation_message(violations: &[String]) -> String {
    let n = violations.len();
    format!(
        "{n} validation error{} detected: {}",
        if n == 1 { "" } else { "s" },
        violations.join("; ")
    )
}

fn check_structure(
    members: &[Member],
    fields: &Map<String, Value>,
    prefix: &str,
    out: &mut Vec<String>,
) {
    for m in members {
        let path = format!("{prefix}{}", lower_first(m.name));
        match fields.get(m.name) {
            None if m.required => out.push(format!(
                "Value null at '{path}' failed to satisfy constraint: Member must not be null"
            )),
            None => {}
            Some(v) => check_value(m.shape, v, &path, out),
        }
    }
}

/// How a value is shown in a message: `'<value>'`, nothing for sensitive members, and for a
/// blob the Java buffer Coral decoded it into (`java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]`, as
/// AWS's messages show an empty blob).
fn display(shape: &Shape, v: &Value) -> Option<String> {
    match (shape, v) {
        (
            Shape::String {
                sensitive: true, ..
            }
            | Shape::Blob {
                sensitive: true, ..
            },
            _,
        ) => None,
        // Coral shows a blob as the Java buffer it decoded it into.
        (Shape::Blob { .. }, Value::String(s)) => {
            let n = base64_len(s);
            Some(format!("java.nio.HeapByteBuffer[pos=0 lim={n} cap={n}]"))
        }
        (_, Value::String(s)) => Some(s.clone()),
        (_, Value::Number(n)) => Some(n.to_string()),
        (_, Value::Bool(b)) => Some(b.to_string()),
        (Shape::List { member, .. }, Value::Array(items)) => Some(format!(
            "[{}]",
            items
                .iter()
                .map(|i| display(member, i).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        _ => None,
    }
}

fn check_value(shape: &Shape, v: &Value, path: &str, out: &mut Vec<String>) {
    let mut fail = |constraint: String| {
        let value = match display(shape, v) {
            Some(d) => format!("Value '{d}'"),
            None => "Value".to_owned(),
        };
        out.push(format!(
            "{value} at '{path}' failed to satisfy constraint: Member must {constraint}"
        ));
    };
    let lengths = |n: u64, min: &Option<u64>, max: &Option<u64>, fail: &mut dyn FnMut(String)| {
        if let Some(min) = *min
            && n < min
        {
            fail(format!("have length greater than or equal to {min}"));
        }
        if let Some(max) = *max
            && n > max
        {
            fail(format!("have length less than or equal to {max}"));
        }
    };
    match (shape, v) {
        (
            Shape::String {
                min,
                max,
                pattern,
                values,
                ..
            },
            Value::String(s),
        ) => {
            lengths(s.chars().count() as u64, min, max, &mut fail);
            if let Some(p) = pattern
                && pattern_matches(p, s) == Some(false)
            {
                fail(format!("satisfy regular expression pattern: {p}"));
            }
            if !values.is_empty() && !values.contains(&s.as_str()) {
                fail(format!("satisfy enum value set: [{}]", values.join(", ")));
            }
        }
        (Shape::Integer { min, max }, Value::Number(n)) => {
            let i = n.as_i64().unwrap_or(i64::MAX);
            if let Some(min) = *min
                && i < min
            {
                fail(format!("have value greater than or equal to {min}"));
            }
            if let Some(max) = *max
                && i > max
            {
                fail(format!("have value less than or equal to {max}"));
            }
        }
        (Shape::Blob { min, max, .. }, Value::String(s)) => {
            lengths(base64_len(s), min, max, &mut fail);
        }
        (Shape::List { member, min, max }, Value::Array(items)) => {
            lengths(items.len() as u64, min, max, &mut fail);
            for (i, item) in items.iter().enumerate() {
                check_value(member, item, &format!("{path}.{}.member", i + 1), out);
            }
        }
        (Shape::Map { min, max, .. }, Value::Object(entries)) => {
            lengths(entries.len() as u64, min, max, &mut fail);
        }
        (Shape::Structure(members), Value::Object(fields)) => {
            check_structure(members, fields, &format!("{path}."), out);
        }
        _ => {}
    }
}

// ----- the patterns of the model -----------------------------------------------------------------

/// One item of a character class (a literal character is a one-character range).
#[derive(Debug, PartialEq)]
enum ClassItem {
    Range(char, char),
    /// `\w`: `[a-zA-Z_0-9]`.
    Word,
    /// `\s`: `[ \t\n\x0B\f\r]`.
    Space,
}

/// A piece of a pattern: what one repetition matches.
#[derive(Debug, PartialEq)]
enum Atom {
    /// A character class (`[…]`, `\\d`, a literal character).
    Class(Vec<ClassItem>),
    /// A group `( … )`.
    Group(Vec<Piece>),
}

/// An atom with its repetition: at least `min`, at most `max` (`None`: unbounded) times.
#[derive(Debug, PartialEq)]
struct Piece {
    atom: Atom,
    min: usize,
    max: Option<usize>,
}

/// Parses the patterns the KMS and Secrets Manager models use: an optional `^` and `$`, and a
/// sequence of atoms — a character class `[…]` (literal characters, `a-z` ranges, `\\uXXXX`,
/// `\\w`, `\\s`, `\\d`, `\\.`-style escapes; `-` literal at either end or after a range), an
/// escape, a literal character, or a group `( … )` — each optionally followed by `?`, `*` or
/// `+`. Returns `None` for any other pattern (alternation, counted repetition, …).
fn parse_pattern(p: &str) -> Option<Vec<Piece>> {
    let p = p.strip_prefix('^').unwrap_or(p);
    let p = match p.strip_suffix('$') {
        Some(inner) if !inner.ends_with('\\') => inner,
        _ => p,
    };
    let chars: Vec<char> = p.chars().collect();
    let mut at = 0;
    let pieces = parse_sequence(&chars, &mut at)?;
    (at == chars.len()).then_some(pieces)
}

fn parse_sequence(p: &[char], at: &mut usize) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    while let Some(&c) = p.get(*at) {
        let atom = match c {
            ')' => break,
            '(' => {
                *at += 1;
                let inner = parse_sequence(p, at)?;
                if p.get(*at) != Some(&')') {
                    return None;
                }
                *at += 1;
                Atom::Group(inner)
            }
            '[' => {
                let close = p[*at..].iter().position(|&c| c == ']')? + *at;
                let class = parse_class(&p[*at + 1..close])?;
                *at = close + 1;
                Atom::Class(class)
            }
            '\\' => {
                let (item, used) = parse_escape(&p[*at + 1..])?;
                *at += 1 + used;
                Atom::Class(vec![item])
            }
            '|' | '{' | '}' | '?' | '*' | '+' | ']' | '.' | '^' | '$' => return None,
            c => {
                *at += 1;
                Atom::Class(vec![ClassItem::Range(c, c)])
            }
        };
        let (min, max) = match p.get(*at) {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            _ => (1, Some(1)),
        };
        if max != Some(1) || min == 0 {
            *at += 1;
        }
        pieces.push(Piece { atom, min, max });
    }
    Some(pieces)
}

/// An escape after `\\`: the class item and the number of characters it used.
fn parse_escape(p: &[char]) -> Option<(ClassItem, usize)> {
    match *p.first()? {
        'u' => {
            let hex: String = p.get(1..5)?.iter().collect();
            let c = char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?;
            Some((ClassItem::Range(c, c), 5))
        }
        'w' => Some((ClassItem::Word, 1)),
        's' => Some((ClassItem::Space, 1)),
        'd' => Some((ClassItem::Range('0', '9'), 1)),
        e if e.is_ascii_punctuation() => Some((ClassItem::Range(e, e), 1)),
        _ => None,
    }
}

/// The inside of a character class.
fn parse_class(inner: &[char]) -> Option<Vec<ClassItem>> {
    let mut items = Vec::new();
    // The literal characters (with whether they were escaped); class escapes go to `items`.
    let mut seq: Vec<(char, bool)> = Vec::new();
    let mut i = 0;
    while i < inner.len() {
        let c = inner[i];
        if c == '\\' {
            let (item, used) = parse_escape(&inner[i + 1..])?;
            match item {
                ClassItem::Range(a, b) if a == b => seq.push((a, true)),
                other => items.push(other),
            }
            i += 1 + used;
        } else if c == '[' || (c == '^' && i == 0) {
            return None;
        } else {
            seq.push((c, false));
            i += 1;
        }
    }
    let mut i = 0;
    while i < seq.len() {
        let (c, _) = seq[i];
        if i + 2 < seq.len() && seq[i + 1] == ('-', false) {
            let (end, _) = seq[i + 2];
            if end < c {
                return None;
            }
            items.push(ClassItem::Range(c, end));
            i += 3;
        } else {
            items.push(ClassItem::Range(c, c));
            i += 1;
        }
    }
    Some(items)
}

fn class_matches(class: &[ClassItem], c: char) -> bool {
    class.iter().any(|item| match item {
        ClassItem::Range(a, b) => (*a..=*b).contains(&c),
        ClassItem::Word => c.is_ascii_alphanumeric() || c == '_',
        ClassItem::Space => matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r'),
    })
}

/// The ends (positions in `s`) that `pieces`, starting at `start`, can reach; at most `budget`
/// steps are spent (`None` when they run out).
fn match_ends(
    pieces: &[Piece],
    s: &[char],
    start: usize,
    budget: &mut usize,
) -> Option<Vec<usize>> {
    let mut ends = vec![start];
    for piece in pieces {
        let mut next = Vec::new();
        for &from in &ends {
            // Every position reachable with k repetitions, k = 0, 1, ….
            let mut frontier = vec![from];
            let mut k = 0;
            loop {
                if k >= piece.min {
                    next.extend(frontier.iter().copied());
                }
                if piece.max.is_some_and(|m| k >= m) || frontier.is_empty() {
                    break;
                }
                let mut reached = Vec::new();
                for &at in &frontier {
                    *budget = budget.checked_sub(1)?;
                    match &piece.atom {
                        Atom::Class(class) => {
                            if s.get(at).is_some_and(|&c| class_matches(class, c)) {
                                reached.push(at + 1);
                            }
                        }
                        Atom::Group(inner) => {
                            // An empty repetition would loop forever.
                            let ends = match_ends(inner, s, at, budget)?;
                            reached.extend(ends.into_iter().filter(|&e| e > at));
                        }
                    }
                }
                reached.sort_unstable();
                reached.dedup();
                frontier = reached;
                k += 1;
            }
        }
        next.sort_unstable();
        next.dedup();
        if next.is_empty() {
            return Some(next);
        }
        ends = next;
    }
    Some(ends)
}

/// Whether `s` matches the whole of `pattern` (Java `String.matches`); `None` when the pattern
/// is outside what [`parse_pattern`] reads (never for the KMS and Secrets Manager models: tests
/// check every pattern of them).
pub(crate) fn pattern_matches(pattern: &str, s: &str) -> Option<bool> {
    let pieces = parse_pattern(pattern)?;
    let s: Vec<char> = s.chars().collect();
    // Positions are tracked as sets, so the work is bounded by pieces × length²; the budget
    // only guards against a pathological pattern.
    let mut budget = 1 << 22;
    let ends = match_ends(&pieces, &s, 0, &mut budget)?;
    Some(ends.contains(&s.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_of_the_model() {
        let alias = "^[a-zA-Z0-9:/_-]+$";
        assert_eq!(pattern_matches(alias, "alias/my-key_1:x"), Some(true));
        assert_eq!(pattern_matches(alias, "alias/my key"), Some(false));
        assert_eq!(pattern_matches(alias, ""), Some(false));
        let marker = "[\\u0020-\\u00FF]*";
        assert_eq!(pattern_matches(marker, ""), Some(true));
        assert_eq!(pattern_matches(marker, "abc ÿ"), Some(true));
        assert_eq!(pattern_matches(marker, "a\tb"), Some(false));
        assert_eq!(pattern_matches(marker, "ā"), Some(false));
        let policy = "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+";
        assert_eq!(pattern_matches(policy, "{\n\t\"a\": 1}\r"), Some(true));
        assert_eq!(pattern_matches(policy, "\u{1}"), Some(false));
        assert_eq!(pattern_matches("[\\w]+", "default_1"), Some(true));
        assert_eq!(pattern_matches("[\\w]+", "de-fault"), Some(false));
        let xks = "^[a-zA-Z0-9-_.]+$";
        assert_eq!(pattern_matches(xks, "a-b_c.d"), Some(true));
        assert_eq!(pattern_matches(xks, "a/b"), Some(false));
        let desc = "^[a-zA-Z0-9:/_\\s.-]+$";
        assert_eq!(pattern_matches(desc, "my material 1.0"), Some(true));
        assert_eq!(pattern_matches(desc, "x!"), Some(false));
        assert_eq!(pattern_matches("^[a-f0-9]+$", "00ff"), Some(true));
        assert_eq!(pattern_matches("^[a-f0-9]+$", "00FF"), Some(false));
        assert_eq!(pattern_matches("(a|b)+", "a"), None);
        assert_eq!(pattern_matches("[a-z]{3}", "abc"), None);
    }

    #[test]
    fn patterns_of_the_secrets_manager_model() {
        let duration = "[0-9]+h";
        assert_eq!(pattern_matches(duration, "3h"), Some(true));
        assert_eq!(pattern_matches(duration, "24h"), Some(true));
        assert_eq!(pattern_matches(duration, "h"), Some(false));
        assert_eq!(pattern_matches(duration, "3d"), Some(false));
        assert_eq!(pattern_matches(duration, "3hh"), Some(false));
        let filter = "^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$";
        assert_eq!(pattern_matches(filter, ""), Some(true));
        assert_eq!(pattern_matches(filter, "!prod/db-1"), Some(true));
        assert_eq!(pattern_matches(filter, "a b:c@d+e=f.g"), Some(true));
        assert_eq!(pattern_matches(filter, "a*b"), Some(false));
        let region = "^([a-z]+-)+\\d+$";
        assert_eq!(pattern_matches(region, "us-east-1"), Some(true));
        assert_eq!(pattern_matches(region, "eu-1"), Some(true));
        assert_eq!(pattern_matches(region, "us-east"), Some(false));
        assert_eq!(pattern_matches(region, "-1"), Some(false));
        assert_eq!(pattern_matches(region, "US-east-1"), Some(false));
        let long = format!("{}1", "ab-".repeat(40));
        assert_eq!(pattern_matches(region, &long), Some(true));
        let names = "[0-9A-Za-z\\-\\_]+";
        assert_eq!(pattern_matches(names, "my_policy-1"), Some(true));
        assert_eq!(pattern_matches(names, "my policy"), Some(false));
        let schedule = "[0-9A-Za-z\\(\\)#\\?\\*\\-\\/, ]+";
        assert_eq!(pattern_matches(schedule, "rate(10 days)"), Some(true));
        assert_eq!(
            pattern_matches(schedule, "cron(0 16 1,15 * ? *)"),
            Some(true)
        );
        assert_eq!(pattern_matches(schedule, "rate(1 day);"), Some(false));
        assert_eq!(pattern_matches("^[a-zA-Z0-9\\-]+$", "abc-123"), Some(true));
    }

    #[test]
    fn number_classes() {
        assert_eq!(number_class(&Number::from(5)), "java.lang.Short");
        assert_eq!(number_class(&Number::from(40_000)), "java.lang.Integer");
        assert_eq!(number_class(&Number::from(1_i64 << 40)), "java.lang.Long");
        assert_eq!(
            number_class(&Number::from_f64(1.5).unwrap()),
            "java.lang.Double"
        );
    }

    #[test]
    fn base64_lengths() {
        assert_eq!(base64_len(""), 0);
        assert_eq!(base64_len("AA=="), 1);
        assert_eq!(base64_len("AAA="), 2);
        assert_eq!(base64_len("AAAA"), 3);
    }
}
