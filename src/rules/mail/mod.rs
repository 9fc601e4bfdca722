//! Records that go with a mail provider beside its MX, from the catalog's `companion` and
//! `leftover` entries.

pub mod mail_companion_missing;
pub mod mail_domain_alias;
pub mod mail_leftover_record;
pub mod mail_record_proxied;
pub mod mail_srv_port_swapped;
