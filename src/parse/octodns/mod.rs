//! octoDNS YAML: zone files, split directories and main config files.
//!
//! - [`yaml`] turns one file's text into a tree with a span on every node (pure, per file).
//! - [`classify`] tells a zone from a config from other YAML (workflows, manifests).
//! - [`config`] reads an octoDNS main config: which YamlProviders read which directories.
//! - [`lower`] turns the trees of one zone into records, the way octoDNS reads them.
//! - [`scalar`] holds YAML 1.1 (PyYAML) scalar resolution and octoDNS's key order.
//!
//! Reading files and resolving `!include` is the loader's job (`load::octodns`).

pub mod config;
mod geo_codes;
pub mod lower;
mod punycode;
pub mod scalar;
pub mod types;
pub mod yaml;
pub mod zone_validators;

pub use lower::{
    Includes, KeyOrder, Lowered, OctoDnsVersion, ZoneDocument, ZoneOptions, check_key_order,
    lower_zone,
};
pub use yaml::{Document, parse};

use yaml::{Kind, Node};

/// Non-ASCII labels to their IDNA (punycode) form, as octoDNS's `idna_encode` does: the
/// label in lower case, then `xn--` and its RFC 3492 encoding. Letters, digits and hyphens are
/// the only ASCII a non-ASCII label may hold (IDNA's STD3 rules). Not done: Unicode
/// normalisation (NFC) and IDNA 2008's per-code-point table, so a label that the Python `idna`
/// package refuses for a disallowed code point is encoded here.
pub fn idna_encode(text: &str) -> Result<String, String> {
    if text.is_ascii() {
        return Ok(text.to_string());
    }
    let mut labels = Vec::new();
    for label in text.split('.') {
        if label.is_ascii() {
            labels.push(label.to_string());
            continue;
        }
        let lower = label.to_lowercase();
        if let Some(c) = lower.chars().find(|&c| {
            c.is_control()
                || c.is_whitespace()
                || (c.is_ascii() && !(c.is_ascii_alphanumeric() || c == '-'))
        }) {
            return Err(format!(
                "not a valid internationalised name: {c:?} cannot be in a label with non-ASCII letters"
            ));
        }
        // Every character costs at least one byte of the `xn--` form, so a label too long to
        // fit is refused before encoding (a megabyte label would take the encoder seconds).
        let fits = lower.chars().count() <= 63 - "xn--".len();
        let encoded = fits
            .then(|| punycode::encode(&lower))
            .flatten()
            .map(|puny| format!("xn--{puny}"))
            .filter(|label| label.len() <= 63)
            .ok_or_else(|| {
                "not a valid internationalised name: a label is longer than 63 bytes in its xn-- form"
                    .to_string()
            })?;
        labels.push(encoded);
    }
    Ok(labels.join("."))
}

/// What a YAML file is to octoDNS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileClass {
    Zone,
    Config,
    /// Not octoDNS; the reason, for a file named explicitly.
    Other(&'static str),
}

/// What besides its content says a YAML file is a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    /// Nothing: only records in it make it a zone.
    Nothing,
    /// Its name is a domain name (`example.com.yaml`): an empty or broken file is a zone too.
    Name,
    /// Its place: a split directory, or a zone directory of an octoDNS config.
    Place,
}

/// Why a Google Cloud DNS record-set export is no octoDNS file.
pub const GCLOUD_EXPORT: &str = "it is a Google Cloud DNS record-set export (`kind: dns#...`)";

