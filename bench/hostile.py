#!/usr/bin/env python3
"""Time zonelint on zones shaped the way a hostile pull request could shape them, at N and 4N
records, and list every shape whose time grows more than `--ratio` times (linear is 4).

bench/scaling.py repeats each rule's fail fixtures; the shapes here are structures no fixture
has at scale: SPF records that include each other (a web, a chain, a star), names of sixty
labels, tens of thousands of records at one name (MX hosts, NS, SRV, SOA, TLSA, CDS, RRSIG,
HTTPS, DKIM keys and DKIM tags at one selector, DMARC records), long CNAME chains, wildcards,
DNAMEs, DMARC records with report addresses everywhere, delegations; a repository of
zones whose include fragments are all named on the command line, as pre-commit names them;
zones named by a named.conf or knot.conf (parked domains sharing one file among them);
and octoDNS repositories read through their config (records of N values, N records, anchors,
`!include`s, split zones, many zones, unknown and repeated keys, dynamic pools).
Each shape is linted with every rule (`--format json`, as the bench); `--rules` adds a
`--select CODE` run per rule for the shapes that grow too fast, to name the rule.

  python3 bench/hostile.py                     # every shape, N=10000 and 40000
  python3 bench/hostile.py --only spf-web --n 5000 --rules
  python3 bench/hostile.py --command mx        # the `zonelint mx` view instead of `check`
  python3 bench/hostile.py --n 100 --no-build  # what CI runs: it only has to work

Timing is never part of the tests; this prints what it measured.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out", "hostile")

# A zone's SOA, NS and the name server's address, for the origin that comes before it.
ZONE_HEAD = """$TTL 3600
@ SOA ns1 hostmaster 1 7200 3600 1209600 3600
@ NS ns1
ns1 A 192.0.2.1
"""
HEADER = "$ORIGIN example.com.\n" + ZONE_HEAD


DKIM_KEY = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC" + "A" * 180 + "IDAQAB"
# A key that reads as a 1024-bit RSA key: DKIM rules take it for a domain that signs mail.
SIGNING_DKIM_KEY = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC" + "A" * 171 + "IDAQAB"


def per_record(line):
    """A shape of N records, record `i` being `line(i)`."""
    return lambda n: (line(i) for i in range(n))


def per_pair(first, second):
    """A shape of N/2 pairs of records: `first(i)`, then `second(i)`."""
    return lambda n: (line(i) for i in range(n // 2) for line in (first, second))


def spf_web(n):
    # Every record includes eight others: includers of any name reach all of them.
    count = max(n // 8, 2)
    for i in range(count):
        terms = " ".join(f"include:s{(i * 7 + k + 1) % count}.example.com" for k in range(8))
        yield f's{i} TXT "v=spf1 {terms} include:amazonses.com -all"'


def spf_star(n):
    yield '_spf TXT "v=spf1 include:amazonses.com include:_spf.google.com -all"'
    for i in range(n):
        yield f'h{i} TXT "v=spf1 include:_spf.example.com mx a -all"'


def spf_redirect_web(n):
    count = max(n // 2, 2)
    for i in range(count):
        yield f's{i} TXT "v=spf1 include:s{(i * 3 + 1) % count}.example.com ?all"'
        yield f'r{i} TXT "v=spf1 redirect=s{(i * 5 + 2) % count}.example.com"'


def spf_many_terms(n):
    terms = " ".join(f"a:h{k}.example.com" for k in range(50))
    for i in range(n // 50):
        yield f'h{i} TXT "v=spf1 {terms} -all"'


# One MX set of hosts of several known providers, as a mixed-provider check compares them.
PROVIDER_HOSTS = ["{i}.mail.protection.outlook.com.", "aspmx{i}.l.google.com.",
                  "mx{i}.mailgun.org.", "in{i}-smtp.messagingengine.com.", "mx{i}.example.net."]


def dkim_cnames(n):
    for i in range(n):
        yield f"s{i}._domainkey CNAME s{(i + 1) % n}._domainkey"


def cname_to_wildcards(n):
    for i in range(n // 2):
        yield f"*.w{i} CNAME c{(i + 1) % (n // 2)}.w{(i + 1) % (n // 2)}"
        yield f"c{i} CNAME x.w{(i + 7) % (n // 2)}"


def cname_star(n):
    yield "target A 192.0.2.1"
    for i in range(n):
        yield f"c{i} CNAME target"


def mx_to_cname(n):
    yield "target CNAME other.example.net."
    for i in range(n):
        yield f"h{i} MX 10 target"


def dmarc_everywhere(n):
    for i in range(n):
        yield (f'_dmarc.h{i} TXT "v=DMARC1; p=reject; '
               f'rua=mailto:r@h{(i + 1) % n}.example.com,mailto:r@x{i}.example.net"')


def many_ns_child(n):
    for i in range(n):
        yield f"child NS ns{i}.child"
        yield f"ns{i}.child A 192.0.2.{i % 250 + 1}"


def dkim_one_tag_each(n):
    # One selector with a record per tag, each tag a different word: read as one key in pieces.
    yield 's1._domainkey TXT "p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCAAAAIDAQAB"'
    for i in range(n):
        word = "".join(chr(ord("a") + (i // 26 ** k) % 26) for k in range(6))
        yield f's1._domainkey TXT "{word}=1"'


SHAPES = {
    "spf-web": spf_web,
    "spf-chain": per_record(
        lambda i: f's{i} TXT "v=spf1 include:s{i + 1}.example.com include:amazonses.com -all"'),
    "spf-star": spf_star,
    "spf-redirect-web": spf_redirect_web,
    "deep-names": per_record(
        lambda i: f"h{i}.{'.'.join(f'l{(i + j) % 7}' for j in range(60))} A 192.0.2.{i % 250 + 1}"),
    "mx-pile": per_record(lambda i: f"@ MX {i % 65535} mx{i}.example.net."),
    "mx-shared": per_record(lambda i: f"h{i} MX 10 mx{i % 3}.example.net."),
    "mx-providers": per_record(
        lambda i: f"@ MX {i % 100} " + PROVIDER_HOSTS[i % len(PROVIDER_HOSTS)].format(i=i)),
    # One provider's one host, again and again: the repeated-host check reads it.
    "mx-one-provider": per_record(lambda i: f"@ MX {10 * (i % 2)} mail.protonmail.ch."),
    "ns-pile": per_record(lambda i: f"@ NS ns{i}.example.net."),
    "dkim-cnames": dkim_cnames,
    "cname-to-wildcards": cname_to_wildcards,
    "cname-chain": per_record(lambda i: f"c{i} CNAME c{i + 1}"),
    "cname-star": cname_star,
    "wildcards": per_pair(lambda i: f"*.w{i} A 192.0.2.1", lambda i: f"x.w{i} MX 10 y.w{i}"),
    "txt-pile": per_record(lambda i: f'@ TXT "v=spf1 include:x{i}.example.net -all"'),
    "dkim-keys": per_record(lambda i: f's{i}._domainkey TXT "v=DKIM1; k=rsa; p={DKIM_KEY}"'),
    "dmarc-everywhere": dmarc_everywhere,
    "delegations": per_pair(lambda i: f"d{i} NS ns.d{i}",
                            lambda i: f"ns.d{i} A 192.0.2.{i % 250 + 1}"),
    "srv-pile": per_record(lambda i: f"_sip._tcp SRV 10 {i % 65535} 5060 sip{i}.example.net."),
    "soa-pile": per_record(lambda i: f"@ SOA ns{i} host {i} 2 3 4 5"),
    "ttl-rrset": per_record(lambda i: f"www {i + 1} A 192.0.{i // 250 % 250}.{i % 250 + 1}"),
    "dkim-one-selector": per_record(
        lambda i: f's1._domainkey TXT "v=DKIM1; k=rsa; p={DKIM_KEY}{i}"'),
    "dkim-one-tag-each": dkim_one_tag_each,
    "dmarc-one-name": per_record(
        lambda i: f'_dmarc TXT "v=DMARC1; p=reject; rua=mailto:r{i}@x{i}.example.net"'),
    "tlsa-pile": per_record(lambda i: f"_25._tcp.mail TLSA 3 1 1 {i:064x}"),
    "ds-dnskey": per_pair(lambda i: f"@ CDS {i % 65535} 13 2 {i:064x}",
                          lambda i: f"@ CDNSKEY 257 3 13 {'A' * 80}{i}=="),
    "cname-and-data": per_pair(lambda i: f"x{i % 50} CNAME t{i}.example.net.",
                               lambda i: f"x{i % 50} A 192.0.2.1"),
    "dname-nest": per_pair(lambda i: f"d{i} DNAME t{i}.example.net.",
                           lambda i: f"a.d{i} A 192.0.2.1"),
    "many-ns-child": many_ns_child,
    "rrsig-pile": per_record(
        lambda i: f"www RRSIG A 13 3 300 20200101000000 20191201000000 {i % 65535} example.com. "
                  f"{'A' * 86}=="),
    "svcb-pile": per_record(
        lambda i: f"_https HTTPS {i % 65535 + 1} svc{i}.example.net. alpn=h2 port={i % 65535}"),
    "wildcard-deep": per_record(
        lambda i: f"*.{'.'.join(f'l{j}' for j in range(i % 40 + 1))} TXT \"x\""),
    "mx-to-cname": mx_to_cname,
    "spf-many-terms": spf_many_terms,
    # A DKIM key at each of thousands of subdomains of a domain with a DMARC record: whether
    # the domain itself signs is asked once, not once per key (DMARC005).
    "dkim-subdomain-keys": per_record(
        lambda i: '_dmarc TXT "v=DMARC1; p=none"' if i == 0
        else f's._domainkey.h{i} TXT "v=DKIM1; k=rsa; p={SIGNING_DKIM_KEY}"'),
    # Thousands of delegations to one server at a public resolver's address (ZONE056).
    "ns-at-resolver": per_record(lambda i: "res A 8.8.8.8" if i == 0 else f"d{i} NS res"),
}


def named_fragments(n, root):
    """A repository of zones that each `$INCLUDE` a fragment, about N records in all, linted
    by naming every fragment, as pre-commit names the files a change touched: each named
    fragment is linted in its zone. Returns the paths to name."""
    zones = os.path.join(root, "zones")
    os.makedirs(zones, exist_ok=True)
    named = []
    for i in range(max(n // 6, 1)):
        with open(os.path.join(zones, f"db.z{i}.example"), "w") as out:
            out.write(f"$ORIGIN z{i}.example.\n{ZONE_HEAD}$INCLUDE zones/z{i}.inc\n")
        with open(os.path.join(zones, f"z{i}.inc"), "w") as out:
            out.write("www A 192.0.2.2\nmail A 192.0.2.3\n@ MX 10 mail\n")
        named.append(f"zones/z{i}.inc")
    return named


OCTODNS_CONFIG = """---
providers:
  config:
    class: octodns.provider.yaml.YamlProvider
    directory: ./zones
{split}zones:
{zones}"""


def octodns_repository(root, zones, split=False):
    """An octoDNS repository: a config whose YAML provider reads `zones/`, and each zone of
    `zones` (name to the text of its zone file, or to a dict of split files' names and texts
    with `split`). Returns the paths to name: the repository."""
    os.makedirs(os.path.join(root, "config"), exist_ok=True)
    listed = "".join(f"  {name}.:\n    sources: [config]\n    targets: [config]\n"
                     for name in zones)
    split_line = "    split_extension: .\n" if split else ""
    with open(os.path.join(root, "config", "octodns.yaml"), "w") as out:
        out.write(OCTODNS_CONFIG.format(split=split_line, zones=listed))
    for name, content in zones.items():
        if split:
            folder = os.path.join(root, "zones", f"{name}.")
            os.makedirs(folder, exist_ok=True)
            for file_name, text in content.items():
                with open(os.path.join(folder, file_name), "w") as out:
                    out.write(text)
        else:
            os.makedirs(os.path.join(root, "zones"), exist_ok=True)
            with open(os.path.join(root, "zones", f"{name}.yaml"), "w") as out:
                out.write(content)
    return ["."]


OCTODNS_APEX = """---
'':
  - type: NS
    values: [ns1.example.net., ns2.example.net.]
