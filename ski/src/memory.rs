//! Physical memory: the [`PhysMem`] trait every physical access goes through, and
//! [`SparseMem`], the machine's RAM, zero-filled on demand in 4 KiB pages.
//!
//! Ski's conventions (shared/reference/ski-conventions.md, "Physical memory"): RAM
//! exists at any physical address below 2^63 and reads as zero until written.
//! Ski's I/O windows (VGA text 0xB8000..0xB8F9F, UART 0xFF5E0000.., 0xFED00000..,
//! 0xFED20000..) are **not modelled** here: those addresses behave as ordinary RAM,
//! which a program can observe only by expecting device behaviour there. Addresses at
//! or above 0xFFFF_C000_0000 (Ski's uncacheable I/O space, "reads 0, writes dropped")
//! and at or above 2^63 are treated the same way here: reads return zero and writes
//! are dropped, exactly as Ski does. Nothing above 2^63 is RAM, so a physical
//! access there is reported as [`MemError::Unimplemented`] only by
//! [`SparseMem::check`], never by a read or write.

use std::collections::HashMap;

/// Size of a RAM page in bytes (allocation granule only; not the TLB page size).
pub const PAGE_SIZE: u64 = 4096;
const PAGE_SHIFT: u32 = 12;

/// First physical address of Ski's I/O space: reads return 0 and writes are dropped
/// at or above it (Ski sheet, "Physical memory").
pub const IO_SPACE_BASE: u64 = 0xFFFF_C000_0000;

/// Why a physical access failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MemError {
    /// The physical address is outside every implemented range.
    #[error("unimplemented physical address {pa:#x}")]
    Unimplemented {
        /// The offending physical address.
        pa: u64,
    },
}

/// Physical memory, like vm-memory's `Bytes`: read or write bytes at a physical
/// address. Accesses may cross page boundaries.
pub trait PhysMem {
    /// Reads `buf.len()` bytes starting at physical address `pa`.
    fn read(&mut self, pa: u64, buf: &mut [u8]) -> Result<(), MemError>;
    /// Writes `buf` starting at physical address `pa`.
    fn write(&mut self, pa: u64, buf: &[u8]) -> Result<(), MemError>;
}

/// One 4 KiB page of RAM and whether predecoded code was taken from it.
struct Page {
    data: [u8; PAGE_SIZE as usize],
    code: bool,
}

/// Hasher for page numbers: they are already well spread in their low bits.
#[derive(Default)]
struct PageHasher(u64);

impl std::hash::Hasher for PageHasher {
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

type PageMap = HashMap<u64, u32, std::hash::BuildHasherDefault<PageHasher>>;

/// Entries of the direct-mapped page lookaside in front of the hash map.
const LOOKASIDE: usize = 256;

/// Sparse RAM: pages are allocated on first write; unwritten pages read as zero.
///
/// A direct-mapped lookaside of recently used pages in front of the hash map keeps
/// repeated accesses to the same pages cheap (the interpreter's loads and stores,
/// the RSE's spills and fills).
pub struct SparseMem {
    pages: Vec<Box<Page>>,
    index: PageMap,
    recent: Box<[(u64, u32); LOOKASIDE]>,
    code_write: bool,
}

impl Default for SparseMem {
    fn default() -> Self {
        Self::new()
    }
}

impl SparseMem {
    /// Empty memory: every address reads as zero.
    pub fn new() -> SparseMem {
        SparseMem {
            pages: Vec::new(),
            index: PageMap::default(),
            recent: Box::new([(u64::MAX, 0); LOOKASIDE]),
            code_write: false,
        }
    }

    /// Whether `pa` is RAM (below [`IO_SPACE_BASE`]).
    #[inline]
    pub fn is_ram(pa: u64) -> bool {
        pa < IO_SPACE_BASE
    }

    /// Reports whether physical address `pa` is implemented at all (RAM or Ski's
    /// read-zero I/O space): everything below 2^63 is.
    pub fn check(pa: u64) -> Result<(), MemError> {
        if pa >> 63 != 0 {
            Err(MemError::Unimplemented { pa })
        } else {
            Ok(())
        }
    }

    /// Number of pages allocated so far.
    pub fn pages_allocated(&self) -> usize {
        self.pages.len()
    }

    /// Index of the allocated page `pn`, if any.
    #[inline]
    fn lookup(&mut self, pn: u64) -> Option<usize> {
        let slot = (pn as usize) & (LOOKASIDE - 1);
        let (tag, idx) = self.recent[slot];
        if tag == pn {
            return Some(idx as usize);
        }
        let idx = *self.index.get(&pn)?;
        self.recent[slot] = (pn, idx);
        Some(idx as usize)
    }

    /// Index of page `pn`, allocating it zero-filled if needed.
    #[inline]
    fn lookup_alloc(&mut self, pn: u64) -> usize {
        if let Some(i) = self.lookup(pn) {
            return i;
        }
        let idx = self.pages.len() as u32;
        self.pages.push(Box::new(Page {
            data: [0; PAGE_SIZE as usize],
            code: false,
        }));
        self.index.insert(pn, idx);
        self.recent[(pn as usize) & (LOOKASIDE - 1)] = (pn, idx);
        idx as usize
    }