/// Decide what a parsed YAML file is.
pub fn classify(document: &Document, evidence: Evidence) -> FileClass {
    let Some(root) = &document.root else {
        if evidence >= Evidence::Name {
            return FileClass::Zone;
        }
        return FileClass::Other(if document.broken {
            "it is not valid YAML"
        } else {
            "it is empty"
        });
    };
    let root = resolve_alias(root);
    if root.is_null() {
        return if evidence >= Evidence::Name {
            FileClass::Zone
        } else {
            FileClass::Other("it is empty")
        };
    }
    let Kind::Map(entries) = &root.kind else {
        // A list of records under a zone's name is a zone written wrongly.
        let records_listed = matches!(&root.kind, Kind::Seq(items) if items.iter().any(|i| has_type(resolve_alias(i))));
        if evidence == Evidence::Place || (evidence == Evidence::Name && records_listed) {
            return FileClass::Zone;
        }
        return FileClass::Other(match root.kind {
            Kind::Seq(_) => "it is a list, not a mapping of record names to records",
            _ => "it is a single value, not a mapping of record names to records",
        });
    };
    if is_config(entries) {
        return FileClass::Config;
    }
    // `gcloud dns record-sets export --zone-file-format=false` writes one YAML document per
    // record set (`kind: dns#resourceRecordSet`, `name`, `type`, `rrdatas`): a record set, not
    // a mapping of names to records, whatever the file is called.
    let key_is = |name: &str| entries.iter().any(|(key, _)| yaml::key_text(key) == name);
    if key_is("rrdatas")
        || entries.iter().any(|(key, value)| {
            yaml::key_text(key) == "kind"
                && resolve_alias(value)
                    .scalar()
                    .is_some_and(|(text, _)| text.starts_with("dns#"))
        })
    {
        return FileClass::Other(GCLOUD_EXPORT);
    }
    let record_like = entries.iter().any(|(_, value)| {
        let value = resolve_alias(value);
        value.is_include()
            || has_type(value)
            || matches!(&value.kind, Kind::Seq(items) if items.iter().any(|i| has_type(resolve_alias(i))))
    });
    // A zone whose records all lack `type` is still a zone when every value has a value and
    // only record keys (`www: {value: 192.0.2.1}`).
    let record_shaped = !entries.is_empty()
        && entries.iter().all(|(_, value)| {
            let keys = mapping_keys(resolve_alias(value));
            keys.iter().any(|k| k == "value" || k == "values")
                && keys.iter().all(|k| {
                    types::RECORD_KEYS.contains(&k.as_str())
                        || types::GEO_KEYS.contains(&k.as_str())
                })
        });
    let broken_zone = document.broken && evidence >= Evidence::Name;
    if record_like || record_shaped || broken_zone || evidence == Evidence::Place {
        return FileClass::Zone;
    }
    FileClass::Other("no value in it is a record (a mapping with `type`)")
}

fn resolve_alias(node: &Node) -> &Node {
    match &node.kind {
        Kind::Alias(target) => resolve_alias(target),
        _ => node,
    }
}

fn mapping_keys(node: &Node) -> Vec<String> {
    match &node.kind {
        Kind::Map(entries) => entries.iter().map(|(k, _)| yaml::key_text(k)).collect(),
        _ => Vec::new(),
    }
}

/// A mapping with a `type` that names a record type (`MX`, `mx`, `Route53Provider/ALIAS`),
/// unlike the `type: ClusterIP` of a Kubernetes service or the `type: string` of a schema.
fn has_type(node: &Node) -> bool {
    let Kind::Map(entries) = &node.kind else {
        return false;
    };
    entries.iter().any(|(key, value)| {
        yaml::key_text(key) == "type"
            && resolve_alias(value).scalar().is_some_and(|(text, _)| {
                let upper = text.to_ascii_uppercase();
                text.contains('/')
                    || types::find(&upper).is_some()
                    || crate::model::RType::from_mnemonic(upper.as_bytes()).is_some()
            })
    })
}

