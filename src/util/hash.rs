//! FNV-1a, 64 bits: a stable fingerprint of bytes for content hashes in file names, ETags and
//! playlists (not for security). The same on every machine and Rust version, unlike std's
//! `DefaultHasher`, so a rebuild of the same files never changes a version or an ETag.

/// The standard FNV-1a 64 offset basis.
const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// An FNV-1a hasher that takes bytes in pieces.
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(OFFSET)
    }
}

impl Fnv {
    pub(crate) fn new() -> Fnv {
        Fnv::default()
    }

    /// A hasher started from another offset, for a second, independent hash of the same bytes.
    pub(crate) fn with_seed(seed: u64) -> Fnv {
        Fnv(seed)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}

/// The FNV-1a hash of `bytes` in one call.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h = Fnv::new();
    h.write(bytes);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_stable() {
        // The published FNV-1a 64 of "sapar": the same on every machine, so a rebuild of the
        // same files never changes the worker's version.
        assert_eq!(fnv1a(b"sapar"), 0x5228_500d_5326_6ea4);
        let mut h = Fnv::new();
        h.write(b"sa");
        h.write(b"par");
        assert_eq!(h.finish(), 0x5228_500d_5326_6ea4);
    }
}
