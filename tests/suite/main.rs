//! All integration tests in one binary: each file used to link the whole crate again.
//! Add a test file here as a module; shared helpers are in common/.

mod cli;
mod common;
mod config_cli;
mod corpus;
mod formats;
mod hostile_limits;
mod hostile_paths;
mod octodns;
mod octodns_cli;
mod octodns_corpus;
mod octodns_robustness;
mod parallel;
mod parse;
mod robustness;
mod rules;
