//! The provider catalog: what zonelint knows about hosted mail services, kept as data.
//!
//! `rules/catalog/providers.toml` is compiled into the binary and parsed once, on first use
//! ([`Catalog::builtin`]). The same format can be added on top of it
//! ([`Catalog::extend_from_toml`]), which is how the config file will extend the catalog.
//! Every entry is validated when it is loaded: patterns compile and are anchored, every fact is
//! covered by a source, published hosts belong to their provider. A malformed built-in file is
//! a bug, caught by the tests below.
//!
//! Lookups take absolute host names and match them in lower case, as the patterns are written.

use std::collections::HashSet;
use std::fmt;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;
use serde::Deserialize;

use crate::name::Name;

pub mod mail;

pub use mail::{Companion, CompanionType, Leftover, Sender, SpfIncludeCost};

/// The built-in catalog text.
pub const BUILTIN_TOML: &str = include_str!("../rules/catalog/providers.toml");

static BUILTIN: LazyLock<Catalog> = LazyLock::new(|| {
    let mut catalog = Catalog::default();
    if let Err(error) = catalog.extend_from_toml(BUILTIN_TOML) {
        // The tests parse the built-in file, so this cannot ship; if it does, say where.
        panic!("the built-in provider catalog (rules/catalog/providers.toml) is invalid:\n{error}");
    }
    catalog
});

/// What a provider's hosts are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Hosts the mailboxes (Microsoft 365, Google Workspace, ...).
    Mailbox,
    /// A mail-security gateway in front of a mailbox provider.
    Gateway,
    /// Receives and forwards (Cloudflare Email Routing, ImprovMX, ...).
    Forwarder,
    /// Application inbound: mail is handed to an API or webhook.
    Inbound,
    /// The return-path domain of a sending service: receives bounces only.
    Bounce,
    /// Not a mail server: an MX that only proves ownership of the domain.
    Verification,
}

/// May a host of another operator share the MX set with this provider's hosts?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackupPolicy {
    Unsupported,
    Supported,
    /// No source says either way.
    Unknown,
}

/// How the first label of a host relates to the domain it receives mail for (MX004).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TenantLabel {
    /// Usually the domain with dots replaced by hyphens (`contoso-com`); may carry a suffix,
    /// and one tenant may serve several domains: a hint, never proof.
    DomainDashed,
    /// Names the tenant, not the domain (GCC High).
    Tenant,
    /// No relation.
    #[default]
    #[serde(rename = "none")]
    Unrelated,
}

/// How far a source can be trusted; ordered from weakest to strongest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// A hint; not verified.
    Unconfirmed,
    /// Seen in public zone files, IaC or mail headers only.
    Observed,
    /// A third party quoting or describing the provider.
    Secondary,
    /// The provider's own documentation or a provider-authored template.
    Confirmed,
}

/// The facts of a provider entry that a source can back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    Kind,
    Hosts,
    ThirdPartyBackup,
    BackupAdvice,
    SpfIncludes,
    TenantLabel,
    MigrationGroup,
    Published,
    DedicatedSubdomain,
    OutboundSpf,
    RequiresNameServers,
}

/// The facts of a deprecated-host entry that a source can back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeprecatedFact {
    Host,
    Reason,
    Instead,
}

/// Where facts come from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source<F> {
    pub facts: Vec<F>,
    /// An https URL, or `owner/repo:path` for a file in a public repository.
    pub url: String,
    pub confidence: Confidence,
    /// What exactly the source says, or its caveat.
    pub note: Option<String>,
}

/// One host of a provider's published set.
#[derive(Debug, Clone)]
pub struct PublishedHost {
    pub host: Name,
    /// None where the provider does not fix it.
    pub preference: Option<u16>,
}

/// The MX set a provider publishes (MX009).
#[derive(Debug, Clone)]
pub struct Published {
    /// Literal hosts; empty when the hosts are tenant-specific.
    pub hosts: Vec<PublishedHost>,
    /// Must be the most preferred of the provider's hosts at an owner.
    pub most_preferred: Option<Name>,
    /// Must all be present once any host of the provider is.
    pub required: Vec<Name>,
    /// What the provider answers every message with while a required host is missing, when
    /// it checks the set itself (Forward Email: "550: missing required DNS MX records ...").
    pub refusal: Option<String>,
    /// False where preferences vary by design (Cloudflare) or older published sets differ.
    /// Users may scale preferences, so rules should compare the order, not the numbers.
    pub check_preferences: bool,
    /// How many of this provider's hosts the published set has, for tenant-specific hosts.
    pub host_count: Option<usize>,
}

/// A hosted mail service, as one published MX set.
#[derive(Debug, Clone)]
pub struct Provider {
    pub id: String,
    pub name: String,
    /// Hosts of one operator are not third parties to each other.
    pub operator: String,
    pub kind: Kind,
    /// Patterns over the lower-case absolute host name, anchored at both ends.
    pub hosts: Vec<Regex>,
    pub third_party_backup: BackupPolicy,
    /// What the provider says to do, for the MX001 help.
    pub backup_advice: Option<String>,
    /// `include:` domains that authorise the provider's outbound mail: any one satisfies,
    /// the first is the one to recommend. Empty when unknown or when the provider does not
    /// send for the domain.
    pub spf_includes: Vec<String>,
    pub tenant_label: TenantLabel,
    /// Entries of one group may share an MX set during a documented migration.
    pub migration_group: Option<String>,
    pub published: Option<Published>,
    /// An application inbound service its operator says to receive on a subdomain of its own
    /// (`parse.example.com`), never on the domain people have mailboxes at (MX018).
    pub dedicated_subdomain: bool,
    /// For a gateway whose outbound relay is optional: the SPF terms (`a:dispatch-us.ppe-hosted.com`,
    /// `include:_spf-us.ppe-hosted.com`) its setup adds for mail that leaves through it, any one
    /// of which authorises it. Lower case.
    pub outbound_spf: Vec<String>,
    /// For a service that works only while the provider's own name servers serve the domain
    /// (Cloudflare Email Routing, Namecheap's email forwarding): patterns over the lower-case
    /// absolute names of those servers, anchored at both ends (MX024).
    pub requires_name_servers: Vec<Regex>,
    pub sources: Vec<Source<Fact>>,
}

/// A retired or wrong MX target (MX010).
#[derive(Debug, Clone)]
pub struct DeprecatedHost {
    pub host: Regex,
    /// Id of the provider the host belonged to or is confused with.
    pub provider: String,
    pub reason: String,
    pub instead: String,
    pub sources: Vec<Source<DeprecatedFact>>,
}

/// Why catalog text could not be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogError {
    /// Not TOML, or not the catalog's shape (missing field, unknown key or value): `message`
    /// carries the line and column and the line itself, `reason` only what is wrong (for a
    /// config file, whose entries are read again as catalog text, where the line is not the
    /// file's).
    Syntax { message: String, reason: String },
    /// Entries that parse but break a rule, every problem found.
    Invalid(Vec<EntryError>),
}

/// One problem with one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryError {
    /// Which entry: ``provider `microsoft-365` `` or ``deprecated_host #2 (`^...$`)``.
    pub entry: String,
    pub message: String,
}

impl EntryError {
    /// One error per problem found in `entry`.
    fn all(entry: &str, problems: Vec<String>) -> impl Iterator<Item = EntryError> + '_ {
        problems.into_iter().map(move |message| EntryError {
            entry: entry.to_string(),
            message,
        })
    }
}

impl fmt::Display for EntryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.entry, self.message)
    }
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogError::Syntax { message, .. } => write!(f, "provider catalog: {message}"),
            CatalogError::Invalid(errors) => {
                for (i, error) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{error}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for CatalogError {}

/// All providers and deprecated hosts. Lookups return the first matching entry in load order,
/// so added entries cannot take over a built-in provider's hosts.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    providers: Vec<Provider>,
    deprecated: Vec<DeprecatedHost>,
    /// Every provider's host patterns in one set, so a lookup is one pass over the name; the
    /// provider of each pattern, by pattern index.
    patterns: regex::RegexSet,
    pattern_provider: Vec<usize>,
    /// The deprecated hosts' patterns in one set: most MX hosts match none, and one pass over
    /// the name says so where a pass per pattern did.
    deprecated_patterns: regex::RegexSet,
    spf_include_costs: Vec<SpfIncludeCost>,
    companions: Vec<Companion>,
    leftovers: Vec<Leftover>,
    senders: Vec<Sender>,
    /// Every provider's `spf_includes` (lower case, as validated), for
    /// [`Catalog::is_provider_spf_include`].
    provider_spf_includes: HashSet<String>,
    /// Every sending service's `include:` domain ([`Catalog::is_sender_spf_include`]).
    sender_spf_includes: HashSet<String>,
    /// Every gateway's relay `include:` domain ([`Catalog::is_outbound_relay_include`]).
    relay_spf_includes: HashSet<String>,
    /// [`Catalog::known_spf_includes`] and [`Catalog::typo_targets`], made on first use and
    /// again after the catalog is extended: rules ask for them in every zone, and making
    /// them compares each entry with those before it.
    known_includes: OnceLock<Vec<(String, Option<usize>)>>,
    typo_targets: OnceLock<Vec<(TypoTarget, usize)>>,
}

