//! The clock: [`Instant`] for measuring how long something took and [`SystemTime`]
//! for the time of day. On the desktop these are the standard library's own types;
//! in a browser, where `std::time::Instant::now` panics, they read the browser's
//! clock (`performance.now()`, `Date.now()`), through the `web-time` crate.

pub use web_time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Seconds since 1970 of a system time (0 before it).
pub fn unix_secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Seconds since 1970 now (0 if the clock is before 1970).
pub fn now_unix_secs() -> u64 {
    unix_secs(SystemTime::now())
}

/// Milliseconds since 1970 now (0 if the clock is before 1970).
pub fn now_unix_millis() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_since_1970_count_whole_seconds() {
        let t = UNIX_EPOCH + Duration::from_millis(86_400_999);
        assert_eq!(unix_secs(t), 86_400);
        assert_eq!(unix_secs(UNIX_EPOCH), 0);
    }

    #[test]
    fn now_is_after_the_year_2020() {
        // 1 January 2020 was 1 577 836 800 s after 1970.
        assert!(now_unix_secs() > 1_577_836_800);
        assert!(now_unix_millis() > 1_577_836_800_000);
    }
}