    /// Marks the page holding `pa` as holding predecoded instructions: a later write
    /// to it sets the flag [`SparseMem::take_code_write`] reports.
    pub fn mark_code(&mut self, pa: u64) {
        if Self::is_ram(pa) {
            let i = self.lookup_alloc(pa >> PAGE_SHIFT);
            self.pages[i].code = true;
        }
    }

    /// Forgets every code-page mark (the predecode cache was flushed).
    pub fn clear_code_marks(&mut self) {
        for p in &mut self.pages {
            p.code = false;
        }
        self.code_write = false;
    }

    /// Whether a page marked with [`SparseMem::mark_code`] was written since the last
    /// call; clears the flag.
    #[inline]
    pub fn take_code_write(&mut self) -> bool {
        std::mem::take(&mut self.code_write)
    }

    /// Reads a little-endian value of `n` bytes (1..=8) at `pa`, which must not
    /// cross a page boundary: the fast path of the interpreter's loads (always
    /// inlined, so a constant `n` makes the copy a single move).
    #[inline(always)]
    pub fn read_small(&mut self, pa: u64, n: usize) -> u64 {
        let off = (pa & (PAGE_SIZE - 1)) as usize;
        if !Self::is_ram(pa) || off + n > PAGE_SIZE as usize || n > 8 {
            let mut b = [0u8; 8];
            let n = n.min(8);
            let _ = self.read(pa, &mut b[..n]);
            return u64::from_le_bytes(b);
        }
        match self.lookup(pa >> PAGE_SHIFT) {
            Some(i) => {
                let p = &self.pages[i].data;
                if n == 8 {
                    let mut b = [0u8; 8];
                    b.copy_from_slice(&p[off..off + 8]);
                    u64::from_le_bytes(b)
                } else {
                    let mut b = [0u8; 8];
                    b[..n].copy_from_slice(&p[off..off + n]);
                    u64::from_le_bytes(b)
                }
            }
            None => 0,
        }
    }

    /// The `N`-byte little-endian value at `pa` if its page is in the
    /// lookaside and the access stays inside it (None: the caller takes
    /// [`SparseMem::read_small`]'s way): the inline path of the hot loads.
    #[inline(always)]
    pub fn quick_read<const N: usize>(&self, pa: u64) -> Option<u64> {
        let off = (pa & (PAGE_SIZE - 1)) as usize;
        let pn = pa >> PAGE_SHIFT;
        let (tag, idx) = self.recent[(pn as usize) & (LOOKASIDE - 1)];
        // A tag is a RAM page number (only `lookup` fills the lookaside),
        // so a hit is RAM.
        if tag != pn || off + N > PAGE_SIZE as usize {
            return None;
        }
        let p = &self.pages.get(idx as usize)?.data;
        let mut b = [0u8; 8];
        b[..N].copy_from_slice(&p[off..off + N]);
        Some(u64::from_le_bytes(b))
    }

    /// Writes the low `N` bytes of `v` little-endian at `pa` if its page is
    /// in the lookaside, holds no predecoded code and the access stays
    /// inside it; false (nothing written) sends the caller the way of
    /// [`SparseMem::write_small`], which also reports writes to code.
    #[inline(always)]
    pub fn quick_write<const N: usize>(&mut self, pa: u64, v: u64) -> bool {
        let off = (pa & (PAGE_SIZE - 1)) as usize;
        let pn = pa >> PAGE_SHIFT;
        let (tag, idx) = self.recent[(pn as usize) & (LOOKASIDE - 1)];
        if tag != pn || off + N > PAGE_SIZE as usize {
            return false;
        }
        match self.pages.get_mut(idx as usize) {
            Some(p) if !p.code => {
                p.data[off..off + N].copy_from_slice(&v.to_le_bytes()[..N]);
                true
            }
            _ => false,
        }
    }

    /// Writes the low `n` bytes (1..=8) of `v` little-endian at `pa`, which must
    /// not cross a page boundary: the fast path of the interpreter's stores
    /// (always inlined, so a constant `n` makes the copy a single move).
    #[inline(always)]
    pub fn write_small(&mut self, pa: u64, n: usize, v: u64) {
        let off = (pa & (PAGE_SIZE - 1)) as usize;
        if !Self::is_ram(pa) || off + n > PAGE_SIZE as usize || n > 8 {
            let b = v.to_le_bytes();
            let _ = self.write(pa, &b[..n.min(8)]);
            return;
        }
        let i = self.lookup_alloc(pa >> PAGE_SHIFT);
        let p = &mut self.pages[i];
        p.data[off..off + n].copy_from_slice(&v.to_le_bytes()[..n]);
        if p.code {
            self.code_write = true;
        }
    }
}

impl PhysMem for SparseMem {
    fn read(&mut self, pa: u64, buf: &mut [u8]) -> Result<(), MemError> {
        let mut done = 0usize;
        while done < buf.len() {
            let a = pa.wrapping_add(done as u64);
            let off = (a & (PAGE_SIZE - 1)) as usize;
            let n = (PAGE_SIZE as usize - off).min(buf.len() - done);
            let page = if Self::is_ram(a) {
                self.lookup(a >> PAGE_SHIFT)
            } else {
                None
            };
            match page {
                Some(i) => buf[done..done + n].copy_from_slice(&self.pages[i].data[off..off + n]),
                None => buf[done..done + n].fill(0),
            }
            done += n;
        }
        Ok(())
    }

