//! datakey's AWS endpoint.

#![forbid(unsafe_code)]

pub mod sigv4;
