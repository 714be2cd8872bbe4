//! Weekly arrivals and slots drawn with a given mean and coefficient of variation:
//! Poisson when the variation is 1 (exact: by multiplying uniforms for a small mean,
//! by Hörmann's transformed rejection, PTRS, for a mean of 10 or more), otherwise a
//! gamma distribution with the same mean and variance (`mean × cv²`), never negative
//! (Marsaglia and Tsang's method). A normal approximation cut at zero would raise
//! the mean of a small, very variable clinic; the gamma keeps both moments exact.

use rand_xoshiro::Xoshiro256PlusPlus;

use crate::simulate::unit;

/// A draw with mean `mean` and variance `mean × cv²`: the mean itself when `cv` is
/// 0, Poisson when it is 1, gamma otherwise.
pub(crate) fn weekly(mean: f64, cv: f64, rng: &mut Xoshiro256PlusPlus) -> f64 {
    if cv == 0.0 || mean <= 0.0 {
        mean.max(0.0)
    } else if cv == 1.0 {
        poisson(mean, rng)
    } else {
        let scale = cv * cv;
        gamma(mean / scale, rng) * scale
    }
}

/// A Poisson draw of mean `lambda` (more than 0).
pub(crate) fn poisson(lambda: f64, rng: &mut Xoshiro256PlusPlus) -> f64 {
    if lambda < 10.0 {
        // Knuth: count uniforms until their product falls below e^-λ.
        let floor = (-lambda).exp();
        let mut product = unit(rng);
        let mut k = 0.0;
        while product > floor {
            product *= unit(rng);
            k += 1.0;
        }
        return k;
    }
    // Hörmann (1993), "The transformed rejection method for generating Poisson
    // random variables", PTRS, valid for λ >= 10.
    let slam = lambda.sqrt();
    let loglam = lambda.ln();
    let b = 0.931 + 2.53 * slam;
    let a = -0.059 + 0.02483 * b;
    let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    let vr = 0.9277 - 3.6224 / (b - 2.0);
    loop {
        let u = unit(rng) - 0.5;
        let v = unit(rng);
        let us = 0.5 - u.abs();
        let k = ((2.0 * a / us + b) * u + lambda + 0.43).floor();
        if us >= 0.07 && v <= vr {
            return k;
        }
        if k < 0.0 || (us < 0.013 && v > us) {
            continue;
        }
        if v.ln() + inv_alpha.ln() - (a / (us * us) + b).ln()
            <= -lambda + k * loglam - ln_factorial(k)
        {
            return k;
        }
    }
}

/// ln k! for a whole number k >= 0: summed below 10, else Stirling's series for
/// ln Γ(k + 1) (error below 1e-10).
pub(crate) fn ln_factorial(k: f64) -> f64 {
    if k < 10.0 {
        let mut sum = 0.0;
        let mut i = 2.0;
        while i <= k {
            sum += f64::ln(i);
            i += 1.0;
        }
        return sum;
    }
    let x = k + 1.0;
    let x2 = x * x;
    (x - 0.5) * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI).ln() + 1.0 / (12.0 * x)
        - 1.0 / (360.0 * x * x2)
        + 1.0 / (1260.0 * x * x2 * x2)
}

/// A gamma draw of shape `shape` (more than 0) and scale 1: Marsaglia and Tsang
/// (2000), with the usual boost for a shape below 1.
pub(crate) fn gamma(shape: f64, rng: &mut Xoshiro256PlusPlus) -> f64 {
    if shape < 1.0 {
        // Gamma(a) = Gamma(a + 1) × U^(1/a).
        let u = 1.0 - unit(rng); // in (0, 1]
        return gamma(shape + 1.0, rng) * u.powf(1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x = normal(rng);
        let t = 1.0 + c * x;
        if t <= 0.0 {
            continue;
        }
        let v = t * t * t;
        let u = unit(rng);
        let x2 = x * x;
        if u < 1.0 - 0.0331 * x2 * x2 || u.ln() < 0.5 * x2 + d * (1.0 - v + v.ln()) {
            return d * v;
        }
    }
}

/// A standard normal draw (Marsaglia's polar method; the second value is dropped so
/// that every draw takes its own uniforms and a run stays simple to follow).
pub(crate) fn normal(rng: &mut Xoshiro256PlusPlus) -> f64 {
    loop {
        let x = 2.0 * unit(rng) - 1.0;
        let y = 2.0 * unit(rng) - 1.0;
        let s = x * x + y * y;
        if s > 0.0 && s < 1.0 {
            return x * (-2.0 * s.ln() / s).sqrt();
        }
    }
}