"""


def octodns_zone(records):
    """An octoDNS zone file: the apex's NS records, then `records` (YAML text)."""
    return OCTODNS_APEX + "".join(records)


def octodns_values(name, record_type, value):
    """One octoDNS record at `name` of N values, value `i` being `value(i)` (YAML text)."""
    def shape(n, root):
        values = "".join(f"      - {value(i)}\n" for i in range(n))
        record = f"  - type: {record_type}\n    values:\n{values}"
        # The apex's records are one list, with its NS records.
        zone = OCTODNS_APEX + record if name == "" else octodns_zone([f"'{name}':\n" + record])
        return octodns_repository(root, {"example.com": zone})
    return shape


def octodns_per_record(record):
    """An octoDNS zone of N records, record `i` being `record(i)` (YAML text of a top-level
    key and its record)."""
    return lambda n, root: octodns_repository(
        root, {"example.com": octodns_zone(record(i) for i in range(n))})


def octodns_aliases(n, root):
    # One anchored value used N times: each use is a node of its own (the YAML node limit).
    records = [f"r0:\n  type: MX\n  values: &mx\n    - exchange: mx.example.net.\n"
               f"      preference: 10\n"]
    records += [f"r{i}:\n  type: MX\n  values: *mx\n" for i in range(1, n)]
    return octodns_repository(root, {"example.com": octodns_zone(records)})