    fn write(&mut self, pa: u64, buf: &[u8]) -> Result<(), MemError> {
        let mut done = 0usize;
        while done < buf.len() {
            let a = pa.wrapping_add(done as u64);
            let off = (a & (PAGE_SIZE - 1)) as usize;
            let n = (PAGE_SIZE as usize - off).min(buf.len() - done);
            if Self::is_ram(a) {
                let i = self.lookup_alloc(a >> PAGE_SHIFT);
                let p = &mut self.pages[i];
                p.data[off..off + n].copy_from_slice(&buf[done..done + n]);
                if p.code {
                    self.code_write = true;
                }
            }
            done += n;
        }
        Ok(())
    }
}

/// Memory backed by one `Vec<u8>` starting at physical address 0, for tests and
/// embedders; accesses beyond its end fail.
pub struct VecMem(pub Vec<u8>);

impl PhysMem for VecMem {
    fn read(&mut self, pa: u64, buf: &mut [u8]) -> Result<(), MemError> {
        let s = usize::try_from(pa).map_err(|_| MemError::Unimplemented { pa })?;
        let src = s
            .checked_add(buf.len())
            .and_then(|e| self.0.get(s..e))
            .ok_or(MemError::Unimplemented { pa })?;
        buf.copy_from_slice(src);
        Ok(())
    }

    fn write(&mut self, pa: u64, buf: &[u8]) -> Result<(), MemError> {
        let s = usize::try_from(pa).map_err(|_| MemError::Unimplemented { pa })?;
        let dst = s
            .checked_add(buf.len())
            .and_then(|e| self.0.get_mut(s..e))
            .ok_or(MemError::Unimplemented { pa })?;
        dst.copy_from_slice(buf);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_filled_and_sparse() {
        let mut m = SparseMem::new();
        let mut b = [0xffu8; 8];
        m.read(64 << 30, &mut b).unwrap();
        assert_eq!(b, [0; 8]);
        assert_eq!(m.pages_allocated(), 0);
        m.write(64 << 30, &[1, 2, 3]).unwrap();
        m.read(64 << 30, &mut b).unwrap();
        assert_eq!(&b[..4], &[1, 2, 3, 0]);
        assert_eq!(m.pages_allocated(), 1);
    }

    #[test]
    fn crosses_pages() {
        let mut m = SparseMem::new();
        let data: Vec<u8> = (0..20).collect();
        m.write(PAGE_SIZE - 10, &data).unwrap();
        let mut out = [0u8; 20];
        m.read(PAGE_SIZE - 10, &mut out).unwrap();
        assert_eq!(&out[..], &data[..]);
        assert_eq!(m.pages_allocated(), 2);
    }

    #[test]
    fn io_space_reads_zero_and_drops_writes() {
        let mut m = SparseMem::new();
        m.write(IO_SPACE_BASE + 8, &[9; 8]).unwrap();
        let mut b = [1u8; 8];
        m.read(IO_SPACE_BASE + 8, &mut b).unwrap();
        assert_eq!(b, [0; 8]);
        assert_eq!(m.pages_allocated(), 0);
        assert!(SparseMem::check(1 << 63).is_err());
        assert!(SparseMem::check(IO_SPACE_BASE).is_ok());
    }

    #[test]
    fn code_marks_report_writes() {
        let mut m = SparseMem::new();
        m.mark_code(0x100000);
        m.write(0x200000, &[1]).unwrap();
        assert!(!m.take_code_write());
        m.write(0x100ff8, &[1]).unwrap();
        assert!(m.take_code_write());
        assert!(!m.take_code_write());
    }

    #[test]
    fn small_accesses_match_byte_accesses() {
        let mut m = SparseMem::new();
        m.write_small(0x1008, 8, 0x0102_0304_0506_0708);
        assert_eq!(m.read_small(0x1008, 8), 0x0102_0304_0506_0708);
        assert_eq!(m.read_small(0x1008, 2), 0x0708);
        let mut b = [0u8; 1];
        m.read(0x100f, &mut b).unwrap();
        assert_eq!(b[0], 1);
        m.write_small(PAGE_SIZE - 2, 4, 0xaabb_ccdd);
        assert_eq!(m.read_small(PAGE_SIZE - 2, 4), 0xaabb_ccdd);
    }

    #[test]
    fn vec_mem_bounds() {
        let mut m = VecMem(vec![0; 16]);
        m.write(8, &[1; 8]).unwrap();
        assert!(m.write(12, &[1; 8]).is_err());
        let mut b = [0u8; 4];
        m.read(10, &mut b).unwrap();
        assert_eq!(b, [1; 4]);
    }
}
