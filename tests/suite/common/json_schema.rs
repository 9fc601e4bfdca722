//! A JSON Schema (draft-07) validator for the keywords the SARIF 2.1.0 schema uses, which is
//! all `formats` needs: the `jsonschema` crate and its dependencies were a fifth of a cold
//! `cargo test` build. A keyword it does not know stops the test, so a schema that needs more
//! cannot pass unchecked; tests/action.sh also validates the action's SARIF with
//! check-jsonschema, a complete validator.

use std::collections::HashMap;

use regex::Regex;
use serde_json::Value;

/// Keywords that only describe, and the container of `$ref` targets.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "title",
    "description",
    "default",
    "definitions",
];
/// Keywords checked below.
const CHECKED: &[&str] = &[
    "$ref",
    "type",
    "enum",
    "properties",
    "additionalProperties",
    "required",
    "items",
    "minItems",
    "uniqueItems",
    "minimum",
    "maximum",
    "pattern",
    "format",
    "anyOf",
    "oneOf",
];

pub struct Validator {
    root: Value,
    patterns: HashMap<String, Regex>,
}

impl Validator {
    /// Panics on a keyword this validator does not check, or a pattern that does not compile.
    pub fn new(root: Value) -> Validator {
        let mut patterns = HashMap::new();
        compile(&root, "#", &mut patterns);
        Validator { root, patterns }
    }

    /// Every violation, as `instance path: what is wrong`.
    pub fn errors(&self, instance: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(&self.root, instance, "", &mut errors);
        errors
    }

    fn check(&self, schema: &Value, instance: &Value, at: &str, errors: &mut Vec<String>) {
        let Some(schema) = schema.as_object() else {
            return;
        };
        if let Some(Value::String(reference)) = schema.get("$ref") {
            // Draft-07: keywords beside `$ref` are ignored.
            let target = reference
                .strip_prefix('#')
                .and_then(|pointer| self.root.pointer(pointer))
                .unwrap_or_else(|| panic!("unresolvable $ref {reference}"));
            return self.check(target, instance, at, errors);
        }
        let mut fail = |message: String| errors.push(format!("{}: {message}", display(at)));
        if let Some(types) = schema.get("type") {
            let types: Vec<&str> = match types {
                Value::String(one) => vec![one.as_str()],
                Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
                _ => panic!("type must be a string or an array"),
            };
            if !types.iter().any(|t| has_type(instance, t)) {
                fail(format!("{instance} is not of type {types:?}"));
            }
        }
        if let Some(Value::Array(allowed)) = schema.get("enum")
            && !allowed.contains(instance)
        {
            fail(format!("{instance} is not one of {allowed:?}"));
        }
        if let Some(object) = instance.as_object() {
            let properties = schema.get("properties").and_then(Value::as_object);
            for name in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !object.contains_key(name) {
                    fail(format!("\"{name}\" is a required property"));
                }
            }
            for (key, value) in object {
                let child = format!("{at}/{key}");
                match properties.and_then(|p| p.get(key)) {
                    Some(property) => self.check(property, value, &child, errors),
                    None => match schema.get("additionalProperties") {
                        Some(Value::Bool(false)) => {
                            errors.push(format!("{}: \"{key}\" is not allowed", display(at)))
                        }
                        Some(extra @ Value::Object(_)) => self.check(extra, value, &child, errors),
                        _ => {}
                    },
                }
            }
        }
        let mut fail = |message: String| errors.push(format!("{}: {message}", display(at)));
        if let Some(array) = instance.as_array() {
            if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
                && (array.len() as u64) < min
            {
                fail(format!("has {} items, fewer than {min}", array.len()));
            }
            if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
                for (i, item) in array.iter().enumerate() {
                    if array[..i].contains(item) {
                        fail(format!("item {i} repeats an earlier one"));
                    }
                }
            }
            if let Some(items) = schema.get("items") {
                assert!(
                    items.is_object(),
                    "only one schema for all items is supported"
                );
                for (i, item) in array.iter().enumerate() {
                    self.check(items, item, &format!("{at}/{i}"), errors);
                }
            }
        }
        let mut fail = |message: String| errors.push(format!("{}: {message}", display(at)));
        if let Some(number) = instance.as_f64() {
            if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
                && number < min
            {
                fail(format!("{number} is less than {min}"));
            }
            if let Some(max) = schema.get("maximum").and_then(Value::as_f64)
                && number > max
            {
                fail(format!("{number} is greater than {max}"));
            }
        }
        if let Some(text) = instance.as_str() {
            if let Some(Value::String(pattern)) = schema.get("pattern")
                && !self.patterns[pattern].is_match(text)
            {
                fail(format!("\"{text}\" does not match {pattern}"));
            }
            if let Some(Value::String(format)) = schema.get("format")
                && !has_format(text, format)
            {
                fail(format!("\"{text}\" is not a {format}"));
            }
        }
        for (keyword, wanted) in [("anyOf", None), ("oneOf", Some(1))] {
            let Some(Value::Array(options)) = schema.get(keyword) else {
                continue;
            };
            let matching = options
                .iter()
                .filter(|option| {
                    let mut scratch = Vec::new();
                    self.check(option, instance, at, &mut scratch);
                    scratch.is_empty()
                })
                .count();
            let ok = match wanted {
                Some(exactly) => matching == exactly,
                None => matching > 0,
            };
            if !ok {
                errors.push(format!(
                    "{}: {matching} of the {keyword} schemas match",
                    display(at)
                ));
            }
        }
    }
}

