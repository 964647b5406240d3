//! The boundary files the benchmarks import: `features` districts side by side, each one
//! simple ring of `points` points (a wavy circle, so its segments lie at every angle).

use std::io::Write;
use std::path::Path;

/// Writes a GeoJSON `FeatureCollection` in WGS84 to `path`; feature `n` has the key
/// property `key(n)` and a name.
pub fn write(path: &Path, features: usize, points: usize, key: impl Fn(usize) -> String) {
    let file = std::fs::File::create(path).expect("the GeoJSON can be created");
    let mut out = std::io::BufWriter::new(file);
    write!(out, r#"{{"type": "FeatureCollection", "features": ["#).expect("write");
    for n in 0..features {
        let (x, y) = (13.0 + (n % 40) as f64 * 0.02, 52.0 + (n / 40) as f64 * 0.02);
        // One ring around its centre: small for many districts, a degree across for one.
        let radius = if features == 1 { 0.5 } else { 0.009 };
        if n > 0 {
            write!(out, ",").expect("write");
        }
        write!(
            out,
            r#"{{"type": "Feature", "properties": {{"KEY": "{}", "NAME": "Bezirk {n}"}}, "geometry": {{"type": "Polygon", "coordinates": [["#,
            key(n)
        )
        .expect("write");
        // The last point closes the ring: the first again.
        for k in 0..points {
            let angle = std::f64::consts::TAU * (k % (points - 1)) as f64 / (points - 1) as f64;
            let r = radius * (1.0 + 0.05 * (7.0 * angle).sin());
            if k > 0 {
                write!(out, ",").expect("write");
            }
            write!(
                out,
                "[{:.7},{:.7}]",
                x + r * angle.cos(),
                y + r * angle.sin()
            )
            .expect("write");
        }
        write!(out, "]]}}}}").expect("write");
    }
    writeln!(out, "]}}").expect("write");
}
