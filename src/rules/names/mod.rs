//! Rules about how names are written.

pub mod missing_trailing_dot;
mod tlds;
