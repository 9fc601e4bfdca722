//! Zone structure rules (`ZONE`): what named-checkzone and kzonecheck check about a zone as a
//! whole: targets of NS, MX and SRV records, delegations and glue, names.

pub mod bad_owner_hostname;
pub mod bad_target_hostname;
pub mod dns_svcb_invalid;
pub mod missing_glue;
pub mod non_terminal_wildcard;
pub mod ns_target_address;
pub mod ns_target_cname;
pub mod ns_target_no_address;
pub mod nsec3_owner_not_hash;
pub mod occluded_data;
pub mod orphan_glue;
pub mod srv_target_address;
pub mod srv_target_cname;
pub mod srv_target_no_address;
pub mod targets;
