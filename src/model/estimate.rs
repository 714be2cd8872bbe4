//! Estimates: a plain number, or a low / likely / high range read as a triangular
//! distribution.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An uncertain quantity: `low <= likely <= high`. A plain number has all three equal.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Estimate {
    /// Lowest plausible value.
    pub low: f64,
    /// Most likely value (the mode).
    pub likely: f64,
    /// Highest plausible value.
    pub high: f64,
}

impl Estimate {
    /// A fixed value with no uncertainty.
    pub const fn fixed(value: f64) -> Self {
        Self {
            low: value,
            likely: value,
            high: value,
        }
    }

    /// A triangular range.
    pub const fn range(low: f64, likely: f64, high: f64) -> Self {
        Self { low, likely, high }
    }

    /// True when the estimate is a single number.
    pub fn is_fixed(&self) -> bool {
        self.low == self.likely && self.likely == self.high
    }

    /// True when the estimate is exactly zero.
    pub fn is_zero(&self) -> bool {
        *self == Self::fixed(0.0)
    }

    /// Expected value of the triangular distribution: `(low + likely + high) / 3`.
    pub fn mean(&self) -> f64 {
        if self.is_fixed() {
            self.likely
        } else {
            (self.low + self.likely + self.high) / 3.0
        }
    }

    /// All three values, in order.
    pub fn values(&self) -> [f64; 3] {
        [self.low, self.likely, self.high]
    }

    /// The value at quantile `u` (0 to 1) of the triangular distribution: the
    /// inverse of its CDF; the likely value when the estimate has no width.
    pub fn quantile(&self, u: f64) -> f64 {
        let width = self.high - self.low;
        if width <= 0.0 {
            return self.likely;
        }
        let at_mode = (self.likely - self.low) / width;
        if u < at_mode {
            self.low + (u * (width * (self.likely - self.low))).sqrt()
        } else {
            self.high - ((1.0 - u) * (width * (self.high - self.likely))).sqrt()
        }
    }
}

impl From<f64> for Estimate {
    fn from(value: f64) -> Self {
        Self::fixed(value)
    }
}

impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_fixed() {
            write!(f, "{}", self.likely)
        } else {
            write!(f, "{}–{}–{}", self.low, self.likely, self.high)
        }
    }
}

impl Serialize for Estimate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.is_fixed() {
            serializer.serialize_f64(self.likely)
        } else {
            // An unnamed struct: RON writes `(low: 1.0, likely: 2.0, high: 6.0)`.
            let mut s = serializer.serialize_struct("Estimate", 3)?;
            s.serialize_field("low", &self.low)?;
            s.serialize_field("likely", &self.likely)?;
            s.serialize_field("high", &self.high)?;
            s.end()
        }
    }
}

const FIELDS: &[&str] = &["low", "likely", "high"];

struct EstimateVisitor;

impl<'de> Visitor<'de> for EstimateVisitor {
    type Value = Estimate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or (low: a, likely: b, high: c)")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Estimate, E> {
        Ok(Estimate::fixed(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Estimate, E> {
        Ok(Estimate::fixed(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Estimate, E> {
        Ok(Estimate::fixed(v as f64))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Estimate, E> {
        Ok(Estimate::fixed(v as f64))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Estimate, E> {
        Ok(Estimate::fixed(v as f64))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Estimate, A::Error> {
        let mut values: [Option<f64>; 3] = [None; 3];
        while let Some(key) = map.next_key::<String>()? {
            let slot = FIELDS
                .iter()
                .position(|f| *f == key)
                .ok_or_else(|| de::Error::unknown_field(&key, FIELDS))?;
            if values[slot].is_some() {
                return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
            }
            values[slot] = Some(map.next_value()?);
        }
        let [low, likely, high] = values;
        Ok(Estimate {
            low: low.ok_or_else(|| de::Error::missing_field("low"))?,
            likely: likely.ok_or_else(|| de::Error::missing_field("likely"))?,
            high: high.ok_or_else(|| de::Error::missing_field("high"))?,
        })
    }
}

impl<'de> Deserialize<'de> for Estimate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(EstimateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_of_range_is_average_of_three_points() {
        assert_eq!(Estimate::range(1.0, 2.0, 6.0).mean(), 3.0);
        assert_eq!(Estimate::fixed(13.0).mean(), 13.0);
    }

    #[test]
    fn reads_number_or_range() {
        let e: Estimate = ron::from_str("13.0").unwrap();
        assert_eq!(e, Estimate::fixed(13.0));
        let e: Estimate = ron::from_str("7").unwrap();
        assert_eq!(e, Estimate::fixed(7.0));
        let e: Estimate = ron::from_str("(low: 1.0, likely: 2.0, high: 6.0)").unwrap();
        assert_eq!(e, Estimate::range(1.0, 2.0, 6.0));
    }

    #[test]
    fn rejects_unknown_and_missing_fields() {
        let err = ron::from_str::<Estimate>("(low: 1.0, likly: 2.0, high: 6.0)").unwrap_err();
        assert!(err.to_string().contains("likly"), "{err}");
        let err = ron::from_str::<Estimate>("(low: 1.0, high: 6.0)").unwrap_err();
        assert!(err.to_string().contains("likely"), "{err}");
    }

    #[test]
    fn writes_plain_number_when_fixed() {
        assert_eq!(ron::to_string(&Estimate::fixed(2.5)).unwrap(), "2.5");
        let s = ron::to_string(&Estimate::range(1.0, 2.0, 6.0)).unwrap();
        assert_eq!(s, "(low:1.0,likely:2.0,high:6.0)");
    }
}