/// Whether `includes` (lower case, no final dot) holds `domain` as an SPF record writes it (any
/// case, a final dot allowed); lower-cased only when it has capitals, as it is asked for each
/// include of each SPF record.
fn holds_include(includes: &HashSet<String>, domain: &str) -> bool {
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    if domain.bytes().any(|b| b.is_ascii_uppercase()) {
        includes.contains(&domain.to_ascii_lowercase())
    } else {
        includes.contains(domain)
    }
}

impl Catalog {
    /// The catalog compiled into the binary.
    pub fn builtin() -> &'static Catalog {
        &BUILTIN
    }

    /// Add the providers and deprecated hosts of `text` (the providers.toml format). Nothing is
    /// added unless every entry is valid; the error lists every problem, each naming its entry.
    pub fn extend_from_toml(&mut self, text: &str) -> Result<(), CatalogError> {
        let raw: RawCatalog =
            toml::from_str(text).map_err(|e: toml::de::Error| CatalogError::Syntax {
                message: e.to_string(),
                reason: e.message().to_string(),
            })?;
        let mut errors = Vec::new();
        let mut ids: HashSet<String> = self.providers.iter().map(|p| p.id.clone()).collect();
        let mut providers = Vec::new();
        for (index, raw_provider) in raw.provider.into_iter().enumerate() {
            let entry = if raw_provider.id.is_empty() {
                format!("provider #{}", index + 1)
            } else {
                format!("provider `{}`", raw_provider.id)
            };
            let mut problems = Vec::new();
            if !ids.insert(raw_provider.id.clone()) {
                problems.push(format!(
                    "id `{}` is already in the catalog",
                    raw_provider.id
                ));
            }
            let provider = compile_provider(raw_provider, &mut problems);
            if problems.is_empty() {
                providers.push(provider);
            }
            errors.extend(EntryError::all(&entry, problems));
        }

        let mut deprecated = Vec::new();
        for (index, raw_host) in raw.deprecated_host.into_iter().enumerate() {
            let entry = format!("deprecated_host #{} (`{}`)", index + 1, raw_host.host);
            let mut problems = Vec::new();
            if !ids.contains(&raw_host.provider) {
                problems.push(format!("names unknown provider `{}`", raw_host.provider));
            }
            match compile_deprecated(raw_host, &mut problems) {
                Some(host) if problems.is_empty() => deprecated.push(host),
                _ => {}
            }
            errors.extend(EntryError::all(&entry, problems));
        }

        // A published host that another provider also claims would make the lookup depend on
        // load order; the overlap is a data error in one of the two entries.
        let all: Vec<&Provider> = self.providers.iter().chain(&providers).collect();
        for provider in &providers {
            // A host may be listed, most preferred and required: report it once.
            let mut checked = HashSet::new();
            for host in published_hosts(provider) {
                let lower = host.as_str().to_ascii_lowercase();
                if !checked.insert(lower.clone()) {
                    continue;
                }
                for other in &all {
                    if other.id != provider.id && other.matches_lower(&lower) {
                        errors.push(EntryError {
                            entry: format!("provider `{}`", provider.id),
                            message: format!(
                                "published host `{host}` is also claimed by provider `{}`",
                                other.id
                            ),
                        });
                    }
                }
            }
        }

        let mut known_includes: HashSet<String> = self
            .spf_include_costs
            .iter()
            .map(|c| c.domain.clone())
            .collect();
        let mut spf_include_costs = Vec::new();
        for raw in raw.spf_include {
            let mut problems = Vec::new();
            let cost = mail::compile_spf_include(raw, &mut problems);
            if !known_includes.insert(cost.domain.clone()) {
                problems.push("domain is already in the catalog".to_string());
            }
            let entry = format!("spf_include `{}`", cost.domain);
            errors.extend(EntryError::all(&entry, problems));
            spf_include_costs.push(cost);
        }
        let mut companions = Vec::new();
        for (index, raw) in raw.companion.into_iter().enumerate() {
            let mut problems = Vec::new();
            if !ids.contains(&raw.provider) {
                problems.push(format!("names unknown provider `{}`", raw.provider));
            }
            let companion = mail::compile_companion(raw, &mut problems);
            let entry = format!("companion #{} (`{}`)", index + 1, companion.name);
            errors.extend(EntryError::all(&entry, problems));
            companions.push(companion);
        }
        let mut leftovers = Vec::new();
        for (index, raw) in raw.leftover.into_iter().enumerate() {
            let mut problems = Vec::new();
            let leftover = mail::compile_leftover(raw, &mut problems);
            let entry = format!("leftover #{} (`{}`)", index + 1, leftover.name);
            errors.extend(EntryError::all(&entry, problems));
            leftovers.push(leftover);
        }

        let mut sender_ids: HashSet<String> = self.senders.iter().map(|s| s.id.clone()).collect();
        let mut senders = Vec::new();
        for (index, raw) in raw.sender.into_iter().enumerate() {
            let mut problems = Vec::new();
            if !sender_ids.insert(raw.id.clone()) {
                problems.push(format!("id `{}` is already in the catalog", raw.id));
            }
            let sender = mail::compile_sender(raw, &mut problems);
            let entry = format!("sender #{} (`{}`)", index + 1, sender.id);
            errors.extend(EntryError::all(&entry, problems));
            senders.push(sender);
        }

        if !errors.is_empty() {
            return Err(CatalogError::Invalid(errors));
        }
        let all_patterns = self
            .providers
            .iter()
            .chain(&providers)
            .enumerate()
            .flat_map(|(index, p)| p.hosts.iter().map(move |h| (index, h.as_str())));
        let (pattern_provider, sources): (Vec<usize>, Vec<&str>) = all_patterns.unzip();
        // Each pattern compiled alone above; the set can still pass the regex size limit.
        let patterns = regex::RegexSet::new(&sources).map_err(|e| {
            CatalogError::Invalid(vec![EntryError {
                entry: "the catalog's host patterns together".into(),
                message: e.to_string(),
            }])
        })?;
        let deprecated_patterns = regex::RegexSet::new(
            self.deprecated
                .iter()
                .chain(&deprecated)
                .map(|d| d.host.as_str()),
        )
        .map_err(|e| {
            CatalogError::Invalid(vec![EntryError {
                entry: "the catalog's deprecated hosts together".into(),
                message: e.to_string(),
            }])
        })?;
        // Nothing above changed the catalog: an error leaves it as it was.
        self.spf_include_costs.extend(spf_include_costs);
        self.companions.extend(companions);
        self.leftovers.extend(leftovers);
        self.senders.extend(senders);
        self.patterns = patterns;
        self.pattern_provider = pattern_provider;
        self.deprecated_patterns = deprecated_patterns;
        self.provider_spf_includes.extend(
            providers
                .iter()
                .flat_map(|p| p.spf_includes.iter().cloned()),
        );
        self.relay_spf_includes
            .extend(providers.iter().flat_map(|p| {
                p.outbound_spf
                    .iter()
                    .filter_map(|term| term.strip_prefix("include:").map(str::to_string))
            }));
        self.sender_spf_includes.extend(
            self.senders
                .iter()
                .flat_map(|sender| sender.spf_includes.iter().cloned()),
        );
        self.providers.extend(providers);
        self.deprecated.extend(deprecated);
        self.known_includes = OnceLock::new();
        self.typo_targets = OnceLock::new();
        Ok(())
    }

    pub fn providers(&self) -> &[Provider] {
        &self.providers
    }

    /// Is `domain` (an `include:` domain, a trailing dot allowed) one a provider's SPF record
    /// lives at: does any provider's [`Provider::authorised_by_spf_include`] accept it?
    pub fn is_provider_spf_include(&self, domain: &str) -> bool {
        holds_include(&self.provider_spf_includes, domain)
    }

    /// Is `domain` (an `include:` domain, a trailing dot allowed) one a sending service's setup
    /// asks for (Mailjet's `spf.mailjet.com`)? Its record authorises that service's servers,
    /// never a mailbox provider's.
    pub fn is_sender_spf_include(&self, domain: &str) -> bool {
        holds_include(&self.sender_spf_includes, domain)
    }

    /// The sending service whose setup asks for `include:` of `domain` (a trailing dot and
    /// case ignored), if one does.
    pub fn sender_of_spf_include(&self, domain: &str) -> Option<&Sender> {
        if !self.is_sender_spf_include(domain) {
            return None;
        }
        let domain = domain.strip_suffix('.').unwrap_or(domain);
        self.senders.iter().find(|sender| {
            sender
                .spf_includes
                .iter()
                .any(|include| include.eq_ignore_ascii_case(domain))
        })
    }

    /// Is `domain` (an `include:` domain, a trailing dot allowed) a gateway's outbound relay
    /// include (Mimecast's `eu._netblocks.mimecast.com`)? Its record authorises the relay,
    /// never a mailbox provider.
    pub fn is_outbound_relay_include(&self, domain: &str) -> bool {
        holds_include(&self.relay_spf_includes, domain)
    }

    /// Every SPF `include:` domain the catalog knows, providers' and the costed ones, lower
    /// case and each once, with the name of a provider that publishes it where one does.
    pub fn known_spf_includes(&self) -> Vec<(&str, Option<&str>)> {
        let known = self.known_includes.get_or_init(|| {
            let mut known: Vec<(String, Option<usize>)> = Vec::new();
            let mut seen = HashSet::new();
            for (index, provider) in self.providers.iter().enumerate() {
                for include in &provider.spf_includes {
                    if seen.insert(include.as_str()) {
                        known.push((include.clone(), Some(index)));
                    }
                }
            }
            for cost in &self.spf_include_costs {
                if seen.insert(cost.domain.as_str()) {
                    known.push((cost.domain.clone(), None));
                }
            }
            known
        });
        known
            .iter()
            .map(|(domain, provider)| {
                let name = provider.map(|index| self.providers[index].name.as_str());
                (domain.as_str(), name)
            })
            .collect()
    }

    pub fn deprecated_hosts(&self) -> &[DeprecatedHost] {
        &self.deprecated
    }

    /// What an SPF `include:` of `domain` costs, when the catalog knows (case and a trailing
    /// dot ignored).
    pub fn spf_include_cost(&self, domain: &str) -> Option<&SpfIncludeCost> {
        let domain = domain.strip_suffix('.').unwrap_or(domain);
        self.spf_include_costs
            .iter()
            .find(|c| c.domain.eq_ignore_ascii_case(domain))
    }

    /// Every provider's companion records, in load order.
    pub fn companions(&self) -> &[Companion] {
        &self.companions
    }

    /// The records the setup guide of provider `id` publishes beside its MX.
    pub fn companions_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Companion> {
        self.companions.iter().filter(move |c| c.provider == id)
    }

    /// The sending services (DKIM007), in load order.
    pub fn senders(&self) -> &[Sender] {
        &self.senders
    }

    /// Records known to do harm once a setup is finished.
    pub fn leftovers(&self) -> &[Leftover] {
        &self.leftovers
    }

    /// Literal host names the catalog knows as MX hosts, and the fixed tails of tenant host
    /// patterns (`mail.protection.outlook.com.` of `^[a-z0-9-]+\.mail\.protection...$`),
    /// with the provider of each: what an MX host one or two letters off was meant to be.
    pub fn typo_targets(&self) -> Vec<(&TypoTarget, &Provider)> {
        let targets = self.typo_targets.get_or_init(|| {
            let mut targets = Vec::new();
            let mut literals = HashSet::new();
            for (index, provider) in self.providers.iter().enumerate() {
                for pattern in &provider.hosts {
                    if let Some(target) = typo_target(pattern.as_str()) {
                        if let TypoTarget::Host(host) = &target {
                            literals.insert(host.clone());
                        }
                        targets.push((target, index));
                    }
                }
                for host in published_hosts(provider) {
                    let literal = host.as_str().to_ascii_lowercase();
                    if literals.insert(literal.clone()) {
                        targets.push((TypoTarget::Host(literal), index));
                    }
                }
            }
            targets
        });
        targets
            .iter()
            .map(|(target, index)| (target, &self.providers[*index]))
            .collect()
    }

    /// The provider with this id.
    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.id == id)
    }

    /// The provider whose hosts include `host`.
    pub fn provider_for(&self, host: &Name) -> Option<&Provider> {
        let lower = host.as_str().to_ascii_lowercase();
        // Most hosts are no provider's: one pass says so, without listing the matches.
        if !self.patterns.is_match(&lower) {
            return None;
        }
        // The first provider in load order among those whose patterns match.
        self.patterns
            .matches(&lower)
            .iter()
            .map(|pattern| self.pattern_provider[pattern])
            .min()
            .map(|index| &self.providers[index])
    }

    /// The deprecated-host entry for `host`, if it is a retired or wrong MX target.
    pub fn deprecated(&self, host: &Name) -> Option<&DeprecatedHost> {
        let lower = host.as_str().to_ascii_lowercase();
        if !self.deprecated_patterns.is_match(&lower) {
            return None;
        }
        // The first entry in load order whose pattern matches.
        let first = self
            .deprecated_patterns
            .matches(&lower)
            .into_iter()
            .next()?;
        self.deprecated.get(first)
    }

    /// True for an MX that only proves domain ownership (`*.msv1.invalid`): not a mail
    /// server, and not a third party beside the provider it verifies for.
    pub fn is_verification_only(&self, host: &Name) -> bool {
        self.provider_for(host)
            .is_some_and(|p| p.kind == Kind::Verification)
    }

    /// Who runs `host`: its provider's operator, or for a deprecated host the operator of the
    /// provider it belonged to. None for a host the catalog does not know.
    pub fn operator_of(&self, host: &Name) -> Option<&str> {
        if let Some(provider) = self.provider_for(host) {
            return Some(&provider.operator);
        }
        let deprecated = self.deprecated(host)?;
        self.provider(&deprecated.provider)
            .map(|p| p.operator.as_str())
    }

    /// True when both hosts are known and run by one operator. Two unknown hosts are not
    /// assumed to share one: nothing says they do.
    pub fn same_operator(&self, a: &Name, b: &Name) -> bool {
        match (self.operator_of(a), self.operator_of(b)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }
}

