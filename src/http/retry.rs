//! When to send a request again, and after how long.
//!
//! Only 429 and 503 are retried: they say "later", while 400, 401 and 403 say
//! "not like this" and will not change by waiting. The wait honours
//! `Retry-After` (seconds or a date) or a rate-limit reset time when the
//! browser lets us read them — many providers do not expose those headers to
//! cross-origin callers — and otherwise doubles from a base delay.

use super::Response;

/// Bounds on retrying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// First backoff delay, doubled on each retry.
    pub base_delay_ms: u32,
    /// Longest single wait. A server asking for longer is not waited for.
    pub max_delay_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 2,
            base_delay_ms: 500,
            max_delay_ms: 30_000,
        }
    }
}

/// What to do after a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryDecision {
    /// Use this response.
    Done,
    /// Wait this long, then send again.
    RetryAfter(u32),
    /// Retrying is allowed but the server asks for a longer wait than the
    /// policy allows, or the retries are used up.
    GiveUp,
}

impl RetryPolicy {
    /// Decides after the `attempt`-th response (0 for the first).
    pub fn decide(&self, response: &Response, attempt: u32, now_ms: f64) -> RetryDecision {
        if !matches!(response.status, 429 | 503) {
            return RetryDecision::Done;
        }
        if attempt >= self.max_retries {
            return RetryDecision::GiveUp;
        }
        let backoff = self
            .base_delay_ms
            .saturating_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX));
        let delay = server_delay_ms(response, now_ms).unwrap_or(backoff);
        if delay > self.max_delay_ms {
            RetryDecision::GiveUp
        } else {
            RetryDecision::RetryAfter(delay)
        }
    }
}

/// The wait the server asked for, if the browser exposed it.
fn server_delay_ms(response: &Response, now_ms: f64) -> Option<u32> {
    if let Some(value) = response.header("retry-after") {
        let value = value.trim();
        if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
            // Any number of seconds, however large: a huge wait is a wait
            // too long to make, not a value to ignore.
            let seconds = value.parse::<f64>().unwrap_or(f64::MAX);
            return Some(clamp_ms(seconds * 1000.0));
        }
        if let Some(at_ms) = parse_http_date_ms(value) {
            return Some(clamp_ms(at_ms - now_ms));
        }
    }
    // GitHub and others: the epoch second at which the limit resets.
    let reset = response
        .header("x-ratelimit-reset")
        .and_then(|value| value.trim().parse::<f64>().ok())?;
    Some(clamp_ms(reset * 1000.0 - now_ms))
}

fn clamp_ms(ms: f64) -> u32 {
    if ms.is_nan() || ms <= 0.0 {
        0
    } else if ms >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        ms as u32
    }
}

/// Reads an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the only date
/// form RFC 9110 requires senders to use.
pub fn parse_http_date_ms(text: &str) -> Option<f64> {
    let mut parts = text.split_whitespace();
    let _weekday = parts.next()?;
    let day: i64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    // Four-digit years only, as the format has; also keeps the day
    // arithmetic below far from overflow.
    if !(1970..=9999).contains(&year) {
        return None;
    }
    let mut clock = parts.next()?.split(':');
    let hour: i64 = clock.next()?.parse().ok()?;
    let minute: i64 = clock.next()?.parse().ok()?;
    let second: i64 = clock.next()?.parse().ok()?;
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second;
    Some(seconds as f64 * 1000.0)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)]) -> Response {
        Response {
            status,
            headers: headers
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect(),
            body: String::new(),
        }
    }

    #[test]
    fn retries_only_429_and_503() {
        let policy = RetryPolicy::default();
        for status in [200, 400, 401, 403, 404, 500, 502, 504] {
            assert_eq!(
                policy.decide(&response(status, &[]), 0, 0.0),
                RetryDecision::Done
            );
        }
        assert_eq!(
            policy.decide(&response(429, &[]), 0, 0.0),
            RetryDecision::RetryAfter(500)
        );
        assert_eq!(
            policy.decide(&response(503, &[]), 1, 0.0),
            RetryDecision::RetryAfter(1000)
        );
        assert_eq!(
            policy.decide(&response(503, &[]), 2, 0.0),
            RetryDecision::GiveUp
        );
    }

    #[test]
    fn honours_retry_after_and_reset_times() {
        let policy = RetryPolicy::default();
        let seconds = response(429, &[("retry-after", "3")]);
        assert_eq!(
            policy.decide(&seconds, 0, 0.0),
            RetryDecision::RetryAfter(3000)
        );
        let now = parse_http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT").expect("date");
        let date = response(503, &[("retry-after", "Sun, 06 Nov 1994 08:49:39 GMT")]);
        assert_eq!(
            policy.decide(&date, 0, now),
            RetryDecision::RetryAfter(2000)
        );
        let reset = response(429, &[("x-ratelimit-reset", "1000")]);
        assert_eq!(
            policy.decide(&reset, 0, 999_250.0),
            RetryDecision::RetryAfter(750)
        );
        let too_long = response(429, &[("retry-after", "3600")]);
        assert_eq!(policy.decide(&too_long, 0, 0.0), RetryDecision::GiveUp);
        let huge = response(429, &[("retry-after", "99999999999")]);
        assert_eq!(policy.decide(&huge, 0, 0.0), RetryDecision::GiveUp);
        let past = response(503, &[("retry-after", "Thu, 01 Jan 1970 00:00:00 GMT")]);
        assert_eq!(
            policy.decide(&past, 0, 5000.0),
            RetryDecision::RetryAfter(0)
        );
        let absurd = response(
            503,
            &[("retry-after", "Thu, 01 Jan 99999999999999 00:00:00 GMT")],
        );
        assert_eq!(
            policy.decide(&absurd, 0, 0.0),
            RetryDecision::RetryAfter(500)
        );
    }

    #[test]
    fn reads_http_dates() {
        assert_eq!(
            parse_http_date_ms("Thu, 01 Jan 1970 00:00:01 GMT"),
            Some(1000.0)
        );
        assert_eq!(
            parse_http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777_000.0)
        );
        assert_eq!(parse_http_date_ms("yesterday"), None);
    }
}
