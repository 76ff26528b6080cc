//! From scores to decisions: confidence bands, match/create/ambiguous
//! decisions, abstain bands and semantic-cache tiers (`classify`); the
//! explanation of a threshold over candidates (`explain`); the feedback
//! rule (`feedback`); score fusion (`fusion`); and the [`Matcher`](run)
//! lookup that ties a vector set and a threshold configuration together
//! (`matcher`); the [`Monitor`] of live scores after deployment
//! (`monitor`).

mod classify;
mod explain;
mod feedback;
mod fusion;
mod matcher;
mod monitor;

pub use classify::{
    abstain, band, cache_tier, decide, Abstain, Band, CacheTier, Candidate, Decision, Outcome,
};
pub use explain::{explain, Alternative, BestCandidate, Explanation, NEAR};
pub use feedback::{adjust_from_feedback, Adjusted, Feedback, FeedbackRule};
pub use fusion::{normalize, rrf, Normalization};
pub use matcher::{check_models, lookup, Banded, Lookup, MatchResult, MatcherOptions};
pub use monitor::{psi, Monitor, MonitorEvent, MonitorOptions, MonitorStats, Sampled};