def octodns_includes(n, root):
    # N records that each `!include` one shared file.
    zones = octodns_repository(root, {"example.com": octodns_zone(
        f"r{i}: !include shared.yaml\n" for i in range(n))})
    with open(os.path.join(root, "zones", "shared.yaml"), "w") as out:
        out.write("---\ntype: TXT\nvalue: v=spf1 include:amazonses.com -all\n")
    return zones


def octodns_split(n, root):
    # A split zone of N/2 files, one name of two records each.
    files = {"$example.com.yaml": OCTODNS_APEX}
    for i in range(max(n // 2, 1)):
        files[f"h{i}.yaml"] = (f"---\nh{i}:\n  - type: A\n    value: 192.0.2.1\n"
                               f"  - type: MX\n    value:\n      exchange: mx.example.net.\n"
                               f"      preference: 10\n")
    return octodns_repository(root, {"example.com": files}, split=True)


def octodns_zones(n, root):
    # N/10 zones of ten names besides the apex, each in the config.
    zones = {}
    for z in range(max(n // 10, 1)):
        zones[f"z{z}.example"] = octodns_zone(
            f"h{i}:\n  type: A\n  value: 192.0.2.{i + 1}\n" for i in range(10))
    return octodns_repository(root, zones)


def octodns_keys(n, root):
    # One record of N/2 keys that octoDNS does not know, and a name written N/2 times.
    unknown = "".join(f"  k{i}: {i}\n" for i in range(n // 2))
    repeated = "".join(f"dup:\n  type: A\n  value: 192.0.2.{i % 250 + 1}\n" for i in range(n // 2))
    return octodns_repository(root, {"example.com": octodns_zone(
        [f"www:\n  type: A\n  value: 192.0.2.1\n{unknown}", repeated])})


def octodns_dynamic(n, root):
    # One dynamic record of N/2 pools, each of one value and falling back to the next, the
    # last to the first (one loop through them all), and a rule for each pool, all with the
    # same geo: octoDNS walks each pool's fallbacks and compares each geo with every earlier one.
    count = n // 2
    pools = "".join(f"      p{i}:\n        fallback: p{(i + 1) % count}\n"
                    f"        values:\n          - value: 192.0.2.{i % 250 + 1}\n"
                    for i in range(count))
    rules = "".join(f"      - geos: [NA-US]\n        pool: p{i}\n" for i in range(count))
    record = (f"www:\n  dynamic:\n    pools:\n{pools}    rules:\n{rules}"
              f"  type: A\n  value: 192.0.2.1\n")
    return octodns_repository(root, {"example.com": octodns_zone([record])})


def server_config_zones(write_config):
    """A repository of N/10 zone files of nine records whose names say nothing of their zones
    (`zones/N`), each named by a zone statement of one server configuration that
    `write_config(root, zone names)` writes, as a hosting company keeps them."""
    def shape(n, root):
        os.makedirs(os.path.join(root, "zones"), exist_ok=True)
        names = [f"z{z}.example" for z in range(max(n // 10, 1))]
        for z, name in enumerate(names):
            with open(os.path.join(root, "zones", str(z)), "w") as out:
                out.write(ZONE_HEAD + "@ MX 10 mail\nmail A 192.0.2.2\n"
                          + "".join(f"h{i} A 192.0.2.{i + 3}\n" for i in range(4)))
        write_config(root, names)
        return ["."]
    return shape


def write_named_conf(root, names):
    with open(os.path.join(root, "named.conf"), "w") as out:
        for z, name in enumerate(names):
            out.write(f'zone "{name}" {{\n    type primary;\n    file "zones/{z}";\n}};\n')


def write_knot_conf(root, names):
    with open(os.path.join(root, "knot.conf"), "w") as out:
        out.write("zone:\n")
        for z, name in enumerate(names):
            out.write(f"  - domain: {name}\n    file: zones/{z}\n")


def parked_domains(n, root):
    # N/10 zone statements of one named.conf that all name one nine-record file, as parked
    # domains share a zone: the file is read once for each zone.
    os.makedirs(os.path.join(root, "zones"), exist_ok=True)
    with open(os.path.join(root, "zones", "parked"), "w") as out:
        out.write(ZONE_HEAD + "@ MX 10 mail\nmail A 192.0.2.2\n@ A 192.0.2.3\n"
                  "www CNAME @\n@ TXT \"v=spf1 mx -all\"\n_dmarc TXT \"v=DMARC1; p=none\"\n")
    with open(os.path.join(root, "named.conf"), "w") as out:
        for z in range(max(n // 10, 1)):
            out.write(f'zone "p{z}.example" {{ type primary; file "zones/parked"; }};\n')
    return ["."]


# Shapes that are a repository rather than one zone: each writes the repository into a
# folder and returns the paths to name on the command line, run from that folder.
def reserved_ns(n, root):
    """A zone outside the example domains whose one delegation has N placeholder name
    servers (`ns7.example.net.`), each asking whether all of the name's are (ZONE057)."""
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "acme.io.zone"), "w") as out:
        out.write("$ORIGIN acme.io.\n" + ZONE_HEAD)
        for i in range(n):
            out.write(f"lab NS ns{i}.example.net.\n")
    return ["acme.io.zone"]


def reserved_targets(n, root):
    """A zone outside the example domains whose targets of every kind are placeholders (MX,
    SRV, CNAME, PTR under example.net), with SPF records of hundreds of placeholder terms
    (ZONE057), and no SPF at its apex (SPF016)."""
    os.makedirs(root, exist_ok=True)
    kinds = [
        lambda i: f"@ MX {i % 100} mx{i}.example.net.",
        lambda i: f"_s{i}._tcp SRV 0 0 5060 sip{i}.example.net.",
        lambda i: f"c{i} CNAME web{i}.example.net.",
        lambda i: f"p{i} PTR host{i}.example.net.",
        lambda i: f"t{i} TXT \"v=spf1 " + " ".join(f"a:h{k}.example.net" for k in range(20))
        + " -all\"",
    ]
    with open(os.path.join(root, "acme.io.zone"), "w") as out:
        out.write("$ORIGIN acme.io.\n" + ZONE_HEAD)
        for i in range(n):
            out.write(kinds[i % len(kinds)](i) + "\n")
    return ["acme.io.zone"]


REPOSITORIES = {
    "named-fragments": named_fragments,
    "reserved-ns": reserved_ns,
    "reserved-targets": reserved_targets,
    # Zone files named only by a BIND or Knot configuration's zone statements.
    "named-conf-zones": server_config_zones(write_named_conf),
    "knot-conf-zones": server_config_zones(write_knot_conf),
    "parked-domains": parked_domains,
    # octoDNS: YAML read through the config, lowered to the records the rules read.
    "octodns-mx-values": octodns_values(
        "", "MX", lambda i: f"{{exchange: mx{i}.example.net., preference: {i % 100}}}"),
    "octodns-txt-values": octodns_values(
        "", "TXT", lambda i: f"'v=spf1 include:x{i}.example.net -all'"),
    "octodns-records": octodns_per_record(
        lambda i: f"h{i}:\n  - type: A\n    value: 192.0.2.{i % 250 + 1}\n"
                  f"  - type: MX\n    value:\n      exchange: mx{i % 7}.example.net.\n"
                  f"      preference: 10\n"),
    "octodns-deep-names": octodns_per_record(
        lambda i: f"h{i}.{'.'.join(f'l{(i + j) % 7}' for j in range(60))}:\n"
                  f"  type: A\n  value: 192.0.2.1\n"),
    "octodns-dkim-selector": octodns_values(
        "s1._domainkey", "TXT", lambda i: f"'v=DKIM1\\; k=rsa\\; p={DKIM_KEY}{i}'"),
    "octodns-cname-chain": octodns_per_record(
        lambda i: f"c{i}:\n  type: CNAME\n  value: c{i + 1}.example.com.\n"),
    "octodns-aliases": octodns_aliases,
    "octodns-includes": octodns_includes,
    "octodns-split": octodns_split,
    "octodns-zones": octodns_zones,
    "octodns-keys": octodns_keys,
    "octodns-dynamic": octodns_dynamic,
}


def write_zone(shape, n):
    """Where to run zonelint and what to name: (folder or None, paths)."""
    os.makedirs(OUT, exist_ok=True)
    if shape in REPOSITORIES:
        root = os.path.join(OUT, f"{shape}-{n}")
        shutil.rmtree(root, ignore_errors=True)
        paths = REPOSITORIES[shape](n, root)
        # A repository of its own, not a folder of the one around bench/out.
        subprocess.run(["git", "init", "-q", root], check=True)
        return root, paths
    path = os.path.join(OUT, f"{shape}-{n}.zone")
    with open(path, "w") as out:
        out.write(HEADER)
        for line in SHAPES[shape](n):
            out.write(line + "\n")
    return None, [path]


# `zonelint check`, or `zonelint mx` (`--command mx`): the mail-routing view reads the MX sets
# in its own way.
COMMAND = ["check"]


def timed(zonelint, target, extra=()):
    root, paths = target
    command = [zonelint, *COMMAND, "--format", "json", *extra, *paths]
    start = time.perf_counter()
    run = subprocess.run(command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         check=False)
    elapsed = time.perf_counter() - start
    # 0 and 1 are a lint's outcomes; anything else (2, a panic's abort) is not a time to list.
    if run.returncode not in (0, 1):
        sys.exit(f"`{' '.join(command)}` in {root or '.'} exited with {run.returncode}:\n"
                 f"{run.stderr.decode(errors='replace')[-2000:]}")
    return elapsed


def rule_codes(zonelint):
    listed = subprocess.run([zonelint, "rule", "--all", "--format", "json"],
                            capture_output=True, text=True, check=False)
    if listed.returncode != 0:
        return []
    return [rule["code"] for rule in json.loads(listed.stdout)]


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10000, help="records of the small zone")
    parser.add_argument("--ratio", type=float, default=8.0,
                        help="list shapes whose time grows more than this for 4x the records")
    parser.add_argument("--only", help="comma-separated shapes")
    parser.add_argument("--rules", action="store_true",
                        help="time each rule alone on the shapes listed")
    parser.add_argument("--runs", type=int, default=3, help="runs per zone (the minimum is kept)")
    parser.add_argument("--command", choices=["check", "mx"], default="check",
                        help="time `zonelint check` (every rule) or the `zonelint mx` view")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--zonelint", default=os.path.join(ROOT, "target", "release", "zonelint"))
    args = parser.parse_args()
    if args.rules and args.command == "mx":
        parser.error("--rules times `check --select CODE`; the mx view has no rules to select")
    # Repository shapes run from their own folder.
    args.zonelint = os.path.abspath(args.zonelint)
    COMMAND[0] = args.command
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    known = list(SHAPES) + list(REPOSITORIES)
    shapes = args.only.split(",") if args.only else known
    unknown = [s for s in shapes if s not in known]
    if unknown:
        sys.exit(f"unknown shape(s): {', '.join(unknown)}; known: {', '.join(known)}")
    print(f"| shape | {args.n:,} records | {4 * args.n:,} records | growth |")
    print("|---|---:|---:|---:|")
    flagged = []
    for shape in shapes:
        small, large = write_zone(shape, args.n), write_zone(shape, 4 * args.n)
        t_small = min(timed(args.zonelint, small) for _ in range(args.runs))
        t_large = min(timed(args.zonelint, large) for _ in range(args.runs))
        growth = t_large / max(t_small, 1e-9)
        mark = " **too fast**" if growth > args.ratio else ""
        print(f"| {shape} | {t_small:.3f} s | {t_large:.3f} s | {growth:.1f}x{mark} |")
        if growth > args.ratio:
            flagged.append((shape, small, large))
    if args.rules and flagged:
        codes = rule_codes(args.zonelint)
        for shape, small, large in flagged:
            print(f"\n{shape}: rules whose time grows more than {args.ratio}x")
            for code in codes:
                select = ("--select", code)
                t_small = min(timed(args.zonelint, small, select) for _ in range(args.runs))
                t_large = min(timed(args.zonelint, large, select) for _ in range(args.runs))
                if t_large / max(t_small, 1e-9) > args.ratio and t_large > 0.05:
                    print(f"  {code}: {t_small:.3f} s -> {t_large:.3f} s")
    if flagged:
        print(f"\ngrowing faster than {args.ratio}x: {', '.join(s for s, _, _ in flagged)}")


if __name__ == "__main__":
    main()
