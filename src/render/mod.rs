//! Reports as text tables for people and JSON for programs.

pub mod json;
mod text;

pub use text::{comparison_text, report_text, sensitivity_text, simulation_text};

/// Formats a number with thousands separators and a fixed number of decimals,
/// for example `12345.678` with 2 decimals as `12,345.68`.
pub fn thousands(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text.as_str(), None),
    };
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    // "-0.00" reads as a loss of nothing; print it as 0.
    let negative = value < 0.0
        && grouped
            .chars()
            .chain(fraction.unwrap_or("").chars())
            .any(|c| c.is_ascii_digit() && c != '0');
    let sign = if negative { "-" } else { "" };
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Pounds with thousands separators: `£12,345.68`, or `-£5.00`.
pub fn pounds(value: f64, decimals: usize) -> String {
    let text = thousands(value, decimals);
    match text.strip_prefix('-') {
        Some(rest) => format!("-£{rest}"),
        None => format!("£{text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(thousands(0.0, 2), "0.00");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(thousands(1000.0, 0), "1,000");
        assert_eq!(thousands(1234567.891, 2), "1,234,567.89");
        assert_eq!(thousands(-1234.5, 1), "-1,234.5");
        assert_eq!(thousands(-0.001, 2), "0.00");
    }

    #[test]
    fn formats_pounds() {
        assert_eq!(pounds(12345.678, 2), "£12,345.68");
        assert_eq!(pounds(-5.0, 2), "-£5.00");
    }
}