impl Provider {
    /// True when `host` is one of this provider's hosts.
    pub fn matches(&self, host: &Name) -> bool {
        self.matches_lower(&host.as_str().to_ascii_lowercase())
    }

    fn matches_lower(&self, lower: &str) -> bool {
        self.hosts.iter().any(|pattern| pattern.is_match(lower))
    }

    /// True when an SPF `include:` of `domain` authorises this provider's outbound mail.
    /// Case and a trailing dot are ignored, as DNS ignores them.
    pub fn authorised_by_spf_include(&self, domain: &str) -> bool {
        self.spf_include_named(domain).is_some()
    }

    /// The provider's include `domain` names (case and a trailing dot ignored), as the
    /// catalog spells it.
    pub fn spf_include_named(&self, domain: &str) -> Option<&str> {
        let domain = domain.strip_suffix('.').unwrap_or(domain);
        self.spf_includes
            .iter()
            .find(|include| include.eq_ignore_ascii_case(domain))
            .map(String::as_str)
    }

    /// The label that names the tenant or domain (`contoso-com` in
    /// `contoso-com.mail.protection.outlook.com.`), for providers whose first label has a
    /// meaning; None otherwise or when `host` is not this provider's.
    pub fn tenant_label<'a>(&self, host: &'a Name) -> Option<&'a str> {
        if self.tenant_label == TenantLabel::Unrelated || !self.matches(host) {
            return None;
        }
        Some(host.first_label())
    }

    /// True when both entries belong to one documented migration (Microsoft 365's move from
    /// mail.protection.outlook.com to mx.microsoft), so they may share an MX set for a while.
    pub fn shares_migration_group(&self, other: &Provider) -> bool {
        match (&self.migration_group, &other.migration_group) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }

    /// The best confidence among the sources that back `fact`; None when no source does
    /// (the fact is not set).
    pub fn confidence(&self, fact: Fact) -> Option<Confidence> {
        self.sources
            .iter()
            .filter(|s| s.facts.contains(&fact))
            .map(|s| s.confidence)
            .max()
    }
}

impl DeprecatedHost {
    /// True when `host` is this retired or wrong target.
    pub fn matches(&self, host: &Name) -> bool {
        self.host.is_match(&host.as_str().to_ascii_lowercase())
    }
}

/// What an MX host may have been meant to be (see [`Catalog::typo_targets`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypoTarget {
    /// A whole host name, lower case and absolute.
    Host(String),
    /// Any one label followed by this tail (lower case, absolute, starting after the dot).
    Tail(String),
}

/// The literal host or tail a host pattern stands for, when it has one: the pattern is a
/// literal name, or one character class label (`[a-z0-9-]+`) and a literal rest.
fn typo_target(pattern: &str) -> Option<TypoTarget> {
    let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
    let unescape = |text: &str| -> Option<String> {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next()? {
                    '.' => out.push('.'),
                    _ => return None,
                },
                'a'..='z' | '0'..='9' | '-' | '_' => out.push(c),
                _ => return None,
            }
        }
        Some(out)
    };
    if let Some(host) = unescape(body) {
        return Some(TypoTarget::Host(host));
    }
    let rest = body.strip_prefix("[a-z0-9-]+\\.")?;
    unescape(rest).map(TypoTarget::Tail)
}

fn published_hosts(provider: &Provider) -> impl Iterator<Item = &Name> {
    provider.published.iter().flat_map(|published| {
        published
            .hosts
            .iter()
            .map(|h| &h.host)
            .chain(&published.most_preferred)
            .chain(&published.required)
    })
}

