//! The `zone` and `template` sections of a Knot DNS configuration (`knot.conf`): which file
//! holds which zone. A zone file without `$ORIGIN` whose name is no domain (`mesh.zone` of the
//! one-label zone `mesh`, a `file: db.example` of `example.com`) takes its origin from the
//! configuration that names it, as Knot loads it. Read beside `named.conf`'s zone statements
//! by `discover::server_config_origins`, and nothing else of the configuration.
//!
//! Knot reads "simplified YAML", one item per line: a section name at the left margin, a
//! `- key: value` line opening each settings block, `key: value` lines continuing it, `#`
//! comments and `"`-quoted values. It is read here the same way, line by line, and not as
//! YAML: Knot allows what YAML does not (a key repeated in one block, for a multi-valued
//! item) and gives no meaning to most of what YAML allows.

use crate::named_conf::ZoneFile;

/// What one Knot configuration file says about zone files.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct KnotConf {
    /// Each zone with the path Knot loads it from (`storage` joined to a relative `file`,
    /// formatters such as `%s` replaced), in order.
    pub zones: Vec<ZoneFile>,
    /// The `include:` paths and patterns, as written (relative to the including file).
    pub includes: Vec<String>,
}

/// One settings block of the `template` or `zone` section: the items zonelint reads.
#[derive(Debug, Default, Clone)]
struct Block {
    id: Option<String>,
    domain: Option<String>,
    template: Option<String>,
    file: Option<String>,
    storage: Option<String>,
}

/// Knot's default zone file: `storage/%s.zone`.
const DEFAULT_FILE: &str = "%s.zone";

/// Read `text`, a configuration or a file it includes. Blocks are resolved within the
/// file: a template defined in another file of the configuration is not seen (the zone then
/// gets Knot's default file name, or its own `file`).
pub fn read(text: &str) -> KnotConf {
    let mut includes = Vec::new();
    let mut templates: Vec<Block> = Vec::new();
    let mut zones: Vec<Block> = Vec::new();
    let mut section = String::new();
    for line in text.lines() {
        let line = strip_comment(line).trim_end();
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let item = line.trim_start();
        if !indented {
            let Some((name, value)) = key_value(item) else {
                section.clear();
                continue;
            };
            section = name.to_string();
            if name == "include" && !value.is_empty() {
                includes.push(value);
            }
            continue;
        }
        let blocks = match section.as_str() {
            "template" => &mut templates,
            "zone" => &mut zones,
            _ => continue,
        };
        let item = match item.strip_prefix('-') {
            Some(rest) if rest.is_empty() || rest.starts_with([' ', '\t']) => {
                blocks.push(Block::default());
                rest.trim_start()
            }
            _ => item,
        };
        let (Some(block), Some((key, value))) = (blocks.last_mut(), key_value(item)) else {
            continue;
        };
        let slot = match key {
            "id" => &mut block.id,
            "domain" => &mut block.domain,
            "template" => &mut block.template,
            "file" => &mut block.file,
            "storage" => &mut block.storage,
            _ => continue,
        };
        // A single-valued item written twice: Knot keeps the last.
        *slot = Some(value);
    }
    let template = |id: &str| templates.iter().rev().find(|t| t.id.as_deref() == Some(id));
    let zones = zones
        .iter()
        .filter_map(|zone| {
            let domain = zone.domain.as_deref()?;
            // A zone without a template takes the `default` one, if there is one.
            let template = template(zone.template.as_deref().unwrap_or("default"));
            let file = zone
                .file
                .as_deref()
                .or(template.and_then(|t| t.file.as_deref()))
                .unwrap_or(DEFAULT_FILE);
            let storage = zone
                .storage
                .as_deref()
                .or(template.and_then(|t| t.storage.as_deref()));
            let file = expand(file, domain)?;
            let file = match storage {
                Some(storage) if !file.starts_with('/') && !storage.is_empty() => {
                    format!("{}/{file}", storage.trim_end_matches('/'))
                }
                _ => file,
            };
            Some(ZoneFile {
                zone: domain.to_string(),
                file,
                server: crate::model::NameServer::Knot,
                dynamic: false,
            })
        })
        .collect();
    KnotConf { zones, includes }
}

/// `line` up to a `#` that is not inside a quoted value.
fn strip_comment(line: &str) -> &str {
    let mut quoted = false;
    for (at, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return &line[..at],
            _ => {}
        }
    }
    line
}

/// `key: value`, the value unquoted; None for a line that is no item.
fn key_value(item: &str) -> Option<(&str, String)> {
    let (key, value) = item.split_once(':')?;
    let key = key.trim();
    if key.is_empty() || key.contains([' ', '\t', '"']) {
        return None;
    }
    let value = value.trim();
    let value = match value.strip_prefix('"') {
        Some(quoted) => quoted.strip_suffix('"').unwrap_or(quoted).to_string(),
        None => value.to_string(),
    };
    Some((key, value))
}