/// A main config has `providers:` with a `class`, or `zones:` with `sources`/`targets`.
fn is_config(entries: &[(Node, Node)]) -> bool {
    let section = |name: &str, marker: &[&str]| {
        entries.iter().any(|(key, value)| {
            yaml::key_text(key) == name
                && match &resolve_alias(value).kind {
                    Kind::Map(items) => items.iter().any(|(_, item)| {
                        mapping_keys(resolve_alias(item))
                            .iter()
                            .any(|k| marker.contains(&k.as_str()))
                    }),
                    _ => false,
                }
        })
    };
    // octoDNS needs a `class` for every provider: providers written out with none at all are
    // another tool's config in octoDNS's layout (octorules, which manages Cloudflare rules:
    // `providers: {cloudflare: {token: ...}}`, zone names without a final dot).
    let classless_providers = entries.iter().any(|(key, value)| {
        yaml::key_text(key) == "providers"
            && match &resolve_alias(value).kind {
                Kind::Map(items) => {
                    !items.is_empty()
                        && items.iter().all(|(_, item)| {
                            matches!(resolve_alias(item).kind, Kind::Map(_))
                                && !mapping_keys(resolve_alias(item))
                                    .iter()
                                    .any(|k| k == "class")
                        })
                }
                _ => false,
            }
    });
    section("providers", &["class"])
        || (!classless_providers && section("zones", &["sources", "targets", "alias"]))
}

/// The zone name a YAML file name gives, as octoDNS's YamlProvider derives it: the file name
/// without `yaml` (`example.com.yaml` is `example.com.`). None when it does not read as a
/// domain name (`ci.yml`, `values.yaml`), so nothing suggests it is a zone.
pub fn zone_from_file_name(file_name: &str) -> Option<String> {
    let stem = file_name
        .strip_suffix(".yaml")
        .or_else(|| file_name.strip_suffix(".yml"))?;
    // `$example.com.yaml`: the split directory's catch-all file.
    let stem = stem.strip_prefix('$').unwrap_or(stem);
    looks_like_domain(stem).then(|| format!("{}.", stem.trim_end_matches('.')))
}

/// The zone a split directory's name gives: `example.com.` (octoDNS's default extension `.`).
pub fn zone_from_split_directory(dir_name: &str, extension: &str) -> Option<String> {
    let stem = dir_name.strip_suffix(extension)?;
    let stem = stem.trim_end_matches('.');
    looks_like_domain(stem).then(|| format!("{stem}."))
}

/// The zone a folder of a zone's files is named after (`lorebooks.wiki`, `example.com.`).
pub fn zone_from_folder_name(folder: &str) -> Option<String> {
    let stem = folder.trim_end_matches('.');
    looks_like_domain(stem).then(|| format!("{stem}."))
}

