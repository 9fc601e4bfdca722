//! The geo codes octoDNS knows for the rules of `dynamic` records: continents, countries
//! within them and the provinces of the United States and Canada, as
//! `octodns/record/geo_data.py` of octoDNS 1.22.0 (MIT licence) lists them, made with
//!
//! ```text
//! python3 -c 'from octodns.record.geo_data import geo_data as g
//! print(sorted(g)); print(sorted(f"{c}-{k}" for c in g for k in g[c]))
//! print(sorted(f"{c}-{k}-{p}" for c in g for k in g[c] for p in g[c][k].get("provinces", {})))'
//! ```
//!
//! Each list is sorted: codes are looked up by binary search.

/// Continent codes (`EU`).
pub const CONTINENTS: &[&str] = &["AF", "AN", "AS", "EU", "NA", "OC", "SA"];

/// Country codes under their continent (`EU-FR`), sorted.
pub const COUNTRIES: &[&str] = &[
    "AF-AO", "AF-BF", "AF-BI", "AF-BJ", "AF-BW", "AF-CD", "AF-CF", "AF-CG", "AF-CI", "AF-CM",
    "AF-CV", "AF-DJ", "AF-DZ", "AF-EG", "AF-EH", "AF-ER", "AF-ET", "AF-GA", "AF-GH", "AF-GM",
    "AF-GN", "AF-GQ", "AF-GW", "AF-KE", "AF-KM", "AF-LR", "AF-LS", "AF-LY", "AF-MA", "AF-MG",
    "AF-ML", "AF-MR", "AF-MU", "AF-MW", "AF-MZ", "AF-NA", "AF-NE", "AF-NG", "AF-RE", "AF-RW",
    "AF-SC", "AF-SD", "AF-SH", "AF-SL", "AF-SN", "AF-SO", "AF-SS", "AF-ST", "AF-SZ", "AF-TD",
    "AF-TG", "AF-TN", "AF-TZ", "AF-UG", "AF-YT", "AF-ZA", "AF-ZM", "AF-ZW", "AN-AQ", "AN-BV",
    "AN-HM", "AN-TF", "AS-AE", "AS-AF", "AS-AM", "AS-AZ", "AS-BD", "AS-BH", "AS-BN", "AS-BT",
    "AS-CC", "AS-CN", "AS-CX", "AS-CY", "AS-GE", "AS-HK", "AS-ID", "AS-IL", "AS-IN", "AS-IO",
    "AS-IQ", "AS-IR", "AS-JO", "AS-JP", "AS-KG", "AS-KH", "AS-KP", "AS-KR", "AS-KW", "AS-KZ",
    "AS-LA", "AS-LB", "AS-LK", "AS-MM", "AS-MN", "AS-MO", "AS-MV", "AS-MY", "AS-NP", "AS-OM",
    "AS-PH", "AS-PK", "AS-PS", "AS-QA", "AS-SA", "AS-SG", "AS-SY", "AS-TH", "AS-TJ", "AS-TL",
    "AS-TM", "AS-TR", "AS-TW", "AS-UZ", "AS-VN", "AS-YE", "EU-AD", "EU-AL", "EU-AT", "EU-AX",
    "EU-BA", "EU-BE", "EU-BG", "EU-BY", "EU-CH", "EU-CZ", "EU-DE", "EU-DK", "EU-EE", "EU-ES",
    "EU-FI", "EU-FO", "EU-FR", "EU-GB", "EU-GG", "EU-GI", "EU-GR", "EU-HR", "EU-HU", "EU-IE",
    "EU-IM", "EU-IS", "EU-IT", "EU-JE", "EU-LI", "EU-LT", "EU-LU", "EU-LV", "EU-MC", "EU-MD",
    "EU-ME", "EU-MK", "EU-MT", "EU-NL", "EU-NO", "EU-PL", "EU-PT", "EU-RO", "EU-RS", "EU-RU",
    "EU-SE", "EU-SI", "EU-SJ", "EU-SK", "EU-SM", "EU-UA", "EU-VA", "NA-AG", "NA-AI", "NA-AW",
    "NA-BB", "NA-BL", "NA-BM", "NA-BQ", "NA-BS", "NA-BZ", "NA-CA", "NA-CR", "NA-CU", "NA-CW",
    "NA-DM", "NA-DO", "NA-GD", "NA-GL", "NA-GP", "NA-GT", "NA-HN", "NA-HT", "NA-JM", "NA-KN",
    "NA-KY", "NA-LC", "NA-MF", "NA-MQ", "NA-MS", "NA-MX", "NA-NI", "NA-PA", "NA-PM", "NA-PR",
    "NA-SV", "NA-SX", "NA-TC", "NA-TT", "NA-US", "NA-VC", "NA-VG", "NA-VI", "OC-AS", "OC-AU",
    "OC-CK", "OC-FJ", "OC-FM", "OC-GU", "OC-KI", "OC-MH", "OC-MP", "OC-NC", "OC-NF", "OC-NR",
    "OC-NU", "OC-NZ", "OC-PF", "OC-PG", "OC-PN", "OC-PW", "OC-SB", "OC-TK", "OC-TO", "OC-TV",
    "OC-UM", "OC-VU", "OC-WF", "OC-WS", "SA-AR", "SA-BO", "SA-BR", "SA-CL", "SA-CO", "SA-EC",
    "SA-FK", "SA-GF", "SA-GS", "SA-GY", "SA-PE", "SA-PY", "SA-SR", "SA-UY", "SA-VE",
];

/// Province codes under their country (`NA-US-CA`), sorted.
pub const PROVINCES: &[&str] = &[
    "NA-CA-AB", "NA-CA-BC", "NA-CA-MB", "NA-CA-NB", "NA-CA-NL", "NA-CA-NS", "NA-CA-NT", "NA-CA-NU",
    "NA-CA-ON", "NA-CA-PE", "NA-CA-QC", "NA-CA-SK", "NA-CA-YT", "NA-US-AK", "NA-US-AL", "NA-US-AR",
    "NA-US-AS", "NA-US-AZ", "NA-US-CA", "NA-US-CO", "NA-US-CT", "NA-US-DC", "NA-US-DE", "NA-US-FL",
    "NA-US-GA", "NA-US-GU", "NA-US-HI", "NA-US-IA", "NA-US-ID", "NA-US-IL", "NA-US-IN", "NA-US-KS",
    "NA-US-KY", "NA-US-LA", "NA-US-MA", "NA-US-MD", "NA-US-ME", "NA-US-MI", "NA-US-MN", "NA-US-MO",
    "NA-US-MP", "NA-US-MS", "NA-US-MT", "NA-US-NC", "NA-US-ND", "NA-US-NE", "NA-US-NH", "NA-US-NJ",
    "NA-US-NM", "NA-US-NV", "NA-US-NY", "NA-US-OH", "NA-US-OK", "NA-US-OR", "NA-US-PA", "NA-US-PR",
    "NA-US-RI", "NA-US-SC", "NA-US-SD", "NA-US-TN", "NA-US-TX", "NA-US-UM", "NA-US-UT", "NA-US-VA",
    "NA-US-VI", "NA-US-VT", "NA-US-WA", "NA-US-WI", "NA-US-WV", "NA-US-WY",
];
