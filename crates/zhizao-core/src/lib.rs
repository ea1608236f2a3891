//! zhizao (智造): a digital-workshop production simulator.
//!
//! Describe a production line and its retrofit variants in a RON scenario
//! ([`scenario`]), simulate replications of each ([`sim`], [`experiment`]),
//! and compare them with paired confidence intervals ([`stats`]). The library
//! does no printing and knows nothing of terminals or windows: the CLI and
//! any front end are thin layers over the same calls, so every number they
//! show is the same number.

pub mod calendar;
pub mod calibrate;
pub mod check;
pub mod dist;
pub mod economics;
pub mod experiment;
pub mod fit;
pub mod format;
pub mod indicators;
pub mod kpi;
pub mod lang;
pub mod layout;
pub mod live;
pub mod model;
pub mod optimize;
pub mod plan;
pub mod report;
pub mod rng;
pub mod route;
pub mod scenario;
pub mod settings;
pub mod shard;
pub mod sim;
pub mod state;
pub mod stats;
pub mod sweep;
pub mod time;
pub mod tornado;
pub mod uncertain;
