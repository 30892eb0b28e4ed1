//! The walk over a botocore service model shared by the wire tests (`wire_model.rs` for KMS,
//! `wire_secrets.rs` for Secrets Manager): valid values, every single-constraint violation with
//! AWS's message, wrong JSON types with Coral's, and the check of a response document against an
//! output shape.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::{Map, Value, json};
pub(crate) fn python() -> PathBuf {
    std::env::var_os("DATAKEY_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .parent()
                .unwrap()
                .join(".venv/bin/python")
        })
}

/// The service model `service` (`kms`, `secretsmanager`), as botocore loads it; `None` when
/// botocore is not importable.
pub(crate) fn load(service: &str) -> Option<Value> {
    let script = format!(
        "import json, sys, botocore.loaders as l\n\
         json.dump(l.Loader().load_service_model('{service}', 'service-2'), sys.stdout)"
    );
    let out = Command::new(python()).args(["-c", &script]).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(serde_json::from_slice(&out.stdout).expect("botocore's model is JSON"))
}

pub(crate) fn shape<'m>(model: &'m Value, name: &str) -> &'m Value {
    &model["shapes"][name]
}

pub(crate) fn input_shape<'m>(model: &'m Value, op: &str) -> Option<&'m Value> {
    let name = model["operations"][op]["input"]["shape"].as_str()?;
    Some(shape(model, name))
}

pub(crate) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    let f = c.next().unwrap();
    f.to_lowercase().chain(c).collect()
}

pub(crate) fn num(v: &Value, k: &str) -> Option<i64> {
    v.get(k).and_then(Value::as_i64)
}

/// A value of `shape` that satisfies every constraint.
pub(crate) fn valid(model: &Value, s: &Value) -> Value {
    match s["type"].as_str().unwrap() {
        "string" => match s.get("enum") {
            Some(values) => values[0].clone(),
            None => json!(example(s)),
        },
        "integer" | "long" => json!(
            num(s, "min")
                .unwrap_or(1)
                .max(1)
                .min(num(s, "max").unwrap_or(i64::MAX))
        ),
        "boolean" => json!(false),
        "blob" => json!(B64.encode(vec![0u8; num(s, "min").unwrap_or(1).max(1) as usize])),
        "timestamp" => json!(4_000_000_000_u64),
        "list" => {
            let member = shape(model, s["member"]["shape"].as_str().unwrap());
            let n = num(s, "min").unwrap_or(0) as usize;
            Value::Array((0..n).map(|_| valid(model, member)).collect())
        }
        "map" => json!({}),
        "structure" => Value::Object(required_members(model, s)),
        t => panic!("shape type {t}"),
    }
}

pub(crate) fn required_members(model: &Value, s: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    for r in s["required"].as_array().into_iter().flatten() {
        let r = r.as_str().unwrap();
        let m = shape(model, s["members"][r]["shape"].as_str().unwrap());
        out.insert(r.to_owned(), valid(model, m));
    }
    out
}