/// The zone file path `file` names for zone `domain`, with Knot's formatters replaced:
/// `%s` (the name without its final dot, empty for the root), `%c[N]` and `%c[N-M]` (characters
/// of the name with its final dot, from 0), `%l[N]` (labels from the right, 0 the top-level
/// one) and `%%`. A character or label that is not there gives nothing, as in Knot. None
/// for a formatter Knot does not have.
fn expand(file: &str, domain: &str) -> Option<String> {
    let name = domain.trim_end_matches('.');
    let dotted = format!("{name}.");
    let labels: Vec<&str> = if name.is_empty() {
        Vec::new()
    } else {
        name.split('.').rev().collect()
    };
    let mut out = String::with_capacity(file.len() + name.len());
    let mut rest = file;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (kind, tail) = match after.chars().next()? {
            kind @ ('s' | '%') => (kind, &after[1..]),
            kind @ ('c' | 'l') => (kind, &after[1..]),
            _ => return None,
        };
        match kind {
            's' => {
                out.push_str(name);
                rest = tail;
            }
            '%' => {
                out.push('%');
                rest = tail;
            }
            _ => {
                let inner = tail.strip_prefix('[')?;
                let (range, tail) = inner.split_once(']')?;
                let (from, to) = match range.split_once('-') {
                    Some((from, to)) => (from.trim().parse().ok()?, to.trim().parse().ok()?),
                    None => {
                        let at: usize = range.trim().parse().ok()?;
                        (at, at)
                    }
                };
                if kind == 'c' {
                    out.extend(
                        dotted
                            .chars()
                            .skip(from)
                            .take((to + 1).saturating_sub(from)),
                    );
                } else if let Some(label) = labels.get(from) {
                    out.push_str(label);
                }
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(conf: &KnotConf) -> Vec<(&str, &str)> {
        conf.zones
            .iter()
            .map(|z| (z.zone.as_str(), z.file.as_str()))
            .collect()
    }

    /// NYC Mesh's knot.conf (nycmeshnet/nycmesh-dns), with the forms Knot's reference
    /// documents around it: a default template's storage, a zone's own file, quoted values,
    /// comments, a template by name, an absolute file.
    #[test]
    fn zones_with_their_files() {
        let text = r#"
server:
    listen: 10.10.10.11@53

template:
  - id: default
    global-module: mod-rrl/default
    storage: /var/lib/knot/zones
  - id: signed   # a comment
    storage: "/srv/knot/signed"
    file: "%s.db"

zone:
  - domain: mesh
  - domain: mesh.nycmesh.net
    file: mesh.zone
  - domain: example.com.
    template: signed
  -  domain: example.org
     file: /etc/knot/example.org.zone
include: zones.d/*.conf
"#;
        let conf = read(text);
        assert_eq!(
            pairs(&conf),
            [
                ("mesh", "/var/lib/knot/zones/mesh.zone"),
                ("mesh.nycmesh.net", "/var/lib/knot/zones/mesh.zone"),
                ("example.com.", "/srv/knot/signed/example.com.db"),
                ("example.org", "/etc/knot/example.org.zone"),
            ]
        );
        assert_eq!(conf.includes, ["zones.d/*.conf"]);
    }

    #[test]
    fn a_zone_without_template_or_storage_is_its_name_dot_zone() {
        let conf = read("zone:\n  - domain: home.arpa\n");
        assert_eq!(pairs(&conf), [("home.arpa", "home.arpa.zone")]);
    }

    /// The formatters of Knot's reference (`zone.file`), on `example.com` (with its final dot
    /// for `%c`: `example.com.`).
    #[test]
    fn formatters_as_knot_expands_them() {
        let cases = [
            ("%s.zone", "example.com.zone"),
            ("%l[0]/%l[1].db", "com/example.db"),
            ("%c[0]/%c[0-2]/%s", "e/exa/example.com"),
            ("%c[11]", "."),
            ("%c[40]%l[5]x", "x"),
            ("100%%/%s", "100%/example.com"),
        ];
        for (file, expanded) in cases {
            assert_eq!(
                expand(file, "example.com").as_deref(),
                Some(expanded),
                "{file}"
            );
        }
        assert_eq!(expand("%s.zone", ".").as_deref(), Some(".zone"));
        for unknown in ["%x.zone", "%c", "%c[a]", "%l[1", "%"] {
            assert_eq!(expand(unknown, "example.com"), None, "{unknown}");
        }
    }

    #[test]
    fn other_sections_and_broken_lines_are_passed_over() {
        let text = "acl:\n  - id: zone\n    file: x\nzone:\n  domain: loose\n  - file: no-domain\n  - domain\n  - domain: \"quoted # not a comment\"\n";
        let conf = read(text);
        assert_eq!(
            pairs(&conf),
            [("quoted # not a comment", "quoted # not a comment.zone")]
        );
        for text in [
            "zone:",
            "zone:\n  -",
            "-\n",
            ":\n  - :",
            "\"\n#\"",
            "zone:\n  - domain: \u{e4}\n    file: %c[2-1]",
        ] {
            let _ = read(text);
        }
    }
}