fn display(at: &str) -> &str {
    if at.is_empty() { "/" } else { at }
}

fn has_type(instance: &Value, name: &str) -> bool {
    match name {
        "object" => instance.is_object(),
        "array" => instance.is_array(),
        "string" => instance.is_string(),
        "boolean" => instance.is_boolean(),
        "null" => instance.is_null(),
        "number" => instance.is_number(),
        "integer" => {
            instance.is_i64()
                || instance.is_u64()
                || instance.as_f64().is_some_and(|n| n.fract() == 0.0)
        }
        other => panic!("unknown type {other}"),
    }
}

/// The formats the SARIF schema names, as RFC 3986 and RFC 3339 define them (draft-07
/// validators check formats).
fn has_format(text: &str, format: &str) -> bool {
    static URI: &str = r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$";
    static URI_REFERENCE: &str = r"^[^\s]*$";
    static DATE_TIME: &str =
        r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$";
    let pattern = match format {
        "uri" => URI,
        "uri-reference" => URI_REFERENCE,
        "date-time" => DATE_TIME,
        other => panic!("unknown format {other}"),
    };
    Regex::new(pattern).unwrap().is_match(text)
}

/// Checks every keyword of every schema in `node` and compiles its patterns.
fn compile(node: &Value, at: &str, patterns: &mut HashMap<String, Regex>) {
    let Some(schema) = node.as_object() else {
        return;
    };
    for (keyword, value) in schema {
        let child = format!("{at}/{keyword}");
        match keyword.as_str() {
            "definitions" | "properties" => {
                for (name, sub) in value.as_object().expect("an object of schemas") {
                    compile(sub, &format!("{child}/{name}"), patterns);
                }
            }
            "items" | "additionalProperties" => compile(value, &child, patterns),
            "anyOf" | "oneOf" => {
                for (i, sub) in value
                    .as_array()
                    .expect("an array of schemas")
                    .iter()
                    .enumerate()
                {
                    compile(sub, &format!("{child}/{i}"), patterns);
                }
            }
            "pattern" => {
                let pattern = value.as_str().expect("a pattern is a string");
                let regex = Regex::new(pattern)
                    .unwrap_or_else(|e| panic!("{child}: pattern does not compile: {e}"));
                patterns.insert(pattern.to_string(), regex);
            }
            // has_format panics on a format it does not know.
            "format" => _ = has_format("", value.as_str().expect("a format is a string")),
            known if CHECKED.contains(&known) || ANNOTATIONS.contains(&known) => {}
            unknown => panic!("{child}: keyword {unknown} is not checked by this validator"),
        }
    }
}
