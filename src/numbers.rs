//! Numbers written for people, the same in the text reports, the JSON-free parts
//! of the command line and the app: money, counts with thousands separators,
//! minutes, days and percentages. Each function's name says what it writes.

/// A number with thousands separators and exactly `decimals` decimals:
/// `12345.678` with 2 decimals is `12,345.68`. "-0.00" is written as 0.
pub fn grouped(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text.as_str(), None),
    };
    let negative = value < 0.0
        && whole
            .chars()
            .chain(fraction.unwrap_or("").chars())
            .any(|c| c.is_ascii_digit() && c != '0');
    join(negative, whole, fraction)
}

/// A number with thousands separators, at most `max_decimals` decimals and no
/// trailing zeros: "12,000", "1,545", "2.5".
pub fn grouped_trimmed(value: f64, max_decimals: usize) -> String {
    let text = trimmed(value, max_decimals);
    let (negative, unsigned) = text
        .strip_prefix('-')
        .map_or((false, text.as_str()), |rest| (true, rest));
    let (whole, fraction) = unsigned
        .split_once('.')
        .map_or((unsigned, None), |(w, f)| (w, Some(f)));
    join(negative, whole, fraction)
}

fn join(negative: bool, whole: &str, fraction: Option<&str>) -> String {
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3 + 1);
    if negative {
        grouped.push('-');
    }
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    match fraction {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    }
}

/// A number with at most `max_decimals` decimals and no trailing zeros, without
/// separators: "1.25", "25".
pub fn trimmed(value: f64, max_decimals: usize) -> String {
    let text = format!("{value:.max_decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    if text == "-0" { "0".into() } else { text }
}

/// Pounds with thousands separators and `decimals` decimals: `£12,345.68`, `-£5.00`.
pub fn pounds(value: f64, decimals: usize) -> String {
    let text = grouped(value, decimals);
    match text.strip_prefix('-') {
        Some(rest) => format!("-£{rest}"),
        None => format!("£{text}"),
    }
}

/// Pounds and pence: "£10.60", "£1,234.50".
pub fn pence(value: f64) -> String {
    pounds(value, 2)
}

/// A share (0 to 1) as a percentage with at most one decimal: "92%", "94.8%".
pub fn percent(share: f64) -> String {
    format!("{}%", trimmed(share * 100.0, 1))
}

/// A share as a percentage with up to four decimals, for messages where a near
/// miss matters: "90%", "33.3333%", "99.995%".
pub fn percent_exact(share: f64) -> String {
    format!("{}%", trimmed(share * 100.0, 4))
}

/// Staff minutes with their unit: "7 min", "2.5 min".
pub fn minutes(value: f64) -> String {
    format!("{} min", trimmed(value, 1))
}

/// A number as written with its unit, singular when the number reads exactly 1:
/// ("1", "day", "days") is "1 day", ("1.5", "day", "days") is "1.5 days".
pub fn with_unit(number: &str, one: &str, many: &str) -> String {
    let unit = if number == "1" { one } else { many };
    format!("{number} {unit}")
}

/// Elapsed days with their unit: "1 day", "3 days", "2.5 days".
pub fn days(value: f64) -> String {
    with_unit(&trimmed(value, 1), "day", "days")
}

/// Reads a number as people type it: "12,000", "£39.50", "85%", " 7 ", "−3".
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '£' | '%'))
        .map(|c| if c == '−' { '-' } else { c })
        .collect();
    cleaned.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands_with_fixed_decimals() {
        assert_eq!(grouped(0.0, 2), "0.00");
        assert_eq!(grouped(999.0, 0), "999");
        assert_eq!(grouped(1000.0, 0), "1,000");
        assert_eq!(grouped(1234567.891, 2), "1,234,567.89");
        assert_eq!(grouped(-1234.5, 1), "-1,234.5");
        assert_eq!(grouped(-0.001, 2), "0.00");
    }

    #[test]
    fn trims_and_groups() {
        assert_eq!(trimmed(1.250, 2), "1.25");
        assert_eq!(trimmed(25.0, 1), "25");
        assert_eq!(trimmed(-0.01, 1), "0");
        assert_eq!(grouped_trimmed(12000.0, 1), "12,000");
        assert_eq!(grouped_trimmed(-1545.25, 1), "-1,545.2");
        assert_eq!(grouped_trimmed(-1234567.25, 2), "-1,234,567.25");
        assert_eq!(grouped_trimmed(999.0, 0), "999");
        assert_eq!(trimmed(16.333, 1), "16.3");
    }

    #[test]
    fn money_minutes_days_and_percentages() {
        assert_eq!(pounds(12345.678, 2), "£12,345.68");
        assert_eq!(pounds(-5.0, 2), "-£5.00");
        assert_eq!(pence(10.6), "£10.60");
        assert_eq!(percent(0.948), "94.8%");
        assert_eq!(percent(0.92), "92%");
        assert_eq!(percent_exact(1.0 / 3.0), "33.3333%");
        assert_eq!(percent_exact(0.9), "90%");
        assert_eq!(minutes(7.0), "7 min");
        assert_eq!(days(2.5), "2.5 days");
        assert_eq!(days(1.0), "1 day");
        assert_eq!(days(1.04), "1 day");
        assert_eq!(days(0.0), "0 days");
        assert_eq!(with_unit("1", "referral", "referrals"), "1 referral");
        assert_eq!(with_unit("1.0", "day", "days"), "1.0 days");
    }

    #[test]
    fn reads_numbers_as_typed() {
        assert_eq!(parse_number("12,000"), Some(12000.0));
        assert_eq!(parse_number("£39.50"), Some(39.5));
        assert_eq!(parse_number(" 85% "), Some(85.0));
        assert_eq!(parse_number("−3"), Some(-3.0));
        assert_eq!(parse_number("abc"), None);
    }
}