/// Every single-constraint violation of a member of shape `s` at `path`: the value to send
/// and the violation as AWS words it.
pub(crate) fn violations(model: &Value, s: &Value, path: &str) -> Vec<(Value, String)> {
    let sensitive = s.get("sensitive") == Some(&json!(true));
    let at = |shown: Option<String>, must: String| match shown {
        Some(v) if !sensitive => {
            format!("Value '{v}' at '{path}' failed to satisfy constraint: Member must {must}")
        }
        _ => format!("Value at '{path}' failed to satisfy constraint: Member must {must}"),
    };
    let mut out = Vec::new();
    let (min, max) = (num(s, "min"), num(s, "max"));
    match s["type"].as_str().unwrap() {
        "string" => {
            if let Some(min) = min.filter(|&m| m > 0) {
                let v = of_len(s, min as usize - 1);
                let mut msgs = vec![at(
                    Some(v.clone()),
                    format!("have length greater than or equal to {min}"),
                )];
                if v.is_empty()
                    && let Some(p) = s.get("pattern").and_then(Value::as_str)
                    && p.ends_with('+') | p.ends_with("+$")
                {
                    msgs.push(at(
                        Some(v.clone()),
                        format!("satisfy regular expression pattern: {p}"),
                    ));
                }
                out.push((json!(v), msgs.join("; ")));
            }
            if let Some(max) = max {
                let v = of_len(s, max as usize + 1);
                let must = format!("have length less than or equal to {max}");
                out.push((json!(v), at(Some(v.clone()), must)));
            }
            if let Some(p) = s.get("pattern").and_then(Value::as_str) {
                // No pattern of the model admits a control character.
                let v = "\u{1}".repeat(min.unwrap_or(1).max(1) as usize);
                let must = format!("satisfy regular expression pattern: {p}");
                out.push((json!(v), at(Some(v.clone()), must)));
            }
            if let Some(values) = s.get("enum").and_then(Value::as_array) {
                let list: Vec<&str> = values.iter().map(|v| v.as_str().unwrap()).collect();
                let must = format!("satisfy enum value set: [{}]", list.join(", "));
                out.push((json!("NOT_A_VALUE"), at(Some("NOT_A_VALUE".into()), must)));
            }
        }
        "integer" | "long" => {
            if let Some(min) = min {
                let v = min - 1;
                let must = format!("have value greater than or equal to {min}");
                out.push((json!(v), at(Some(v.to_string()), must)));
            }
            if let Some(max) = max {
                let v = max + 1;
                let must = format!("have value less than or equal to {max}");
                out.push((json!(v), at(Some(v.to_string()), must)));
            }
        }
        "blob" => {
            // Coral shows a blob as the Java buffer it decoded it into.
            let buffer = |n: i64| Some(format!("java.nio.HeapByteBuffer[pos=0 lim={n} cap={n}]"));
            if let Some(min) = min.filter(|&m| m > 0) {
                let v = B64.encode(vec![0u8; min as usize - 1]);
                let must = format!("have length greater than or equal to {min}");
                out.push((json!(v), at(buffer(min - 1), must)));
            }
            if let Some(max) = max {
                let v = B64.encode(vec![0u8; max as usize + 1]);
                let must = format!("have length less than or equal to {max}");
                out.push((json!(v), at(buffer(max + 1), must)));
            }
        }
        "list" => {
            let member = shape(model, s["member"]["shape"].as_str().unwrap());
            let one = valid(model, member);
            let show = |items: &[Value]| {
                let parts: Vec<String> = items
                    .iter()
                    .map(|i| i.as_str().map(str::to_owned).unwrap_or_default())
                    .collect();
                format!("[{}]", parts.join(", "))
            };
            if let Some(min) = min.filter(|&m| m > 0) {
                let items = vec![one.clone(); min as usize - 1];
                let must = format!("have length greater than or equal to {min}");
                out.push((Value::Array(items.clone()), at(Some(show(&items)), must)));
            }
            if let Some(max) = max {
                let items = vec![one.clone(); max as usize + 1];
                let must = format!("have length less than or equal to {max}");
                out.push((Value::Array(items.clone()), at(Some(show(&items)), must)));
            }
            let pad = vec![one; min.unwrap_or(0).max(1) as usize - 1];
            for (bad, msg) in violations(model, member, &format!("{path}.1.member")) {
                let mut items = vec![bad];
                items.extend(pad.iter().cloned());
                out.push((Value::Array(items), msg));
            }
        }
        "structure" => {
            let base = required_members(model, s);
            for (name, m) in s["members"].as_object().unwrap() {
                let ms = shape(model, m["shape"].as_str().unwrap());
                let sub = format!("{path}.{}", lower_first(name));
                for (bad, msg) in violations(model, ms, &sub) {
                    let mut v = base.clone();
                    v.insert(name.clone(), bad);
                    out.push((Value::Object(v), msg));
                }
                if s["required"]
                    .as_array()
                    .is_some_and(|r| r.contains(&json!(name)))
                {
                    let mut v = base.clone();
                    v.remove(name);
                    let msg = format!(
                        "Value null at '{sub}' failed to satisfy constraint: Member must not be null"
                    );
                    out.push((Value::Object(v), msg));
                }
            }
        }
        "boolean" | "timestamp" | "map" => {}
        t => panic!("shape type {t}"),
    }
    out
}

pub(crate) fn wrong_type(s: &Value) -> (Value, &'static str) {
    match s["type"].as_str().unwrap() {
        "string" => (
            json!(true),
            "class java.lang.Boolean can not be converted to an String",
        ),
        "integer" | "long" => (
            json!("7"),
            "class java.lang.String can not be converted to an Integer",
        ),
        "boolean" => (
            json!(7),
            "class java.lang.Short can not be converted to an Boolean",
        ),
        "blob" => (
            json!(70000),
            "class java.lang.Integer can not be converted to a Blob",
        ),
        "timestamp" => (
            json!(false),
            "class java.lang.Boolean can not be converted to an Date",
        ),
        "list" => (json!("x"), "Expected list or null"),
        "map" => (json!(["x"]), "Start of list found where not expected"),
        "structure" => (json!(1), "Expected null"),
        t => panic!("shape type {t}"),
    }
}

