//! From scores to decisions: confidence bands, match/create/ambiguous
//! decisions, abstain bands and semantic-cache tiers (`classify`); the
//! explanation of a threshold over candidates (`explain`); the feedback
//! rule (`feedback`); score fusion (`fusion`); and the [`Matcher`](run)
//! lookup that ties a vector set and a threshold configuration together
//! (`matcher`).

mod classify;
mod explain;
mod feedback;
mod fusion;
mod matcher;

pub use classify::{
    abstain, band, cache_tier, decide, Abstain, Band, CacheTier, Candidate, Decision, Outcome,
};
pub use explain::{explain, Alternative, BestCandidate, Explanation, NEAR};
pub use feedback::{adjust_from_feedback, Adjusted, Feedback, FeedbackRule};
pub use fusion::{normalize, rrf, Normalization};
pub use matcher::{lookup, Banded, Lookup, MatchResult, MatcherOptions};