// ---------------------------------------------------------------------------------------------
// The TOML shape, checked and turned into the types above.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default)]
    provider: Vec<RawProvider>,
    #[serde(default)]
    deprecated_host: Vec<RawDeprecatedHost>,
    #[serde(default)]
    spf_include: Vec<mail::RawSpfIncludeCost>,
    #[serde(default)]
    companion: Vec<mail::RawCompanion>,
    #[serde(default)]
    leftover: Vec<mail::RawLeftover>,
    #[serde(default)]
    sender: Vec<mail::RawSender>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvider {
    id: String,
    name: String,
    operator: String,
    kind: Kind,
    hosts: Vec<String>,
    third_party_backup: BackupPolicy,
    backup_advice: Option<String>,
    #[serde(default)]
    spf_includes: Vec<String>,
    #[serde(default)]
    tenant_label: TenantLabel,
    migration_group: Option<String>,
    published: Option<RawPublished>,
    #[serde(default)]
    dedicated_subdomain: bool,
    #[serde(default)]
    outbound_spf: Vec<String>,
    #[serde(default)]
    requires_name_servers: Vec<String>,
    // Defaulted so that a missing list is reported as "no source", naming the entry.
    #[serde(default)]
    sources: Vec<Source<Fact>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPublished {
    #[serde(default)]
    hosts: Vec<RawPublishedHost>,
    most_preferred: Option<String>,
    #[serde(default)]
    required: Vec<String>,
    refusal: Option<String>,
    #[serde(default = "default_true")]
    check_preferences: bool,
    host_count: Option<usize>,
}

fn default_true() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPublishedHost {
    host: String,
    preference: Option<u16>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeprecatedHost {
    host: String,
    provider: String,
    reason: String,
    instead: String,
    #[serde(default)]
    sources: Vec<Source<DeprecatedFact>>,
}

/// Compile one provider, pushing every problem found; the result is only used when there are
/// none.
fn compile_provider(raw: RawProvider, problems: &mut Vec<String>) -> Provider {
    if !is_kebab(&raw.id) {
        problems.push(format!("id `{}` is not kebab-case (a-z, 0-9, -)", raw.id));
    }
    if !is_kebab(&raw.operator) {
        problems.push(format!(
            "operator `{}` is not kebab-case (a-z, 0-9, -)",
            raw.operator
        ));
    }
    if raw.name.trim().is_empty() {
        problems.push("name is empty".to_string());
    }
    if raw.hosts.is_empty() {
        problems.push("hosts is empty: the entry would match nothing".to_string());
    }
    let hosts: Vec<Regex> = raw
        .hosts
        .iter()
        .filter_map(|pattern| compile_host_pattern(pattern, problems))
        .collect();
    if raw
        .backup_advice
        .as_deref()
        .is_some_and(|a| a.trim().is_empty())
    {
        problems.push("backup_advice is empty; leave it out instead".to_string());
    }
    for include in &raw.spf_includes {
        if !is_spf_domain(include) {
            problems.push(format!(
                "spf_includes entry `{include}` is not a lower-case domain without `include:` or a trailing dot"
            ));
        }
    }
    if !raw.outbound_spf.is_empty() && raw.kind != Kind::Gateway {
        problems.push("outbound_spf is for kind = \"gateway\" entries".to_string());
    }
    for term in &raw.outbound_spf {
        let domain = term
            .strip_prefix("a:")
            .or_else(|| term.strip_prefix("include:"));
        if !domain.is_some_and(is_spf_domain) {
            problems.push(format!(
                "outbound_spf entry `{term}` is not `a:` or `include:` and a lower-case domain without a trailing dot"
            ));
        }
    }
    if let Some(group) = &raw.migration_group
        && !is_kebab(group)
    {
        problems.push(format!("migration_group `{group}` is not kebab-case"));
    }

    // When a pattern failed, every published host would also "not match": say it once.
    let patterns = (hosts.len() == raw.hosts.len()).then_some(hosts.as_slice());
    let published = raw
        .published
        .map(|published| compile_published(published, patterns, problems));

    // Which facts the entry sets; each must be backed by a source, and a source must not claim
    // a fact the entry does not set (that is usually a typo in one of the two).
    let mut set = vec![Fact::Kind, Fact::Hosts];
    if raw.third_party_backup != BackupPolicy::Unknown {
        set.push(Fact::ThirdPartyBackup);
    }
    if raw.backup_advice.is_some() {
        set.push(Fact::BackupAdvice);
    }
    if !raw.spf_includes.is_empty() {
        set.push(Fact::SpfIncludes);
    }
    if raw.tenant_label != TenantLabel::Unrelated {
        set.push(Fact::TenantLabel);
    }
    if raw.migration_group.is_some() {
        set.push(Fact::MigrationGroup);
    }
    if published.is_some() {
        set.push(Fact::Published);
    }
    if raw.dedicated_subdomain {
        set.push(Fact::DedicatedSubdomain);
        if raw.kind != Kind::Inbound {
            problems.push("dedicated_subdomain is for kind = \"inbound\" entries".to_string());
        }
    }
    if !raw.outbound_spf.is_empty() {
        set.push(Fact::OutboundSpf);
    }
    let requires_name_servers: Vec<Regex> = raw
        .requires_name_servers
        .iter()
        .filter_map(|pattern| compile_host_pattern(pattern, problems))
        .collect();
    if !raw.requires_name_servers.is_empty() {
        set.push(Fact::RequiresNameServers);
    }
    check_sources(&raw.sources, &set, fact_name, problems);

    Provider {
        id: raw.id,
        name: raw.name,
        operator: raw.operator,
        kind: raw.kind,
        hosts,
        third_party_backup: raw.third_party_backup,
        backup_advice: raw.backup_advice,
        spf_includes: raw.spf_includes,
        tenant_label: raw.tenant_label,
        migration_group: raw.migration_group,
        published,
        dedicated_subdomain: raw.dedicated_subdomain,
        outbound_spf: raw.outbound_spf,
        requires_name_servers,
        sources: raw.sources,
    }
}

/// `patterns` are the provider's host patterns, None when some failed to compile.
fn compile_published(
    raw: RawPublished,
    patterns: Option<&[Regex]>,
    problems: &mut Vec<String>,
) -> Published {
    let mut own_host = |text: &str, field: &str| -> Option<Name> {
        let name = published_name(text, field, problems)?;
        if patterns.is_some_and(|patterns| !patterns.iter().any(|p| p.is_match(name.as_str()))) {
            problems.push(format!(
                "published {field} `{text}` does not match the provider's own hosts"
            ));
        }
        Some(name)
    };
    let hosts: Vec<PublishedHost> = raw
        .hosts
        .iter()
        .filter_map(|h| {
            own_host(&h.host, "host").map(|host| PublishedHost {
                host,
                preference: h.preference,
            })
        })
        .collect();
    let most_preferred = raw
        .most_preferred
        .as_deref()
        .and_then(|h| own_host(h, "most_preferred"));
    let required: Vec<Name> = raw
        .required
        .iter()
        .filter_map(|h| own_host(h, "required host"))
        .collect();

    if !hosts.is_empty() {
        // With a literal set, the other fields must point into it.
        for name in most_preferred.iter().chain(&required) {
            if !hosts.iter().any(|h| h.host == *name) {
                problems.push(format!("published host `{name}` is not in published.hosts"));
            }
        }
        if raw.check_preferences && hosts.iter().any(|h| h.preference.is_none()) {
            problems.push(
                "published hosts without a preference need check_preferences = false".to_string(),
            );
        }
    }
    if raw.host_count == Some(0) {
        problems.push("published.host_count is 0".to_string());
    }
    if raw.refusal.is_some() && required.is_empty() {
        problems.push("published.refusal needs published.required".to_string());
    }
    if hosts.is_empty()
        && most_preferred.is_none()
        && required.is_empty()
        && raw.host_count.is_none()
    {
        problems.push("published says nothing; leave it out instead".to_string());
    }
    Published {
        hosts,
        most_preferred,
        required,
        refusal: raw.refusal.clone(),
        check_preferences: raw.check_preferences,
        host_count: raw.host_count,
    }
}

/// A published host as written: lower case and absolute, like the names patterns see.
fn published_name(text: &str, field: &str, problems: &mut Vec<String>) -> Option<Name> {
    if !text.ends_with('.') || text.chars().any(|c| c.is_ascii_uppercase()) {
        problems.push(format!(
            "published {field} `{text}` must be lower case and end with a dot"
        ));
        return None;
    }
    match Name::from_ascii(text) {
        Ok(name) => Some(name),
        Err(error) => {
            problems.push(format!("published {field} `{text}` is not a name: {error}"));
            None
        }
    }
}

fn compile_deprecated(
    raw: RawDeprecatedHost,
    problems: &mut Vec<String>,
) -> Option<DeprecatedHost> {
    let host = compile_host_pattern(&raw.host, problems);
    if raw.reason.trim().is_empty() {
        problems.push("reason is empty".to_string());
    }
    if raw.instead.trim().is_empty() {
        problems.push("instead is empty".to_string());
    }
    let set = [
        DeprecatedFact::Host,
        DeprecatedFact::Reason,
        DeprecatedFact::Instead,
    ];
    check_sources(&raw.sources, &set, deprecated_fact_name, problems);
    Some(DeprecatedHost {
        host: host?,
        provider: raw.provider,
        reason: raw.reason,
        instead: raw.instead,
        sources: raw.sources,
    })
}

/// A host pattern must be anchored on both ends (a pattern that matches inside a name would
/// match `outlook.com.evil.example.`), end with the root dot, and be written in lower case
/// because names are lower-cased before matching.
fn compile_host_pattern(pattern: &str, problems: &mut Vec<String>) -> Option<Regex> {
    let mut ok = true;
    if !pattern.starts_with('^') || !pattern.ends_with(r"\.$") {
        problems.push(format!(
            "host pattern `{pattern}` must start with ^ and end with \\.$ (absolute names)"
        ));
        ok = false;
    }
    if has_unescaped_uppercase(pattern) {
        problems.push(format!(
            "host pattern `{pattern}` has upper-case letters; names are matched in lower case"
        ));
        ok = false;
    }
    match Regex::new(pattern) {
        Ok(regex) if ok => Some(regex),
        Ok(_) => None,
        Err(error) => {
            problems.push(format!(
                "host pattern `{pattern}` does not compile: {error}"
            ));
            None
        }
    }
}

/// Upper-case letters outside escapes (`\S`, `\D` and the like are classes, not letters).
fn has_unescaped_uppercase(pattern: &str) -> bool {
    let mut escaped = false;
    for c in pattern.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c.is_ascii_uppercase() {
            return true;
        }
    }
    false
}

fn check_sources<F: Copy + PartialEq>(
    sources: &[Source<F>],
    set: &[F],
    name: fn(F) -> &'static str,
    problems: &mut Vec<String>,
) {
    if sources.is_empty() {
        problems.push("has no source; every fact needs one".to_string());
        return;
    }
    for (index, source) in sources.iter().enumerate() {
        let which = format!("source #{}", index + 1);
        if !is_source_url(&source.url) {
            problems.push(format!(
                "{which}: url `{}` is neither an https URL nor owner/repo:path",
                source.url
            ));
        }
        if source.facts.is_empty() {
            problems.push(format!("{which}: facts is empty"));
        }
        for &fact in &source.facts {
            if !set.contains(&fact) {
                problems.push(format!(
                    "{which} backs `{}`, which the entry does not set",
                    name(fact)
                ));
            }
        }
    }
    for &fact in set {
        if !sources.iter().any(|s| s.facts.contains(&fact)) {
            problems.push(format!("no source backs `{}`", name(fact)));
        }
    }
}

fn fact_name(fact: Fact) -> &'static str {
    match fact {
        Fact::Kind => "kind",
        Fact::Hosts => "hosts",
        Fact::ThirdPartyBackup => "third_party_backup",
        Fact::BackupAdvice => "backup_advice",
        Fact::SpfIncludes => "spf_includes",
        Fact::TenantLabel => "tenant_label",
        Fact::MigrationGroup => "migration_group",
        Fact::Published => "published",
        Fact::DedicatedSubdomain => "dedicated_subdomain",
        Fact::OutboundSpf => "outbound_spf",
        Fact::RequiresNameServers => "requires_name_servers",
    }
}

