//! Sapar's integration tests, in one binary: the real `sapar` on fixture sites and on the
//! shipped content. One module per area; `common` holds the fixtures, the server and the HTTP
//! client they share.

mod common;

mod admin;
mod bad_input;
mod base_url;
mod build;
mod editor;
mod freshness;
mod fuzz_corpus;
mod hardening;
mod kiosk;
mod layers;
mod mistakes;
mod new_pages;
mod production;
mod relevance;
mod search;
mod serve;
mod serve_hardening;
mod signin;
