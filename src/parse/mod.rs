//! Parsers: pure functions from one file's bytes to records and diagnostics.

pub mod octodns;
pub mod rdata;
pub mod text;
pub mod wire;
pub mod zonefile;