fn deprecated_fact_name(fact: DeprecatedFact) -> &'static str {
    match fact {
        DeprecatedFact::Host => "host",
        DeprecatedFact::Reason => "reason",
        DeprecatedFact::Instead => "instead",
    }
}

fn is_kebab(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_spf_domain(text: &str) -> bool {
    !text.is_empty()
        && !text.ends_with('.')
        && !text.starts_with("include:")
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

/// `https://...`, or `owner/repo:path` as the research notes cite repository files.
fn is_source_url(url: &str) -> bool {
    if let Some(rest) = url.strip_prefix("https://") {
        return rest.contains('.') && !rest.contains(char::is_whitespace);
    }
    let Some((repo, path)) = url.split_once(':') else {
        return false;
    };
    let Some((owner, name)) = repo.split_once('/') else {
        return false;
    };
    !owner.is_empty()
        && !name.is_empty()
        && !name.contains('/')
        && !path.is_empty()
        && !url.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Name {
        Name::from_ascii(text).unwrap()
    }

    fn id_for(host: &str) -> Option<&'static str> {
        Catalog::builtin()
            .provider_for(&name(host))
            .map(|p| p.id.as_str())
    }

    /// Real-looking hosts from mx-providers.md and the sources, with the entry each belongs to.
    const CLASSIFIED: &[(&str, &str)] = &[
        ("contoso-com.mail.protection.outlook.com.", "microsoft-365"),
        ("CONTOSO-COM.Mail.Protection.Outlook.Com.", "microsoft-365"),
        ("ibm-com01b.mail.protection.outlook.com.", "microsoft-365"),
        (
            "testnotifier-co-uk.mail.protection.outlook.com.",
            "microsoft-365",
        ),
        ("contoso-com.j-v1.mx.microsoft.", "microsoft-365-dnssec"),
        ("x-dk.l-v1.mx.microsoft.", "microsoft-365-dnssec"),
        (
            "contoso.mail.protection.office365.us.",
            "microsoft-365-gcc-high",
        ),
        (
            "contoso-cn.mail.protection.partner.outlook.cn.",
            "microsoft-365-21vianet",
        ),
        (
            "contoso-de.mail.protection.outlook.de.",
            "microsoft-365-germany",
        ),
        ("141223073.pamx1.hotmail.com.", "outlook-com-personal"),
        ("ms94010085.msv1.invalid.", "microsoft-verification"),
        (
            "4bf2b18cc0b54a8335eaf73810007e.msv1.invalid.",
            "microsoft-verification",
        ),
        ("smtp.google.com.", "google-workspace"),
        ("aspmx.l.google.com.", "google-workspace-legacy"),
        ("alt4.aspmx.l.google.com.", "google-workspace-legacy"),
        ("aspmx3.googlemail.com.", "google-workspace-legacy"),
        (
            "qopfxxhethpfg6oj5ubrjxup5aayjzhcjd2tu2ejl4myv2xfsl7q.mx-verification.google.com.",
            "google-verification",
        ),
        (
            "3ASYTB3B63JFHXL6YIJYTJTCGXUFTK5ORFPPFPUIAENYEYXRATWA.MX-VERIFICATION.GOOGLE.COM.",
            "google-verification",
        ),
        ("mx.zoho.com.", "zoho-com"),
        ("mx3.zoho.com.", "zoho-com"),
        ("mx.zohomail.com.", "zoho-zohomail"),
        ("mx3.zohomail.com.", "zoho-zohomail"),
        ("mx1.smtp.goog.", "google-workspace-smtp-goog"),
        ("mx4.smtp.goog.", "google-workspace-smtp-goog"),
        ("mx.zoho.eu.", "zoho-eu"),
        ("mx2.zoho.in.", "zoho-in"),
        ("mx.zoho.com.au.", "zoho-com-au"),
        ("mx3.zoho.jp.", "zoho-jp"),
        ("in1-smtp.messagingengine.com.", "fastmail"),
        ("mailsec.protonmail.ch.", "proton"),
        ("mx02.mail.icloud.com.", "icloud"),
        ("smtp.secureserver.net.", "godaddy"),
        ("mailstore1.secureserver.net.", "godaddy"),
        ("mx0.mail.ovh.net.", "ovh"),
        ("mx4.mail.ovh.ca.", "ovh-ca"),
        ("mx1.emailsrvr.com.", "rackspace-email"),
        ("MX2.EmailSrvr.com.", "rackspace-email"),
        ("mx.yandex.net.", "yandex-360"),
        ("mx.yandex.ru.", "yandex-360"),
        ("mx1.privateemail.com.", "namecheap-private-email"),
        ("mx2.privateemail.com.", "namecheap-private-email"),
        ("mx1.titan.email.", "titan-mail"),
        ("mx2.titan.email.", "titan-mail"),
        ("mx1.hostinger.com.", "hostinger-email"),
        ("mx2.hostinger.com.", "hostinger-email"),
        ("aspmx1.migadu.com.", "migadu"),
        ("aspmx2.migadu.com.", "migadu"),
        ("mailserver.purelymail.com.", "purelymail"),
        ("mxext1.mailbox.org.", "mailbox-org"),
        ("mxext3.mailbox.org.", "mailbox-org"),
        ("route2.mx.cloudflare.net.", "cloudflare-email-routing"),
        (
            "linda.mx.cloudflare.net.",
            "cloudflare-email-routing-amir-linda-isaac",
        ),
        ("mx1.improvmx.com.", "improvmx"),
        ("mx2.forwardemail.net.", "forward-email"),
        (
            "inbound-smtp.us-west-2.amazonaws.com.",
            "amazon-ses-inbound",
        ),
        // Amazon WorkMail publishes the same receiving endpoint.
        (
            "inbound-smtp.eu-west-1.amazonaws.com.",
            "amazon-ses-inbound",
        ),
        (
            "feedback-smtp.eu-west-2.amazonses.com.",
            "amazon-ses-mail-from",
        ),
        ("inbound.postmarkapp.com.", "postmark-inbound"),
        ("mx.sendgrid.net.", "sendgrid-inbound-parse"),
        ("mxb.mailgun.org.", "mailgun"),
        ("mx.hubapi.com.", "hubspot"),
        ("smtp.siftrock.com.", "siftrock"),
        ("us-smtp-inbound-1.mimecast.com.", "mimecast"),
        ("usb-smtp-inbound-2.mimecast.com.", "mimecast"),
        ("mx0a-001b2d01.pphosted.com.", "proofpoint"),
        ("mxa-00123456.gslb.pphosted.com.", "proofpoint"),
        ("mx1-us1.ppe-hosted.com.", "proofpoint-essentials"),
        ("mx2-eu1.ppe-hosted.com.", "proofpoint-essentials"),
        ("d78608a.ess.barracudanetworks.com.", "barracuda"),
        ("d123456b.ess.de.barracudanetworks.com.", "barracuda"),
        ("mx1.hc5030-60.iphmx.com.", "cisco-secure-email"),
        ("oxforduni.in.tmes.trendmicro.eu.", "trend-micro"),
        ("nayapay.in.tmes.trendmicro.com.", "trend-micro"),
        ("mx-01-us-west-2.prod.hydra.sophos.com.", "sophos"),
        ("mx01.hornetsecurity.com.", "hornetsecurity"),
        ("cloud12.spamtitan.com.", "spamtitan"),
        ("cust-in.mailcontrol.com.", "forcepoint"),
        (
            "cluster14.us.messagelabs.com.",
            "symantec-email-security-cloud",
        ),
        (
            "cluster14a.us.messagelabs.com.",
            "symantec-email-security-cloud",
        ),
        ("mailstream-eu1.mxrecord.io.", "cloudflare-email-security"),
        (
            "mailstream-central.mxrecord.mx.",
            "cloudflare-email-security",
        ),
    ];

    /// Hosts that look like a provider's but are not: suffix tricks, prefixes, wrong region,
    /// retired names, and hosts from the motivating story.
    const UNCLASSIFIED: &[&str] = &[
        "mail.protection.outlook.com.evil.example.",
        "contoso-com.mail.protection.outlook.com.evil.example.",
        "notoutlook.com.",
        "mx5.smtp.goog.",
        "mx.zohomail.com.evil.example.",
        "evil-outlook.com.",
        "mail.protection.outlook.com.",
        "a.b.mail.protection.outlook.com.",
        "contoso-com.mail.protection.outlook.co.",
        "mx.microsoft.",
        "smtp.google.com.evil.example.",
        "xsmtp.google.com.",
        "alt5.aspmx.l.google.com.",
        "aspmx.l.google.com.evil.example.",
        "mx-verification.google.com.",
        "a.b.mx-verification.google.com.",
        "x3hzrrc76ur7ql23dtzahto3xlxu2tyrgsgosvkpxf5cry4yhffq.mx-verification.google.com.evil.example.",
        "x3hzrrc76ur7ql23.mx-verification.google.co.",
        "mx4.zoho.com.",
        "mx.zoho.com.evil.example.",
        "mx.zoho.de.",
        "mx1.emailsrvr.com.evil.example.",
        "mx3.emailsrvr.com.",
        "secure.emailsrvr.com.",
        "mx1.emailsrvr.co.",
        "mx.yandex.net.evil.example.",
        "mx.yandex.com.",
        "mx2.yandex.net.",
        "xmx.yandex.ru.",
        "mx1.privateemail.com.evil.example.",
        "mail.privateemail.com.",
        "mx1.titan.email.evil.example.",
        "smtp.titan.email.",
        "mx1.hostinger.com.br.",
        "mx1.hostinger.com.evil.example.",
        "aspmx1.migadu.com.evil.example.",
        "aspmx3.migadu.com.",
        "smtp.migadu.com.",
        "purelymail.com.",
        "mailserver.purelymail.com.evil.example.",
        "mxext1.mailbox.org.evil.example.",
        "mxext.mailbox.org.",
        "mailbox.org.",
        "route4.mx.cloudflare.net.",
        "evil.mx.cloudflare.net.",
        "mimecast.com.",
        "evilmimecast.com.",
        "pphosted.com.evil.example.",
        "ppe-hosted.com.",
        "mx1-us1.ppe-hosted.com.evil.example.",
        "api-cloudstation-us-east-2.prod.hydra.sophos.com.",
        "ibmr.btconnect.com.",
        "mail.example.com.",
        "mail.eo.outlook.com.",
        "smtp.office365.com.",
        "inbound-smtp.amazonaws.com.",
    ];

    #[test]
    fn builtin_catalog_loads_without_errors() {
        // Loading again (rather than through the static) shows every problem as a message.
        let mut catalog = Catalog::default();
        if let Err(error) = catalog.extend_from_toml(BUILTIN_TOML) {
            panic!("{error}");
        }
        assert!(catalog.providers().len() >= 40);
        assert!(catalog.deprecated_hosts().len() >= 8);
        assert_eq!(
            catalog.providers().len(),
            Catalog::builtin().providers().len()
        );
    }

    #[test]
    fn every_entry_has_sources_with_url_and_confidence() {
        let catalog = Catalog::builtin();
        for provider in catalog.providers() {
            assert!(
                !provider.sources.is_empty(),
                "{} has no source",
                provider.id
            );
            for source in &provider.sources {
                assert!(
                    is_source_url(&source.url),
                    "{}: {}",
                    provider.id,
                    source.url
                );
                assert!(!source.facts.is_empty(), "{}: empty facts", provider.id);
            }
        }
        for host in catalog.deprecated_hosts() {
            assert!(!host.sources.is_empty(), "{} has no source", host.host);
            for source in &host.sources {
                assert!(is_source_url(&source.url), "{}: {}", host.host, source.url);
            }
        }
    }

    #[test]
    fn every_fact_an_entry_sets_is_backed_by_a_source() {
        for p in Catalog::builtin().providers() {
            let backed = |fact| p.confidence(fact).is_some();
            assert!(backed(Fact::Kind) && backed(Fact::Hosts), "{}", p.id);
            assert_eq!(
                backed(Fact::ThirdPartyBackup),
                p.third_party_backup != BackupPolicy::Unknown,
                "{}",
                p.id
            );
            assert_eq!(
                backed(Fact::BackupAdvice),
                p.backup_advice.is_some(),
                "{}",
                p.id
            );
            assert_eq!(
                backed(Fact::DedicatedSubdomain),
                p.dedicated_subdomain,
                "{}",
                p.id
            );
            assert_eq!(
                backed(Fact::SpfIncludes),
                !p.spf_includes.is_empty(),
                "{}",
                p.id
            );
            assert_eq!(
                backed(Fact::TenantLabel),
                p.tenant_label != TenantLabel::Unrelated,
                "{}",
                p.id
            );
            assert_eq!(
                backed(Fact::MigrationGroup),
                p.migration_group.is_some(),
                "{}",
                p.id
            );
            assert_eq!(backed(Fact::Published), p.published.is_some(), "{}", p.id);
        }
        for d in Catalog::builtin().deprecated_hosts() {
            for fact in [
                DeprecatedFact::Host,
                DeprecatedFact::Reason,
                DeprecatedFact::Instead,
            ] {
                assert!(
                    d.sources.iter().any(|s| s.facts.contains(&fact)),
                    "{}: {fact:?}",
                    d.host
                );
            }
        }
    }

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for provider in Catalog::builtin().providers() {
            assert!(is_kebab(&provider.id), "{}", provider.id);
            assert!(
                seen.insert(provider.id.as_str()),
                "duplicate {}",
                provider.id
            );
        }
    }

    #[test]
    fn patterns_are_anchored_and_lower_case() {
        let catalog = Catalog::builtin();
        let patterns = catalog
            .providers()
            .iter()
            .flat_map(|p| p.hosts.iter())
            .chain(catalog.deprecated_hosts().iter().map(|d| &d.host));
        for pattern in patterns {
            let text = pattern.as_str();
            assert!(text.starts_with('^') && text.ends_with(r"\.$"), "{text}");
            assert!(!has_unescaped_uppercase(text), "{text}");
        }
    }

    #[test]
    fn real_hosts_classify_to_their_provider() {
        for (host, id) in CLASSIFIED {
            assert_eq!(id_for(host), Some(*id), "{host}");
        }
    }

    #[test]
    fn lookalike_and_unknown_hosts_classify_to_none() {
        for host in UNCLASSIFIED {
            assert_eq!(id_for(host), None, "{host}");
        }
    }

    #[test]
    fn no_host_is_claimed_by_two_providers() {
        let catalog = Catalog::builtin();
        let published = catalog
            .providers()
            .iter()
            .flat_map(published_hosts)
            .map(|n| n.as_str().to_string());
        let samples = CLASSIFIED
            .iter()
            .map(|(h, _)| h.to_string())
            .chain(published);
        for host in samples {
            let host = name(&host);
            let claims: Vec<&str> = catalog
                .providers()
                .iter()
                .filter(|p| p.matches(&host))
                .map(|p| p.id.as_str())
                .collect();
            assert_eq!(claims.len(), 1, "{host}: {claims:?}");
        }
    }

    #[test]
    fn deprecated_hosts_are_recognised_and_not_providers() {
        let catalog = Catalog::builtin();
        let cases = [
            ("mail.eo.outlook.com.", "microsoft-365"),
            ("MAIL.MESSAGING.MICROSOFT.COM.", "microsoft-365"),
            ("mail.global.frontbridge.com.", "microsoft-365"),
            ("mail.global.bigfish.com.", "microsoft-365"),
            ("mail.outlook.com.", "microsoft-365"),
            ("smtp.office365.com.", "microsoft-365"),
            ("outlook.office365.com.", "microsoft-365"),
            ("smtp-mail.outlook.com.", "outlook-com-personal"),
            ("example.com.mail.protection.outlook.com.", "microsoft-365"),
            (
                "example-co.uk.mail.protection.outlook.com.",
                "microsoft-365",
            ),
        ];
        for (host, provider) in cases {
            let host = name(host);
            let entry = catalog.deprecated(&host);
            assert_eq!(entry.map(|d| d.provider.as_str()), Some(provider), "{host}");
            assert!(entry.is_some_and(|d| d.matches(&host)));
            assert!(catalog.provider_for(&host).is_none(), "{host}");
        }
        for host in [
            "contoso-com.mail.protection.outlook.com.",
            "mail.eo.outlook.com.evil.example.",
            "xsmtp.office365.com.",
        ] {
            assert!(catalog.deprecated(&name(host)).is_none(), "{host}");
        }
    }

    #[test]
    fn verification_mx_is_recognised() {
        let catalog = Catalog::builtin();
        assert!(catalog.is_verification_only(&name("ms94010085.msv1.invalid.")));
        assert!(!catalog.is_verification_only(&name("contoso-com.mail.protection.outlook.com.")));
        assert!(!catalog.is_verification_only(&name("msv1.invalid.example.")));
        let google =
            "pixz77tuhbtdgroancrvzrrbybiububeeughsp2cmijk7bldu4xa.mx-verification.google.com.";
        assert!(catalog.is_verification_only(&name(google)));
        assert!(!catalog.is_verification_only(&name("smtp.google.com.")));
    }

    #[test]
    fn operators_decide_who_is_a_third_party() {
        let catalog = Catalog::builtin();
        let same = |a: &str, b: &str| catalog.same_operator(&name(a), &name(b));
        let tenant = "contoso-com.mail.protection.outlook.com.";
        assert!(same(tenant, "ms94010085.msv1.invalid."));
        assert!(same(tenant, "contoso-com.j-v1.mx.microsoft."));
        assert!(
            same(tenant, "mail.eo.outlook.com."),
            "deprecated hosts keep their operator"
        );
        assert!(!same(tenant, "ibmr.btconnect.com."));
        assert!(!same(tenant, "us-smtp-inbound-1.mimecast.com."));
        assert!(same("smtp.google.com.", "alt1.aspmx.l.google.com."));
        let google_verification =
            "fem2pule6spinj2gicz3vridom2nmedct2m5umbddh57k6wpqnlq.mx-verification.google.com.";
        assert!(same("smtp.google.com.", google_verification));
        assert!(same("aspmx.l.google.com.", google_verification));
        assert!(!same(tenant, google_verification));
        assert!(same("route1.mx.cloudflare.net.", "amir.mx.cloudflare.net."));
        assert!(
            !same("mail.example.com.", "mail.example.com."),
            "unknown is not shared"
        );
        assert_eq!(catalog.operator_of(&name("ibmr.btconnect.com.")), None);
    }

    #[test]
    fn microsoft_migration_group_pairs_only_the_commercial_names() {
        let catalog = Catalog::builtin();
        let m365 = catalog.provider("microsoft-365").unwrap();
        let dnssec = catalog.provider("microsoft-365-dnssec").unwrap();
        let gcc = catalog.provider("microsoft-365-gcc-high").unwrap();
        assert!(m365.shares_migration_group(dnssec));
        assert!(!m365.shares_migration_group(gcc));
        assert!(!gcc.shares_migration_group(gcc), "no group, nothing shared");
    }

    #[test]
    fn backup_policy_follows_the_sources() {
        let catalog = Catalog::builtin();
        let policy = |id: &str| catalog.provider(id).unwrap().third_party_backup;
        for id in [
            "microsoft-365",
            "microsoft-365-dnssec",
            "microsoft-365-gcc-high",
            "microsoft-365-21vianet",
            "cloudflare-email-routing",
            "rackspace-email",
            "yandex-360",
        ] {
            assert_eq!(policy(id), BackupPolicy::Unsupported, "{id}");
            assert!(
                catalog.provider(id).unwrap().backup_advice.is_some(),
                "{id}"
            );
        }
        assert_eq!(policy("fastmail"), BackupPolicy::Unknown);
        let m365 = catalog.provider("microsoft-365").unwrap();
        assert_eq!(
            m365.confidence(Fact::ThirdPartyBackup),
            Some(Confidence::Confirmed)
        );
        let zoho_eu = catalog.provider("zoho-eu").unwrap();
        assert_eq!(
            zoho_eu.confidence(Fact::ThirdPartyBackup),
            Some(Confidence::Unconfirmed)
        );
        assert_eq!(
            catalog
                .provider("fastmail")
                .unwrap()
                .confidence(Fact::ThirdPartyBackup),
            None
        );
    }

    #[test]
    fn spf_includes_are_per_region() {
        let catalog = Catalog::builtin();
        let zoho_eu = catalog.provider_for(&name("mx.zoho.eu.")).unwrap();
        let zoho_com = catalog.provider_for(&name("mx.zoho.com.")).unwrap();
        assert!(zoho_eu.authorised_by_spf_include("zoho.eu"));
        assert!(zoho_eu.authorised_by_spf_include("ZohoMail.EU."));
        assert!(!zoho_eu.authorised_by_spf_include("zoho.com"));
        assert!(!zoho_com.authorised_by_spf_include("zoho.eu"));
        let m365 = catalog.provider("microsoft-365").unwrap();
        assert_eq!(m365.spf_includes[0], "spf.protection.outlook.com");
        let mimecast = catalog.provider("mimecast").unwrap();
        assert!(
            mimecast.spf_includes.is_empty(),
            "gateways imply no include"
        );
        let yandex = catalog.provider_for(&name("mx.yandex.net.")).unwrap();
        assert!(yandex.authorised_by_spf_include("_spf.yandex.net"));
        let hostinger = catalog.provider("hostinger-email").unwrap();
        assert_eq!(hostinger.spf_includes, ["_spf.mail.hostinger.com"]);
        let titan = catalog.provider("titan-mail").unwrap();
        assert!(titan.spf_includes.is_empty(), "no Titan source for it");
        // The catalog-wide test agrees with asking every provider.
        for domain in [
            "zoho.eu",
            "ZohoMail.EU.",
            "spf.protection.outlook.com",
            "_spf.yandex.net.",
            "example.com",
            "outlook.com",
            "",
        ] {
            let any = catalog
                .providers()
                .iter()
                .any(|p| p.authorised_by_spf_include(domain));
            assert_eq!(catalog.is_provider_spf_include(domain), any, "{domain}");
        }
        assert!(catalog.is_provider_spf_include("ZohoMail.EU."));
        assert!(!catalog.is_provider_spf_include("example.com"));
    }

    #[test]
    fn published_sets_say_what_mx009_checks() {
        let catalog = Catalog::builtin();
        let published = |id: &str| catalog.provider(id).unwrap().published.as_ref().unwrap();
        let google = published("google-workspace-legacy");
        assert_eq!(google.most_preferred, Some(name("aspmx.l.google.com.")));
        assert_eq!(google.hosts.len(), 5);
        assert_eq!(google.hosts[0].preference, Some(1));
        let zoho = published("zoho-eu");
        assert_eq!(zoho.required, vec![name("mx.zoho.eu.")]);
        let cloudflare = published("cloudflare-email-routing");
        assert!(!cloudflare.check_preferences);
        assert_eq!(cloudflare.required.len(), 3);
        assert_eq!(published("microsoft-365").host_count, Some(1));
        assert!(published("proton").check_preferences);
        let rackspace = published("rackspace-email");
        assert_eq!(rackspace.most_preferred, Some(name("mx1.emailsrvr.com.")));
        assert_eq!(rackspace.required.len(), 2);
        let namecheap = published("namecheap-private-email");
        assert!(namecheap.hosts.iter().all(|h| h.preference == Some(10)));
        assert!(
            catalog
                .provider("hostinger-email")
                .unwrap()
                .published
                .is_none()
        );
    }

    #[test]
    fn tenant_label_is_the_first_label_where_it_means_something() {
        let catalog = Catalog::builtin();
        let m365 = catalog.provider("microsoft-365").unwrap();
        let host = name("contoso-com.mail.protection.outlook.com.");
        assert_eq!(m365.tenant_label(&host), Some("contoso-com"));
        assert_eq!(m365.tenant_label(&name("mx.zoho.com.")), None);
        let gcc = catalog.provider("microsoft-365-gcc-high").unwrap();
        assert_eq!(gcc.tenant_label, TenantLabel::Tenant);
        let google = catalog.provider("google-workspace").unwrap();
        assert_eq!(google.tenant_label(&name("smtp.google.com.")), None);
    }

    const EXTRA_SOURCE: &str = r#"[[provider.sources]]
facts = ["kind", "hosts", "third_party_backup", "spf_includes", "published"]
url = "https://example-isp.net/help/mx"
confidence = "confirmed"
"#;

    const EXTRA: &str = r#"
[[provider]]
id = "example-isp"
name = "Example ISP relay"
operator = "example-isp"
kind = "mailbox"
hosts = ['^relay[0-9]*\.example-isp\.net\.$']
third_party_backup = "supported"
spf_includes = ["spf.example-isp.net"]

[provider.published]
hosts = [{ host = "relay1.example-isp.net.", preference = 10 }]

[[provider.sources]]
facts = ["kind", "hosts", "third_party_backup", "spf_includes", "published"]
url = "https://example-isp.net/help/mx"
confidence = "confirmed"

[[deprecated_host]]
host = '^mail\.example-isp\.net\.$'
provider = "example-isp"
reason = "retired in 2020"
instead = "relay1.example-isp.net"

[[deprecated_host.sources]]
facts = ["host", "reason", "instead"]
url = "example/isp-docs:mx.md"
confidence = "observed"
"#;

    #[test]
    fn extend_from_toml_adds_providers_and_deprecated_hosts() {
        let mut catalog = Catalog::builtin().clone();
        let before = catalog.providers().len();
        catalog.extend_from_toml(EXTRA).unwrap();
        assert_eq!(catalog.providers().len(), before + 1);
        let relay = name("relay7.example-isp.net.");
        assert_eq!(catalog.provider_for(&relay).unwrap().id, "example-isp");
        assert_eq!(
            catalog.provider_for(&relay).unwrap().third_party_backup,
            BackupPolicy::Supported
        );
        let old = name("mail.example-isp.net.");
        assert_eq!(catalog.deprecated(&old).unwrap().provider, "example-isp");
        // Built-in lookups are unaffected.
        let tenant = name("contoso-com.mail.protection.outlook.com.");
        assert_eq!(catalog.provider_for(&tenant).unwrap().id, "microsoft-365");
    }

    /// Extend a copy of the built-in catalog with `text`; the error as one string.
    fn extend_error(text: &str) -> String {
        let mut catalog = Catalog::builtin().clone();
        let before = catalog.providers().len();
        let error = catalog.extend_from_toml(text).unwrap_err();
        assert_eq!(
            catalog.providers().len(),
            before,
            "nothing is added on error"
        );
        error.to_string()
    }

    fn broken(from: &str, to: &str) -> String {
        assert!(EXTRA.contains(from), "{from}");
        extend_error(&EXTRA.replacen(from, to, 1))
    }

    #[test]
    fn senders_are_validated_and_added() {
        let sender = |id: &str, selector: &str, facts: &str| {
            format!(
                "[[sender]]\nid = \"{id}\"\nname = \"Newsletters\"\n\
                 spf_includes = [\"spf.newsletters.example\"]\nenvelope = \"bounce.newsletters.example\"\n\
                 dkim_selector = '{selector}'\nsetup = \"nl1._domainkey\"\n\
                 [[sender.sources]]\nfacts = [{facts}]\nurl = \"https://example.com/\"\n\
                 confidence = \"confirmed\"\n"
            )
        };
        let all_facts = "\"spf_includes\", \"envelope\", \"dkim\"";
        let mut catalog = Catalog::builtin().clone();
        catalog
            .extend_from_toml(&sender("newsletters", "^nl[12]$", all_facts))
            .unwrap();
        let added = catalog.senders().last().unwrap();
        assert_eq!(added.id, "newsletters");
        assert!(added.dkim_selector.as_ref().unwrap().is_match("nl1"));
        let taken = extend_error(&sender("postmark", "^nl[12]$", all_facts));
        assert!(taken.contains("already in the catalog"), "{taken}");
        let unanchored = extend_error(&sender("newsletters", "nl[12]", all_facts));
        assert!(unanchored.contains("must start with ^"), "{unanchored}");
        let unbacked = extend_error(&sender("newsletters", "^nl[12]$", "\"dkim\""));
        assert!(unbacked.contains("spf_includes"), "{unbacked}");
    }

    #[test]
    fn own_host_is_for_cname_companions_and_needs_a_source() {
        let companion = |rtype: &str, own_host: &str, facts: &str| {
            format!(
                "[[companion]]\nprovider = \"microsoft-365\"\nname = \"autodiscover2\"\n\
                 type = \"{rtype}\"\n{}publish = \"p\"\npurpose = \"q\"\n{own_host}\n\
                 [[companion.sources]]\nfacts = [{facts}]\nurl = \"https://example.com/\"\n\
                 confidence = \"confirmed\"\n",
                if rtype == "CNAME" {
                    "target = '^autodiscover\\.outlook\\.com\\.$'\n"
                } else {
                    ""
                }
            )
        };
        let mut catalog = Catalog::builtin().clone();
        catalog
            .extend_from_toml(&companion(
                "CNAME",
                "own_host = \"hybrid\"",
                "\"name\", \"target\", \"own_host\"",
            ))
            .unwrap();
        let added = catalog
            .companions_of("microsoft-365")
            .find(|c| c.name == "autodiscover2")
            .unwrap();
        assert_eq!(added.own_host.as_deref(), Some("hybrid"));
        let unbacked = extend_error(&companion(
            "CNAME",
            "own_host = \"hybrid\"",
            "\"name\", \"target\"",
        ));
        assert!(unbacked.contains("own_host"), "{unbacked}");
        let on_txt = extend_error(&companion(
            "TXT",
            "own_host = \"hybrid\"",
            "\"name\", \"own_host\"",
        ));
        assert!(
            on_txt.contains("own_host applies to CNAME entries only"),
            "{on_txt}"
        );
        let empty = extend_error(&companion(
            "CNAME",
            "own_host = \" \"",
            "\"name\", \"target\", \"own_host\"",
        ));
        assert!(empty.contains("own_host is empty"), "{empty}");
    }

    #[test]
    fn extend_rejects_malformed_entries_naming_them() {
        let unanchored = broken(
            r"'^relay[0-9]*\.example-isp\.net\.$'",
            r"'example-isp\.net'",
        );
        assert!(
            unanchored.contains("provider `example-isp`"),
            "{unanchored}"
        );
        assert!(unanchored.contains("must start with ^"), "{unanchored}");

        let upper = broken(r"'^relay[0-9]*\.", r"'^Relay[0-9]*\.");
        assert!(upper.contains("upper-case"), "{upper}");

        let bad_regex = broken(r"[0-9]*", r"[0-9");
        assert!(bad_regex.contains("does not compile"), "{bad_regex}");

        let duplicate = broken(r#"id = "example-isp""#, r#"id = "microsoft-365""#);
        assert!(
            duplicate.contains("provider `microsoft-365`: id `microsoft-365` is already"),
            "{duplicate}"
        );

        let uncovered = broken(r#""spf_includes", "published"]"#, r#""published"]"#);
        assert!(
            uncovered.contains("no source backs `spf_includes`"),
            "{uncovered}"
        );

        let no_sources = broken(EXTRA_SOURCE, "");
        assert!(no_sources.contains("has no source"), "{no_sources}");

        let unknown_key = broken("[[provider.sources]]", "[[provider.unused]]");
        assert!(
            unknown_key.contains("unused"),
            "unknown keys are errors: {unknown_key}"
        );

        let bad_url = broken("https://example-isp.net/help/mx", "see the wiki");
        assert!(bad_url.contains("url `see the wiki`"), "{bad_url}");

        let foreign_host = broken("relay1.example-isp.net.\"", "relay1.other.net.\"");
        assert!(
            foreign_host.contains("does not match the provider's own hosts"),
            "{foreign_host}"
        );

        let unknown_provider = broken(r#"provider = "example-isp""#, r#"provider = "nobody""#);
        assert!(
            unknown_provider.contains("deprecated_host #1") && unknown_provider.contains("nobody"),
            "{unknown_provider}"
        );
    }

    #[test]
    fn extend_reports_schema_errors_with_their_position() {
        let kind = broken(r#"kind = "mailbox""#, r#"kind = "mailserver""#);
        assert!(
            kind.contains("mailserver") && kind.contains("line"),
            "{kind}"
        );
        let missing = broken("operator = \"example-isp\"\n", "");
        assert!(missing.contains("operator"), "{missing}");
        assert!(matches!(
            Catalog::default().extend_from_toml("[[provider]"),
            Err(CatalogError::Syntax { .. })
        ));
    }

    #[test]
    fn extend_rejects_a_host_another_provider_claims() {
        let text = EXTRA
            .replace(
                r"'^relay[0-9]*\.example-isp\.net\.$'",
                r"'^relay[0-9]*\.example-isp\.net\.$', '^mx\.zoho\.com\.$'",
            )
            .replace("relay1.example-isp.net.\", pref", "mx.zoho.com.\", pref");
        let error = extend_error(&text);
        assert!(
            error.contains("also claimed by provider `zoho-com`"),
            "{error}"
        );
        assert_eq!(error.matches("also claimed").count(), 1, "{error}");
    }

    #[test]
    fn source_urls_are_urls_or_repository_paths() {
        assert!(is_source_url("https://learn.microsoft.com/x"));
        assert!(is_source_url("octodns/octodns:octodns/zone/mail.py"));
        assert!(!is_source_url("http://example.com/insecure"));
        assert!(!is_source_url("mx-providers.md"));
        assert!(!is_source_url("owner:path"));
        assert!(!is_source_url(""));
    }
}
