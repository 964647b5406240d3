//! The demo's randomness: one seeded stream per key, so that two demo files hold the same
//! noise and changing one table leaves the others' data as they were.

/// The seed of every random stream of the demo.
const SEED: u64 = 0x4D75_7374_6572_7374;

/// `SplitMix64`: tiny, fast and plenty for demo noise; one seed, one stream.
#[derive(Clone, Debug)]
pub(super) struct Rng(u64);

impl Rng {
    /// A stream of its own for `key`, so that changing one table leaves the others' data
    /// as they were.
    pub(super) fn for_key(key: &str) -> Self {
        let hash = key.bytes().fold(0xCBF2_9CE4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3)
        });
        Rng(hash ^ SEED)
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(super) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// Roughly normal with mean 0 and standard deviation 1, bounded by ±3.5 (a sum of
    /// four uniforms), so that no draw produces an absurd value.
    pub(super) fn gauss(&mut self) -> f64 {
        let sum: f64 = (0..4).map(|_| self.unit()).sum();
        (sum - 2.0) * 3.0_f64.sqrt()
    }
}