/// At least two labels of letters, digits, `-` and `_` (or non-ASCII, for IDN zones), the
/// last not all digits.
fn looks_like_domain(text: &str) -> bool {
    let labels: Vec<&str> = text.trim_end_matches('.').split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
        && labels
            .last()
            .is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn class(text: &str, evidence: Evidence) -> FileClass {
        classify(&parse(FileId(0), text), evidence)
    }

    #[test]
    fn zones_configs_and_other_yaml() {
        use Evidence::*;
        assert_eq!(
            class("www:\n  type: A\n  value: 192.0.2.1\n", Nothing),
            FileClass::Zone
        );
        assert_eq!(
            class(
                "'':\n  - type: MX\n    value: {exchange: a., preference: 1}\n",
                Nothing
            ),
            FileClass::Zone
        );
        assert_eq!(
            class("www:\n  value: 192.0.2.1\n", Nothing),
            FileClass::Zone
        );
        assert_eq!(
            class(
                "providers:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n",
                Nothing
            ),
            FileClass::Config
        );
        let workflow = "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n";
        assert!(matches!(class(workflow, Nothing), FileClass::Other(_)));
        let manifest =
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n";
        assert!(matches!(class(manifest, Nothing), FileClass::Other(_)));
        // A Helm values file named like a domain is still not a zone.
        let values = "replicaCount: 2\nimage:\n  repository: nginx\n";
        assert!(matches!(class(values, Name), FileClass::Other(_)));
        assert!(matches!(class("- a\n- b\n", Nothing), FileClass::Other(_)));
        let compose = "services:\n  octodns:\n    image: octodns/octodns\n";
        assert!(matches!(class(compose, Nothing), FileClass::Other(_)));
        let schema = "properties:\n  name:\n    type: string\nname:\n  type: string\n";
        assert!(matches!(class(schema, Nothing), FileClass::Other(_)));
        // An octorules config (pkghaus/infrastructure's `octorules.yaml`): octoDNS's layout,
        // but providers without a class, which octoDNS needs; a config whose providers come
        // from elsewhere (`!include`) is still one.
        let octorules = "manager:\n  plan_outputs:\n    text:\n      class: octorules.plan_output.PlanText\n\
                         providers:\n  cloudflare:\n    token: env/CLOUDFLARE_API_TOKEN\n  rules:\n    directory: ./waf\n\
                         zones:\n  example.org:\n    sources:\n      - rules\n";
        assert!(matches!(class(octorules, Nothing), FileClass::Other(_)));
        let included = "providers: !include providers.yaml\nzones:\n  example.org.:\n    sources:\n      - config\n";
        assert_eq!(class(included, Nothing), FileClass::Config);
        assert_eq!(class("---\n", Name), FileClass::Zone);
        assert_eq!(class("a: [\n", Name), FileClass::Zone);
        assert!(matches!(class("", Nothing), FileClass::Other(_)));
    }

    #[test]
    fn idna() {
        assert_eq!(idna_encode("bücher").unwrap(), "xn--bcher-kva");
        assert_eq!(idna_encode("_sip._tcp").unwrap(), "_sip._tcp");
        // Each non-ASCII label on its own, in lower case; ASCII labels as they are.
        assert_eq!(
            idna_encode("WWW.Bücher.example").unwrap(),
            "WWW.xn--bcher-kva.example"
        );
        assert_eq!(idna_encode("BÜCHER").unwrap(), "xn--bcher-kva");
        assert_eq!(idna_encode("münchen").unwrap(), "xn--mnchen-3ya");
        assert_eq!(idna_encode("пример").unwrap(), "xn--e1afmkfd");
        assert!(idna_encode("bü cher").is_err());
        assert!(idna_encode("_bücher").is_err());
        assert!(idna_encode(&"ü".repeat(60)).is_err());
        // 57 of them encode to 63 bytes with `xn--`, 58 to 64: over a label's limit, though
        // short enough in characters to be encoded.
        assert_eq!(
            idna_encode(&"ü".repeat(57)).map(|label| label.len()),
            Ok(63)
        );
        assert!(idna_encode(&"ü".repeat(58)).is_err());
        // A label of a million distinct characters is refused at once, not encoded.
        let huge: String = (0x4e00u32..0x4e00 + 20_000)
            .filter_map(char::from_u32)
            .cycle()
            .take(1_000_000)
            .collect();
        assert!(idna_encode(&huge).is_err());
    }

    #[test]
    fn zone_names_from_files() {
        assert_eq!(
            zone_from_file_name("example.com.yaml").as_deref(),
            Some("example.com.")
        );
        assert_eq!(
            zone_from_file_name("$example.com.yaml").as_deref(),
            Some("example.com.")
        );
        assert_eq!(
            zone_from_file_name("3.2.2.in-addr.arpa.yaml").as_deref(),
            Some("3.2.2.in-addr.arpa.")
        );
        assert_eq!(zone_from_file_name("ci.yml"), None);
        assert_eq!(zone_from_file_name("docker-compose.yaml"), None);
        assert_eq!(zone_from_file_name(".pre-commit-config.yaml"), None);
        assert_eq!(
            zone_from_split_directory("example.com.", ".").as_deref(),
            Some("example.com.")
        );
        assert_eq!(
            zone_from_split_directory("unit.tests.tst", ".tst").as_deref(),
            Some("unit.tests.")
        );
        assert_eq!(zone_from_split_directory("config", "."), None);
    }
}