/// Checks a response document against an output shape: member names, JSON types, enum
/// values, base64 blobs, numeric timestamps; returns the member paths seen.
pub(crate) fn check_output(
    model: &Value,
    s: &Value,
    v: &Value,
    path: &str,
    seen: &mut BTreeSet<String>,
) {
    seen.insert(path.to_owned());
    match s["type"].as_str().unwrap() {
        "string" => {
            let text = v
                .as_str()
                .unwrap_or_else(|| panic!("{path}: {v} is not a string"));
            if let Some(values) = s.get("enum") {
                assert!(
                    values.as_array().unwrap().contains(v),
                    "{path}: {v} not in {values}"
                );
            }
            if let Some(min) = num(s, "min") {
                assert!(
                    text.chars().count() as i64 >= min,
                    "{path}: {v} shorter than {min}"
                );
            }
            if let Some(max) = num(s, "max") {
                assert!(
                    text.chars().count() as i64 <= max,
                    "{path}: {v} longer than {max}"
                );
            }
        }
        "integer" | "long" => assert!(v.is_i64(), "{path}: {v} is not an integer"),
        "boolean" => assert!(v.is_boolean(), "{path}: {v} is not a boolean"),
        "timestamp" => assert!(v.is_number(), "{path}: {v} is not epoch seconds"),
        "blob" => {
            let bytes = B64
                .decode(
                    v.as_str()
                        .unwrap_or_else(|| panic!("{path}: {v} is not base64")),
                )
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            if let Some(min) = num(s, "min") {
                assert!(bytes.len() as i64 >= min, "{path}: {} bytes", bytes.len());
            }
            if let Some(max) = num(s, "max") {
                assert!(bytes.len() as i64 <= max, "{path}: {} bytes", bytes.len());
            }
        }
        "list" => {
            let member = shape(model, s["member"]["shape"].as_str().unwrap());
            for item in v
                .as_array()
                .unwrap_or_else(|| panic!("{path}: {v} is not a list"))
            {
                check_output(model, member, item, &format!("{path}[]"), seen);
            }
        }
        "structure" => {
            let fields = v
                .as_object()
                .unwrap_or_else(|| panic!("{path}: {v} is not an object"));
            for (name, fv) in fields {
                let m = s["members"]
                    .get(name)
                    .unwrap_or_else(|| panic!("{path}.{name} is not in the model"));
                let ms = shape(model, m["shape"].as_str().unwrap());
                check_output(model, ms, fv, &format!("{path}.{name}"), seen);
            }
            for r in s["required"].as_array().into_iter().flatten() {
                assert!(
                    fields.contains_key(r.as_str().unwrap()),
                    "{path}: {r} missing"
                );
            }
        }
        "map" => {
            let value = shape(model, s["value"]["shape"].as_str().unwrap());
            for (k, item) in v
                .as_object()
                .unwrap_or_else(|| panic!("{path}: {v} is not a map"))
            {
                check_output(model, value, item, &format!("{path}.{k}"), seen);
            }
        }
        t => panic!("{path}: shape type {t}"),
    }
}

/// A string of shape `s` that satisfies its length and pattern: `a`s, which satisfy every
/// pattern of the KMS model, or an example for the Secrets Manager patterns they do not.
pub(crate) fn example(s: &Value) -> String {
    let n = num(s, "min").unwrap_or(1).max(1) as usize;
    match s.get("pattern").and_then(Value::as_str) {
        Some("[0-9]+h") => format!("{}h", "1".repeat(n.saturating_sub(1).max(1))),
        Some("^([a-z]+-)+\\d+$") => "us-east-1".to_owned(),
        _ => "a".repeat(n),
    }
}

/// A string of `n` characters that satisfies the pattern of `s` (the example, shortened, or
/// lengthened with its first character in front).
pub(crate) fn of_len(s: &Value, n: usize) -> String {
    let e = example(s);
    if n <= e.len() {
        e[..n].to_owned()
    } else {
        format!("{}{e}", e[..1].repeat(n - e.len()))
    }
}
