//! The machine: CPU, memory and MMU behind a small rust-vmm style API, and the
//! run loop.
//!
//! The loop fetches a predecoded bundle (a cache hit is one tag compare), then
//! runs it: whole bundles one after the other in the fast path
//! ([`crate::fast`]), anything else slot by slot (count, test the qualifying
//! predicate, check the frame bound, call the handler). Stops, taken branches
//! and interruptions end instruction groups; the `attention` flag sends the
//! loop through its top (pending interrupts, single-step, code-cache flushes)
//! only when something asked for it.

use crate::config::Config;
use crate::exec::Flow;
use crate::exit::Exit;
use crate::fast;
use crate::interrupt::{isrb, Intr};
use crate::memory::PhysMem;
use crate::mmu::Access;
use crate::predecode::{self, gate, Cache, Decoded};
use crate::state::{psrb, Cpu};
use crate::stats::Stats;
use ia64::elf::{ElfError, ElfFile, ET_DYN};

/// Why an ELF image could not be loaded.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LoadError {
    /// The file is not a readable little-endian ELF64 for IA-64 (bad magic, class
    /// or machine, a header or segment outside the file); the reader's error says
    /// which file offset is at fault.
    #[error("not a loadable IA-64 ELF64 file: {0}")]
    Elf(#[from] ElfError),
    /// Ski would run this image in user mode (entry outside region 0, or ET_DYN),
    /// which ia64pv does not model.
    #[error("entry {entry:#x} or type {e_type} selects Ski's user mode, which is not modelled")]
    UserMode {
        /// e_entry.
        entry: u64,
        /// e_type.
        e_type: u16,
    },
}

/// A complete IA-64 system.
pub struct Machine {
    cpu: Box<Cpu>,
    cache: Cache,
    config: Config,
    trace: Vec<u64>,
    /// MMU generation the cache was filled under.
    mmu_gen: u64,
    /// Where the last run stopped inside a bundle for its budget: a run that
    /// continues there goes on with the same bundle instead of entering it
    /// again (no second bundle count, IIPA as if it never stopped).
    resume: Option<(u64, u8)>,
}

impl Machine {
    /// A machine in Ski's system-mode entry state with empty memory.
    pub fn new(config: Config) -> Machine {
        let mut cpu = Cpu::new();
        cpu.stop_on_fault = config.stop_on_fault;
        Machine {
            cpu,
            cache: Cache::new(),
            config,
            trace: Vec::new(),
            mmu_gen: 0,
            resume: None,
        }
    }

    /// Loads an ELF64 image with Ski's system-mode rules: every PT_LOAD segment is
    /// copied to its p_vaddr taken as a physical address (p_paddr is ignored), the
    /// rest of its p_memsz is zero, and execution starts at e_entry.
    pub fn load_elf(&mut self, bytes: &[u8]) -> Result<(), LoadError> {
        let elf = ElfFile::parse(bytes)?;
        let (entry, e_type) = (elf.header().e_entry, elf.header().e_type);
        // Ski's user-mode rule (ski-conventions.md): entry outside region 0 or
        // a shared object.
        if entry >> 61 != 0 || e_type == ET_DYN {
            return Err(LoadError::UserMode { entry, e_type });
        }
        // Every segment is read before any is copied: a bad program header
        // leaves memory as it was.
        for seg in elf.segments()? {
            let pa = seg.vaddr & !(1 << 63);
            let filesz = seg.data.len() as u64;
            let _ = self.cpu.mem.write(pa, seg.data);
            if seg.memsz > filesz {
                let zeros = vec![0u8; (seg.memsz - filesz).min(1 << 30) as usize];
                let _ = self.cpu.mem.write(pa + filesz, &zeros);
            }
        }
        self.cpu.ip = entry & !0xf;
        self.cpu.slot = 0;
        self.flush();
        Ok(())
    }

    /// Runs until something stops the machine or `budget` more instructions have
    /// executed (then [`Exit::Budget`]; `run` may be called again).
    pub fn run(&mut self, budget: u64) -> Exit {
        let mut limit = self.cpu.stats.insts.saturating_add(budget);
        if let Some(m) = self.config.max_insns {
            limit = limit.min(m);
        }
        if self.cpu.stats.insts >= limit {
            return Exit::Budget;
        }
        self.cpu.exit = None;
        let e = if self.config.trace {
            self.run_until::<true>(limit)
        } else {
            self.run_until::<false>(limit)
        };
        self.cpu.exit = None;
        e
    }

    /// The run loop proper; `limit` is the instruction count to stop at. The
    /// count lives in [`fast::Run`] and is written back when the loop returns.
    ///
    /// A bundle entered at slot 0 with room in the budget, every stacked
    /// register it names inside the frame and no `attention` pending (that is,
    /// not single-stepping) goes to the fast path, [`fast::run`], which goes
    /// on from bundle to bundle while each can run there. Anything else
    /// (entry in the middle of a bundle, a budget ending inside it, a frame
    /// check that may fail) runs [`slot_by_slot`]. Both paths end bundles the
    /// same way.
    ///
    /// `TRACE` is [`Config::trace`], a parameter so the loop without it has no
    /// test for it.
    fn run_until<const TRACE: bool>(&mut self, limit: u64) -> Exit {
        let Machine {
            cpu,
            cache,
            trace: trace_buf,
            mmu_gen,
            resume,
            ..
        } = self;
        let c = &mut **cpu;
        // The fetch key (translation mode, privilege, psr.pk) changes only with
        // the PSR, and every PSR change that matters sets `attention`.
        let mut st = fast::Run {
            n: c.stats.insts,
            limit,
            fast_end: limit.saturating_sub(2),
            last_bundle: c.iipa_last,
            key: fetch_key(c),
            mmu_gen: *mmu_gen,
            resume_at: resume.take(),
        };
        let exit = 'top: loop {
            // Whether the check left `attention` set: single-stepping, or a
            // psr bit that lasts one instruction (`Cpu::check_attention`).
            let mut stepping = false;
            if c.attention {
                if c.flush_code || c.mem.take_code_write() {
                    flush(c, cache);
                }
                if st.resume_at != Some((c.ip, c.slot)) {
                    // Nothing of this bundle ran yet: an interrupt here has
                    // the last bundle left as IIPA.
                    c.prev_ip = st.last_bundle;
                    c.first_slot = c.slot;
                }
                if c.check_attention(false) == Flow::Stop {
                    break take_exit(c);
                }
                if st.resume_at != Some((c.ip, c.slot)) {
                    st.resume_at = None;
                }
                st.key = fetch_key(c);
                stepping = c.attention;
            }
            if st.key != predecode::KEY_PHYSICAL && c.mmu.generation() != st.mmu_gen {
                st.mmu_gen = c.mmu.generation();
                flush(c, cache);
            }
            let mut b = match cache.hit(c.ip, st.key) {
                Some(b) => b,
                None => {
                    if fetch_slow(c, cache, st.key, st.last_bundle).is_none() {
                        // The fetch raised an interruption (or stopped).
                        st.last_bundle = c.iipa_last;
                        if c.exit.is_some() {
                            break take_exit(c);
                        }
                        st.resume_at = None;
                        c.group_end();
                        continue;
                    }
                    // Cached now; looked up again (the fetch borrowed the
                    // cache mutably), not through the top, whose attention
                    // check must not run twice at one boundary (it would
                    // clear a psr bit that lasts one instruction early).
                    match cache.hit(c.ip, st.key) {
                        Some(b) => b,
                        None => continue,
                    }
                }
            };
            if TRACE {
                trace_buf.push(c.ip);
            }
            // Every slot, nops included, must be followed by the single-step
            // check, and the instruction a one-shot psr bit lasts for by the
            // check that clears it, which only the slot-by-slot path makes.
            if c.slot == 0 && !stepping && st.n < st.fast_end && b.need_sof as usize <= c.sof {
                c.first_slot = 0;
                // A bundle entered at slot 0 is not the one a run stopped
                // inside (that is at slot 1 or 2): no resuming from here on.
                st.resume_at = None;
                let exit = if st.key == predecode::KEY_PHYSICAL {
                    fast::run::<TRACE, false>(c, cache, trace_buf, &mut st, b)
                } else {
                    fast::run::<TRACE, true>(c, cache, trace_buf, &mut st, b)
                };
                match exit {
                    fast::FastExit::Top => {
                        // `attend` may have made the loop top's check and
                        // cleared `attention` after an `rfi` or an
                        // interruption changed psr.it, psr.cpl or psr.pk: the
                        // fetch key follows here, as the top would have.
                        st.key = fetch_key(c);
                        continue 'top;
                    }
                    fast::FastExit::Budget => break Exit::Budget,
                    fast::FastExit::End(flow, s, nslots) => {
                        if let Some(e) = end_bundle(c, &mut st, resume, flow, s, nslots) {
                            break e;
                        }
                        continue 'top;
                    }
                    fast::FastExit::Slow => {
                        b = match cache.hit(c.ip, st.key) {
                            Some(b) => b,
                            None => continue 'top,
                        };
                    }
                }
            }
            if let Some(e) = slot_by_slot(c, b, &mut st, resume) {
                break e;
            }
        };
        c.stats.insts = st.n;
        *mmu_gen = st.mmu_gen;
        c.iipa_last = st.last_bundle;
        exit
    }

    /// Drops every predecoded bundle.
    fn flush(&mut self) {
        flush(&mut self.cpu, &mut self.cache);
    }

    /// The state dump in the Ski sheet's format (without FP registers).
    pub fn state_dump(&self) -> String {
        self.cpu.dump(false)
    }

    /// The state dump followed by f2..f127 (`--state-out-fp`).
    pub fn state_dump_fp(&self) -> String {
        self.cpu.dump(true)
    }

    /// Console output produced since the last call (SSC PUTCHAR).
    pub fn take_console(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.cpu.console)
    }

    /// Counters.
    pub fn stats(&self) -> &Stats {
        &self.cpu.stats
    }

    /// Bundle addresses executed, when [`Config::trace`] is set.
    pub fn trace(&self) -> &[u64] {
        &self.trace
    }

    /// Logical GR `n` of the current frame and bank, with its NaT bit.
    pub fn gr(&self, n: u8) -> (u64, bool) {
        self.cpu.rn(n & 127)
    }

    /// Writes logical GR `n` (r0 is ignored).
    pub fn set_gr(&mut self, n: u8, v: u64, nat: bool) {
        if n != 0 {
            self.cpu.w(n & 127, v, nat);
        }
    }

    /// Logical predicate `n`.
    pub fn pr(&self, n: u8) -> bool {
        self.cpu.p(n & 63)
    }

    /// Writes logical predicate `n` (p0 stays 1).
    pub fn set_pr(&mut self, n: u8, v: bool) {
        self.cpu.set_p(n & 63, v);
    }

    /// Branch register `n`.
    pub fn br(&self, n: u8) -> u64 {
        self.cpu.br[n as usize & 7]
    }

    /// Application register `n`.
    pub fn ar(&self, n: u8) -> u64 {
        self.cpu.ar[n as usize & 127]
    }

    /// Writes application register `n` directly (no checks, no RSE side effects).
    pub fn set_ar(&mut self, n: u8, v: u64) {
        self.cpu.ar[n as usize & 127] = v;
        self.cpu.retime();
    }

    /// Control register `n`.
    pub fn cr(&self, n: u8) -> u64 {
        self.cpu.cr[n as usize & 127]
    }

    /// Writes control register `n` directly.
    pub fn set_cr(&mut self, n: u8, v: u64) {
        self.cpu.cr[n as usize & 127] = v;
        self.cpu.retime();
        self.cpu.attention = true;
    }

    /// Region register `n`.
    pub fn rr(&self, n: u8) -> u64 {
        self.cpu.rr[n as usize & 7]
    }

    /// Logical FR `n`.
    pub fn fr(&self, n: u8) -> crate::fp::Fr {
        self.cpu.f(n & 127)
    }

    /// The PSR (with psr.ri = the next slot).
    pub fn psr(&self) -> u64 {
        self.cpu.psr | (self.cpu.slot as u64) << psrb::RI_SHIFT
    }

    /// The CFM.
    pub fn cfm(&self) -> u64 {
        self.cpu.cfm()
    }

    /// Address of the next bundle to execute.
    pub fn ip(&self) -> u64 {
        self.cpu.ip
    }

    /// Slot of the next instruction to execute.
    pub fn slot(&self) -> u8 {
        self.cpu.slot
    }

    /// Sets the next instruction.
    pub fn set_ip(&mut self, ip: u64, slot: u8) {
        self.cpu.ip = ip & !0xf;
        self.cpu.slot = slot.min(2);
    }

    /// Reads physical memory.
    pub fn read_mem(&mut self, pa: u64, buf: &mut [u8]) {
        let _ = self.cpu.mem.read(pa, buf);
    }

    /// Writes physical memory (the predecode cache follows).
    pub fn write_mem(&mut self, pa: u64, buf: &[u8]) {
        let _ = self.cpu.mem.write(pa, buf);
        if self.cpu.mem.take_code_write() {
            self.flush();
        }
    }
}

/// The exit an instruction or the slow path recorded.
fn take_exit(c: &mut Cpu) -> Exit {
    c.exit.take().unwrap_or(Exit::Budget)
}

/// Ends the bundle after its slot `s` (of `nslots`) returned `flow` (not
/// `Next`, which only the attention check returns here); `st.n` already
/// counts slot `s`. `Some` is the exit the run loop returns.
fn end_bundle(
    c: &mut Cpu,
    st: &mut fast::Run,
    resume: &mut Option<(u64, u8)>,
    flow: Flow,
    s: usize,
    nslots: usize,
) -> Option<Exit> {
    match flow {
        Flow::Taken => {
            c.group_end();
            if c.psr & (psrb::TB | psrb::SS) != 0 {
                // Taken Branch or Single Step trap: IIP is the target, IIPA
                // the branch's bundle.
                c.branch_trap(st.last_bundle, s as u8, false);
                if c.exit.is_some() {
                    return Some(take_exit(c));
                }
            }
        }
        Flow::Jump | Flow::Next => {
            // `rfi` or the interruption said which bundle counts as the last
            // one executed (interrupt.rs, IIPA).
            st.last_bundle = c.iipa_last;
            c.group_end();
        }
        Flow::Stop => {
            if matches!(c.exit, Some(Exit::HostCall { .. })) {
                // The call completes; execution resumes after it.
                let s = s + 1;
                if s >= nslots {
                    c.ip = c.ip.wrapping_add(16);
                    c.slot = 0;
                } else {
                    c.slot = s as u8;
                    *resume = Some((c.ip, c.slot));
                }
            }
            return Some(take_exit(c));
        }
    }
    (st.n >= st.limit).then_some(Exit::Budget)
}

/// Runs the bundle `b` at `c.ip` from slot `c.slot` one slot at a time, every
/// slot counted, checked and followed by the attention check; stops inside
/// it when the count reaches the limit (`resume` then says where). `Some` is
/// the exit the run loop returns.
#[inline(never)]
fn slot_by_slot(
    c: &mut Cpu,
    b: &Decoded,
    st: &mut fast::Run,
    resume: &mut Option<(u64, u8)>,
) -> Option<Exit> {
    let nslots = b.nslots as usize;
    c.cur_is_mlx = nslots == 2;
    let mut s = (c.slot as usize).min(nslots - 1);
    if st.resume_at.take() == Some((c.ip, c.slot)) {
        // The bundle the last run stopped inside: already entered.
        st.last_bundle = c.ip;
    } else {
        c.stats.bundles += 1;
        c.prev_ip = st.last_bundle;
        st.last_bundle = c.ip;
        c.first_slot = s as u8;
    }
    loop {
        let op = b.op(s);
        st.n += 1;
        let flow = if op.gate & gate::NOP != 0 || !c.p(op.qp) {
            Flow::Next
        } else {
            c.slot = s as u8;
            if op.max as usize >= 32 + c.sof {
                c.illegal()
            } else {
                (op.h)(c, op)
            }
        };
        if flow != Flow::Next {
            return end_bundle(c, st, resume, flow, s, nslots);
        }
        if op.gate & gate::STOP != 0 {
            c.group_end();
        }
        if c.attention {
            c.slot = s as u8;
            let flow = c.check_attention(true);
            if flow != Flow::Next {
                return end_bundle(c, st, resume, flow, s, nslots);
            }
        }
        s += 1;
        let done = s >= nslots;
        if done {
            c.ip = c.ip.wrapping_add(16);
            c.slot = 0;
        }
        if st.n >= st.limit {
            if !done {
                c.slot = s as u8;
                *resume = Some((c.ip, c.slot));
            }
            return Some(Exit::Budget);
        }
        if done {
            return None;
        }
    }
}

/// Drops every predecoded bundle.
fn flush(c: &mut Cpu, cache: &mut Cache) {
    cache.flush();
    c.mem.clear_code_marks();
    c.insns.clear();
    c.flush_code = false;
    c.stats.flushes += 1;
}

/// The predecode cache key of the current fetch mode:
/// [`predecode::KEY_PHYSICAL`] with instruction translation off, else 8 |
/// privilege << 1 | psr.pk (a bundle fetched under one key must be
/// translated again under another).
#[inline]
pub(crate) fn fetch_key(c: &Cpu) -> u64 {
    if c.psr & psrb::IT != 0 {
        8 | (c.cpl() as u64) << 1 | (c.psr & psrb::PK != 0) as u64
    } else {
        predecode::KEY_PHYSICAL
    }
}

/// Translates, reads and predecodes the bundle at `c.ip`; `None` if the fetch
/// raised an interruption. `last_bundle` is the bundle executed before it
/// (IIPA of a fetch fault).
#[cold]
fn fetch_slow<'a>(
    c: &mut Cpu,
    cache: &'a mut Cache,
    key: u64,
    last_bundle: u64,
) -> Option<&'a Decoded> {
    let ip = c.ip;
    let pa = if c.psr & psrb::IT != 0 {
        let cx = c.mmu_ctx();
        match c
            .mmu
            .translate(&cx, &mut c.mem, ip, 16, Access::Execute, false)
        {
            Ok(pa) => pa,
            Err(f) => {
                // The interruption table itself cannot be fetched while
                // interruption collection is off: every delivery would fault
                // again without executing anything (so without spending the
                // budget). Hardware would spin; the simulator stops.
                let iva = c.cr[ia64::regs::Cr::Iva as usize] & !0x7fff;
                if c.psr & psrb::IC == 0 && ip.wrapping_sub(iva) < 0x8000 {
                    c.exit = Some(crate::Exit::Fault {
                        vector: f.vector,
                        ip,
                    });
                    return None;
                }
                c.prev_ip = last_bundle;
                c.first_slot = c.slot;
                c.deliver(
                    f.vector,
                    Intr {
                        isr: f.isr | isrb::X,
                        ..Intr::of_mmu(&f)
                    },
                );
                return None;
            }
        }
    } else {
        ip & !(1 << 63)
    };
    if cache.cached_pa(ip) == Some(pa) {
        return Some(cache.rekey(ip, key));
    }
    let mut bytes = [0u8; 16];
    let _ = c.mem.read(pa, &mut bytes);
    let d = predecode::build(c, ip, &bytes);
    c.mem.mark_code(pa);
    c.stats.decodes += 1;
    Some(cache.insert(ip, key, pa, d))
}

#[cfg(test)]
mod tests {
    //! Whole-machine tests: small programs assembled with the project's own
    //! assembler (`ia64::asm`), linked at 0x100000 (text) / 0x200000 (data), run
    //! to their SSC EXIT.
    use super::*;
    use crate::stats::Stats;
    use ia64::asm::elfout::{link, Layout};
    use ia64::asm::{assemble, Options, Source};
    use ia64::vector::Vector;

    /// `src` (with an `exit_ok` label that exits 0) as an executable.
    fn image(src: &str) -> Vec<u8> {
        let text = format!(
            "\t.explicit\n\t.text\n\t.global _start\n{src}\n\
             exit_ok:\n\tmov r15 = 66\n\tmov r32 = 0 ;;\n\tbreak.m 0x80000 ;;\n"
        );
        let a = assemble(
            &[Source {
                name: "t.S".into(),
                text,
            }],
            &Options::default(),
        )
        .unwrap_or_else(|d| panic!("assembly failed:\n{}", d.render()));
        let layout = Layout {
            section_start: vec![(".text".into(), 0x100000), (".data".into(), 0x200000)],
            entry: None,
        };
        link(&a.object, &layout).expect("link").to_elf()
    }

    fn machine(src: &str) -> Machine {
        let mut m = Machine::new(Config::default());
        m.load_elf(&image(src)).expect("load");
        m
    }

    /// A file that is not an IA-64 ELF64 executable, or has a header or segment
    /// outside the file, is refused with the reader's error (which names the
    /// offset), never a panic, and leaves memory untouched.
    #[test]
    fn load_elf_refuses_bad_files() {
        let good = image(
            "_start:\n\tbr.sptk.many exit_ok ;;\n\t.data\nd:\tdata8 0x1122334455667788\n\t.text\n",
        );
        let phoff = u64::from_le_bytes(good[32..40].try_into().expect("8 bytes")) as usize;
        let mut x86 = good.clone();
        x86[18..20].copy_from_slice(&62u16.to_le_bytes());
        let mut elf32 = good.clone();
        elf32[4] = 1;
        // The first program header's p_filesz reaches past the end of the file.
        let mut short_segment = good.clone();
        short_segment[phoff + 32..phoff + 40].copy_from_slice(&(good.len() as u64).to_le_bytes());
        let cases: [(&str, Vec<u8>, &str); 5] = [
            (
                "text",
                b"#!/bin/sh\nexit 0\n".to_vec(),
                "bad magic at offset 0",
            ),
            ("x86-64", x86, "machine at offset 0x12 is 62 (x86-64)"),
            ("ELF32", elf32, "not ELF64 at offset 4"),
            ("cut header", good[..40].to_vec(), "truncated"),
            ("segment past the end", short_segment, "segment at offset"),
        ];
        for (what, bytes, says) in cases {
            let mut m = Machine::new(Config::default());
            let e = m.load_elf(&bytes).expect_err(what);
            assert!(matches!(e, LoadError::Elf(_)), "{what}: {e:?}");
            assert!(e.to_string().contains(says), "{what}: {e}");
            let mut word = [0u8; 8];
            m.read_mem(0x200000, &mut word);
            assert_eq!(word, [0; 8], "{what}: memory written");
        }
        let mut m = Machine::new(Config::default());
        m.load_elf(&good).expect("the unmodified image loads");
        let mut word = [0u8; 8];
        m.read_mem(0x200000, &mut word);
        assert_eq!(u64::from_le_bytes(word), 0x1122334455667788);
        assert_eq!(m.ip(), 0x100000);
    }

    /// Ski's user-mode images (entry outside region 0, ET_DYN) are refused.
    #[test]
    fn load_elf_refuses_user_mode_images() {
        let good = image("_start:\n\tbr.sptk.many exit_ok ;;\n");
        let mut high = good.clone();
        high[24..32].copy_from_slice(&0x2000_0000_0010_0000u64.to_le_bytes());
        let mut dyn_ = good.clone();
        dyn_[16..18].copy_from_slice(&3u16.to_le_bytes());
        for (bytes, entry, e_type) in [(high, 0x2000_0000_0010_0000, 2), (dyn_, 0x100000, 3)] {
            let e = Machine::new(Config::default()).load_elf(&bytes);
            assert_eq!(e, Err(LoadError::UserMode { entry, e_type }));
        }
    }

    fn run_ok(src: &str) -> Machine {
        let mut m = machine(src);
        let e = m.run(10_000_000);
        assert_eq!(
            e,
            Exit::Exited(0),
            "isr {:#x} iip {:#x}",
            m.gr(11).0,
            m.gr(12).0
        );
        m
    }

    #[test]
    fn unfetchable_vector_table_stops_instead_of_spinning() {
        // Instruction translation on, an empty TLB, psr.ic = 0: the fetch at
        // `target` faults, and so does every fetch of the handler in the IVT.
        let mut m = machine(
            "_start:\n\tmovl r2 = 0x400000 ;;\n\tmov cr.iva = r2\n\tmovl r3 = 0x1000000000 ;;\n\
             \tmov cr.ipsr = r3\n\tmovl r4 = target ;;\n\tmov cr.iip = r4\n\tmov cr.ifs = r0 ;;\n\
             \trfi ;;\ntarget:\n\tnop.m 0\n\tnop.i 0\n\tnop.i 0 ;;",
        );
        match m.run(1_000_000) {
            Exit::Fault { ip, .. } => assert!((0x400000..0x408000).contains(&ip), "{ip:#x}"),
            other => panic!("expected a stop at the vector table, got {other:?}"),
        }
    }

    #[test]
    fn counts_are_exact() {
        // 3 bundles of 3 slots, then exit_ok: 2 bundles (the break is slot 0 of
        // the second, which counts).
        let m = run_ok(
            "_start:\n\tnop.m 0\n\tnop.i 0\n\tnop.i 0 ;;\n\tadd r20 = 1, r20 ;;\n\t(p0) nop.i 0 ;;",
        );
        assert_eq!(m.stats().insts, 3 + 3 + 3 + 1);
        assert_eq!(m.gr(20), (1, false));
        assert_eq!(m.stats().bundles, 4);
    }

    #[test]
    fn budget_stops_mid_bundle_and_resumes() {
        let mut m =
            machine("_start:\n\tadd r20 = 1, r20\n\tadd r20 = 1, r20\n\tadd r20 = 1, r20 ;;");
        assert_eq!(m.run(2), Exit::Budget);
        assert_eq!((m.slot(), m.gr(20).0), (2, 2));
        assert_eq!(m.run(100), Exit::Exited(0));
        assert_eq!(m.gr(20).0, 3);
    }

    #[test]
    fn deep_recursion_spills_and_fills() {
        // f(n) = n == 0 ? 0 : n + f(n - 1), each level keeping n in a local.
        let src = "_start:\n\
            \tmov r32 = 300 ;;\n\
            \tbr.call.sptk.many b0 = f ;;\n\
            \tmov r20 = r8 ;;\n\
            \tbr.sptk.many exit_ok ;;\n\
            f:\n\
            \talloc r33 = ar.pfs, 1, 9, 1, 0\n\
            \tmov r34 = b0 ;;\n\
            \tcmp.eq p6, p7 = 0, r32 ;;\n\
            (p6) mov r8 = 0\n\
            (p6) br.cond.spnt.many 1f ;;\n\
            \tadds r42 = -1, r32 ;;\n\
            \tbr.call.sptk.many b0 = f ;;\n\
            \tadd r8 = r8, r32 ;;\n\
            1:\tmov b0 = r34\n\
            \tmov ar.pfs = r33 ;;\n\
            \tbr.ret.sptk.many b0 ;;";
        let m = run_ok(src);
        assert_eq!(m.gr(20).0, 300 * 301 / 2);
        assert!(
            m.stats().rse_spills > 2000,
            "spills {}",
            m.stats().rse_spills
        );
        assert!(m.stats().rse_fills > 2000, "fills {}", m.stats().rse_fills);
        assert_eq!(m.ar(17), 0, "ar.bsp back at its start");
    }

    /// An IVT at 0x180000 whose Break entry runs `handler` (then falls into the
    /// next entry), and `_start` code after installing it.
    fn with_ivt(handler: &str, body: &str) -> String {
        format!(
            "_start:\n\tmovl r2 = 0x180000 ;;\n\tmov cr.iva = r2 ;;\n\tbr.sptk.many main ;;\n\
             \t.org 0x80000 + 0x2c00\nbreak_entry:\n{handler}\n\
             \t.org 0x80000 + 0x3000\next_entry:\n\tmov r9 = cr.ivr ;;\n\tadd r10 = 1, r10\n\
             \tmov cr.eoi = r0 ;;\n\trfi ;;\n\
             \t.org 0x80000 + 0x5400\ngen_entry:\n\tmov r11 = cr.isr\n\tmov r12 = cr.iip ;;\n\
             \tmov r15 = 66\n\tmov r32 = 99 ;;\n\tbreak.m 0x80000 ;;\n\
             \t.org 0x80000 + 0x6000\nmain:\n{body}"
        )
    }

    #[test]
    fn break_fault_resources_and_rfi_with_cover() {
        // The handler covers the interrupted frame, allocates its own, skips the
        // faulting bundle and returns with ifs.v set.
        let handler =
            "\tmov r16 = cr.iim\n\tmov r17 = cr.isr\n\tmov r18 = cr.iip\n\tmov r19 = cr.ipsr ;;\n\
            \tcover ;;\n\talloc r20 = ar.pfs, 0, 3, 0, 0 ;;\n\tmov r32 = 7\n\tmov r33 = 8 ;;\n\
            \tadds r18 = 16, r18 ;;\n\tmov cr.iip = r18 ;;\n\trfi ;;";
        let body = "\tmovl r2 = 0x2000 ;;\n\tmov cr.ipsr = r0\n\tmov cr.ifs = r0 ;;\n\
            \talloc r35 = ar.pfs, 0, 4, 0, 0 ;;\n\tmov r32 = 1\n\tmov r33 = 2\n\tmov r34 = 3 ;;\n\
            \tssm 0x2000 ;;\n\tsrlz.d ;;\n\
            \t{ .mii\n\tbreak.m 0x1234\n\tnop.i 0\n\tnop.i 0 ;; }\n\
            \tmov r21 = r32\n\tmov r22 = r33\n\tmov r23 = r34 ;;\n\tbr.sptk.many exit_ok ;;";
        let m = run_ok(&with_ivt(handler, body));
        assert_eq!(m.gr(16).0, 0x1234, "iim");
        assert_eq!(m.gr(17).0 >> 41 & 3, 0, "isr.ei");
        assert_eq!(m.gr(19).0 & (1 << 13), 1 << 13, "ipsr.ic");
        assert_eq!(
            (m.gr(21).0, m.gr(22).0, m.gr(23).0),
            (1, 2, 3),
            "frame restored by rfi"
        );
        assert_eq!(m.cfm() & 0x7f, 4);
        assert_eq!(m.stats().interruptions_of(Vector::BreakInstruction), 1);
    }

    /// IIPA after an `ssm` that turned psr.ic on in slot 0 (SDM Vol 2
    /// §3.3.5.6): a later bundle counts from its slot 0 again, so a fault in
    /// its slot 1 names that bundle (its slot 0 completed), whichever path
    /// runs the bundles. The second time round the bundles are cached and
    /// the fast path runs them back to back.
    #[test]
    fn iipa_counts_from_slot_0_in_bundles_after_ssm_ic() {
        let handler = "\tmov r16 = cr.iipa\n\tmov r17 = cr.iip ;;\n\tbr.sptk.many exit_ok ;;";
        let body = "\tmovl r20 = target\n\tcmp.eq p6, p0 = r0, r20 ;;\n\
            again:\n\trsm 0x2000 ;;\n\tsrlz.d ;;\n\
            \t{ .mmi\n\tssm 0x2000\n\tnop.m 0\n\tnop.i 0 ;; }\n\
            \t{ .mmi\n\tsrlz.d\n\tnop.m 0\n\tnop.i 0 ;; }\n\
            target:\n\t{ .mii\n\tnop.m 0\n(p6)\tbreak.i 0x1234\n\tnop.i 0 ;; }\n\
            \t{ .mib\n\tnop.m 0\n\tcmp.eq p6, p0 = r0, r0\n\tbr.sptk.many again ;; }";
        let src = with_ivt(handler, body);
        for slices in [&[u64::MAX][..], &[1], &[1, 2, 3, 5, 7, 11]] {
            let mut m = machine(&src);
            let mut budgets = slices.iter().cycle();
            let exit = loop {
                match m.run(budgets.next().copied().unwrap_or(u64::MAX)) {
                    Exit::Budget => continue,
                    e => break e,
                }
            };
            assert_eq!(exit, Exit::Exited(0), "budgets {slices:?}");
            let target = m.gr(20).0;
            assert_eq!(m.gr(17).0, target, "iip, budgets {slices:?}");
            assert_eq!(m.gr(16).0, target, "iipa, budgets {slices:?}");
        }
    }

    #[test]
    fn out_of_frame_register_is_illegal_operation() {
        let body = "\talloc r40 = ar.pfs, 0, 9, 0, 0 ;;\n\tadd r41 = 1, r0 ;;\n";
        let mut m = machine(&with_ivt("\tbreak.m 0 ;;", body));
        assert_eq!(m.run(1000), Exit::Exited(99));
        assert_eq!(m.gr(11).0 & 0xff, 0, "isr.code: Illegal Operation");
        assert_eq!(m.stats().interruptions_of(Vector::GeneralException), 1);
    }

    /// A `mov` to or from an interruption CR (its own handler) with psr.ic
    /// = 1 is an Illegal Operation (SDM Vol 2 §3.3.5); with psr.ic = 0 it
    /// reaches the register.
    #[test]
    fn interruption_crs_only_with_psr_ic_off() {
        for op in ["mov cr.iip = r3", "mov r4 = cr.ifa"] {
            let body = format!(
                "\tmov r3 = 0x40 ;;\n\tmov cr.ifa = r3 ;;\n\tmov r5 = cr.ifa ;;\n\
                 \tssm 0x2000 ;;\n\tsrlz.d ;;\n\t{op} ;;\n"
            );
            let mut m = machine(&with_ivt("\tbreak.m 0 ;;", &body));
            assert_eq!(m.run(1000), Exit::Exited(99), "{op}");
            assert_eq!(m.gr(11).0 & 0xff, 0, "isr.code: Illegal Operation");
            assert_eq!(m.gr(5).0, 0x40, "the move with psr.ic = 0");
        }
    }

    /// `alloc` growing the small frame a call left (its register map built
    /// for the callee's outputs) reaches every register of the new frame,
    /// r70 included, through the fast path's `alloc`.
    #[test]
    fn alloc_growing_a_callee_frame_reaches_every_register() {
        let src = "_start:\n\talloc r2 = ar.pfs, 0, 4, 0, 0 ;;\n\tbr.call.sptk.many b0 = f ;;\n\
            f:\n\talloc r3 = ar.pfs, 0, 40, 0, 0 ;;\n\tmov r70 = 9\n\tmov r50 = 8 ;;\n\
            \tadd r71 = r70, r50 ;;\n\tbr.sptk.many exit_ok ;;";
        let m = run_ok(src);
        assert_eq!(m.gr(70), (9, false));
        assert_eq!(m.gr(71), (17, false));
        assert_eq!(m.cfm() & 0x7f, 40);
    }

    #[test]
    fn privileged_op_at_pl3() {
        // rfi to PL3, then rsm: Privileged Operation (isr.code 0x10).
        let body = "\tmovl r2 = 3 << 32 | 1 << 13 ;;\n\tmov cr.ipsr = r2\n\tmovl r3 = user ;;\n\
            \tmov cr.iip = r3\n\tmov cr.ifs = r0 ;;\n\trsm 0x2000 ;;\n\trfi ;;\n\
            user:\n\trsm 0x4000 ;;\n";
        let mut m = machine(&with_ivt("\tbreak.m 0 ;;", body));
        assert_eq!(m.run(1000), Exit::Exited(99));
        assert_eq!(m.gr(11).0 & 0xff, 0x10);
    }

    #[test]
    fn external_interrupt_through_ssc_and_ivr_eoi() {
        let body = "\tmov r15 = 58\n\tmov r32 = 1\n\tmov r33 = 0x42 ;;\n\tbreak.m 0x80000 ;;\n\
            \tssm 0x6000 ;;\n\tsrlz.d ;;\n\
            \tmov r15 = 59\n\tmov r32 = 1 ;;\n\tbreak.m 0x80000 ;;\n\
            \tadd r13 = 1, r13 ;;\n\tbr.sptk.many exit_ok ;;";
        let m = run_ok(&with_ivt("\tbreak.m 0 ;;", body));
        assert_eq!(m.gr(9).0, 0x42, "cr.ivr returned the vector");
        assert_eq!(m.gr(10).0, 1, "one interrupt taken");
        assert_eq!(m.gr(13).0, 1, "execution resumed after the break");
        assert_eq!(m.stats().interruptions_of(Vector::ExternalInterrupt), 1);
    }

    #[test]
    fn timer_interrupt_from_itm() {
        let body = "\tmov r2 = 0xe0 ;;\n\tmov cr.itv = r2\n\tmov r3 = ar.itc ;;\n\tadds r3 = 50, r3 ;;\n\
            \tmov cr.itm = r3 ;;\n\tssm 0x6000 ;;\n\tsrlz.d ;;\n\
            1:\tcmp.eq p6, p7 = 0, r10 ;;\n\t(p6) br.cond.sptk.many 1b ;;\n\tbr.sptk.many exit_ok ;;";
        let m = run_ok(&with_ivt("\tbreak.m 0 ;;", body));
        assert_eq!(m.gr(9).0, 0xe0);
        assert!(m.ar(44) >= 50);
    }

    #[test]
    fn bank_switch_keeps_both_banks() {
        let m = run_ok("_start:\n\tmov r16 = 5 ;;\n\tbsw.1 ;;\n\tmov r16 = 6 ;;\n\tbsw.0 ;;\n\tmov r20 = r16 ;;");
        assert_eq!(m.gr(20).0, 5);
        let d = m.state_dump();
        assert!(d.contains("bank1.r16        0000000000000006\n"));
    }

    #[test]
    fn speculation_and_alat() {
        // ld8.s from a NaT address defers; chk.s branches to recovery. ld8.a then a
        // store to the same address: ld8.c.clr reloads.
        let src = "_start:\n\tmovl r20 = 0x300000 ;;\n\tmov r21 = 11 ;;\n\tst8 [r20] = r21 ;;\n\
            \tld8.s r22 = [r20] ;;\n\tld8.a r23 = [r20] ;;\n\tmov r21 = 12 ;;\n\tst8 [r20] = r21 ;;\n\
            \tld8.c.clr r23 = [r20] ;;\n\
            \tmov r24 = r0 ;;\n\tld8.s r25 = [r24] ;;\n\tadd r26 = r25, r0 ;;\n\
            \tchk.s r26, rec ;;\n\tbr.sptk.many exit_ok ;;\n\
            rec:\n\tmov r27 = 1 ;;\n\tbr.sptk.many exit_ok ;;";
        let mut m = machine(src);
        m.write_mem(0, &[0xaa; 8]);
        assert_eq!(m.run(10_000), Exit::Exited(0));
        assert_eq!(m.gr(22), (11, false));
        assert_eq!(m.gr(23), (12, false), "ld.c reloaded after the store");
        // Physical address 0 is fine in physical mode: no deferral there.
        assert_eq!(m.gr(25), (0xaaaa_aaaa_aaaa_aaaa, false));
        assert_eq!(m.gr(27).0, 0, "no NaT, no recovery");
    }

    #[test]
    fn modulo_loop_rotates_predicates_and_registers() {
        // br.ctop over 4 iterations with ec = 2: r32 rotates, p16 feeds p17.
        let src = "_start:\n\talloc r2 = ar.pfs, 0, 8, 0, 8 ;;\n\tmov ar.lc = 3\n\tmov ar.ec = 2 ;;\n\
            \tmov pr.rot = 1 << 16 ;;\n\tmov r8 = 0 ;;\n\
            1:\t(p16) adds r32 = 1, r8\n\t(p17) add r9 = r9, r33\n\tadds r8 = 1, r8\n\tbr.ctop.sptk.few 1b ;;";
        let m = run_ok(src);
        // p17 stages added 1+2+3+4.
        assert_eq!(m.gr(9).0, 10);
        assert_eq!(m.ar(65), 0);
        assert_eq!(m.ar(66), 0);
    }

    #[test]
    fn alloc_resizing_rotation_with_rotated_bases_faults() {
        // One br.ctop with lc = 0 and ec = 1 rotates once (rrb.gr = 7); after
        // it an alloc keeping sor = 8 is fine and one changing it is a Reserved
        // Register/Field fault (SDM Vol 3 `alloc`), which it is not without the
        // rotation.
        let body = |ctop: &str, sor: u8| {
            format!(
                "_start:\n\talloc r2 = ar.pfs, 0, 8, 0, 8 ;;\n\tmov ar.lc = 0\n\tmov ar.ec = 1 ;;\n\
                 \t{ctop} ;;\n1:\talloc r3 = ar.pfs, 0, 16, 0, {sor} ;;\n\
                 \tmov r20 = 5 ;;\n\tbr.sptk.many exit_ok ;;"
            )
        };
        const CTOP: &str = "br.ctop.sptk.few 1f";
        assert_eq!(run_ok(&body(CTOP, 8)).gr(20).0, 5);
        assert_eq!(run_ok(&body("nop.b 0", 16)).gr(20).0, 5);
        let mut m = machine(&body(CTOP, 16));
        assert_ne!(m.run(10_000), Exit::Exited(0));
        assert_eq!(m.gr(20).0, 0, "execution stopped at the faulting alloc");
    }

    /// Assembles a self-contained program (its own `_start`, includes from
    /// `tests/programs/`) and loads it.
    fn load_program(name: &str, text: &str) -> Machine {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
        let opts = Options {
            include_dirs: vec![dir],
            ..Options::default()
        };
        let a = assemble(
            &[Source {
                name: name.into(),
                text: text.into(),
            }],
            &opts,
        )
        .unwrap_or_else(|d| panic!("{name}: assembly failed:\n{}", d.render()));
        let layout = Layout {
            section_start: vec![(".text".into(), 0x100000)],
            entry: Some("_start".into()),
        };
        let img = link(&a.object, &layout).expect("link");
        let mut m = Machine::new(Config::default());
        m.load_elf(&img.to_elf()).expect("load");
        m
    }

    /// Runs `m` to its exit in budgets cycling through `slices` (u64::MAX: one
    /// call), and returns everything observable: exit, state dump, console
    /// and counters.
    fn observe(mut m: Machine, slices: &[u64]) -> (Exit, String, Vec<u8>, Stats) {
        let mut k = 0;
        let exit = loop {
            let budget = slices[k % slices.len()];
            k += 1;
            match m.run(budget) {
                Exit::Budget if m.stats().insts < 20_000_000 => continue,
                e => break e,
            }
        };
        let mut stats = m.stats().clone();
        // Predecode-cache work differs with the run pattern; nothing else may.
        stats.decodes = 0;
        stats.flushes = 0;
        (exit, m.state_dump_fp(), m.take_console(), stats)
    }

    /// The fast path (whole bundles, nops skipped, counted once per bundle)
    /// and the slot-by-slot path give the same machine: budgets of 1 and 2
    /// force the slot-by-slot path everywhere (a budget of 1 stops after
    /// every instruction), a single budget takes the fast path wherever it
    /// can, and odd slices mix the two inside bundles.
    #[test]
    fn fast_and_slot_by_slot_paths_agree() {
        let programs: [(&str, &str); 9] = [
            (
                "bench_loop.S",
                include_str!("../tests/programs/bench_loop.S"),
            ),
            (
                "bench_mixed.S",
                include_str!("../tests/programs/bench_mixed.S"),
            ),
            (
                "bench_call.S",
                include_str!("../tests/programs/bench_call.S"),
            ),
            (
                "bench_fault.S",
                include_str!("../tests/programs/bench_fault.S"),
            ),
            ("bench_tlb.S", include_str!("../tests/programs/bench_tlb.S")),
            ("rse_deep.S", include_str!("../tests/programs/rse_deep.S")),
            ("loadstore.S", include_str!("../tests/programs/loadstore.S")),
            ("alu.S", include_str!("../tests/programs/alu.S")),
            ("fast_path.S", include_str!("../tests/programs/fast_path.S")),
        ];
        for (name, text) in programs {
            let whole = observe(load_program(name, text), &[u64::MAX]);
            assert_eq!(whole.0, Exit::Exited(0), "{name} fails its own checks");
            for slices in [&[1u64][..], &[2], &[1, 2, 3, 5, 7, 11]] {
                let sliced = observe(load_program(name, text), slices);
                assert_eq!(whole.0, sliced.0, "{name}: budgets {slices:?}: exit");
                assert_eq!(whole.3, sliced.3, "{name}: budgets {slices:?}: counters");
                assert_eq!(whole.2, sliced.2, "{name}: budgets {slices:?}: console");
                assert_eq!(whole.1, sliced.1, "{name}: budgets {slices:?}: state");
            }
        }
    }

    /// Interrupts and the timer land on the same instruction whichever path
    /// runs the bundle that makes them deliverable.
    #[test]
    fn interrupts_land_alike_on_both_paths() {
        let timer = with_ivt(
            "\tbreak.m 0 ;;",
            "\tmov r2 = 0xe0 ;;\n\tmov cr.itv = r2\n\tmov r3 = ar.itc ;;\n\tadds r3 = 50, r3 ;;\n\
             \tmov cr.itm = r3 ;;\n\tssm 0x6000 ;;\n\tsrlz.d ;;\n\
             1:\tadd r20 = 1, r20\n\tcmp.eq p6, p7 = 0, r10\n\tadd r21 = 1, r21 ;;\n\
             \t(p6) br.cond.sptk.many 1b ;;\n\tbr.sptk.many exit_ok ;;",
        );
        let ssc = with_ivt(
            "\tbreak.m 0 ;;",
            "\tmov r15 = 58\n\tmov r32 = 1\n\tmov r33 = 0x42 ;;\n\tbreak.m 0x80000 ;;\n\
             \tssm 0x6000 ;;\n\tsrlz.d ;;\n\
             \tmov r15 = 59\n\tmov r32 = 1 ;;\n\tbreak.m 0x80000 ;;\n\
             \tadd r13 = 1, r13 ;;\n\tbr.sptk.many exit_ok ;;",
        );
        for src in [timer, ssc] {
            let whole = observe(machine(&src), &[u64::MAX]);
            assert_eq!(whole.0, Exit::Exited(0));
            assert!(whole.3.interruptions_of(Vector::ExternalInterrupt) == 1);
            for slices in [&[1u64][..], &[1, 2, 3, 5, 7, 11]] {
                assert!(
                    whole == observe(machine(&src), slices),
                    "budgets {slices:?}"
                );
            }
        }
    }

    /// The data micro-TLB forgets a translation when the TLB or a region
    /// register changes: after `ptr.d` drops the only mapping, the same load
    /// misses (Alternate Data TLB, vector 0x1000 here with pta.ve = 0), and
    /// after a region register write the old translation no longer matches
    /// the region's new ID.
    #[test]
    fn micro_tlb_follows_purges_and_region_registers() {
        // itr[0]/dtr[0]: va 0 -> pa 0, 16 MiB, RWX; dtr[1] the same from va
        // 2^61 (region 1, rid 2). The handler of vector 0x1000 (Alternate Data TLB)
        // records cr.ifa and exits.
        let prologue = "_start:\n\tmovl r2 = 0x180000 ;;\n\tmov cr.iva = r2 ;;\n\
            \tmov r3 = 24 << 2 ;;\n\tmov cr.itir = r3\n\tmov cr.ifa = r0\n\tmov r4 = 0x661 ;;\n\
            \titr.i itr[r0] = r4 ;;\n\tsrlz.i ;;\n\titr.d dtr[r0] = r4 ;;\n\tsrlz.d ;;\n\
            \tmovl r25 = 1 << 61\n\tmov r27 = (2 << 8) | (24 << 2) ;;\n\tmov rr[r25] = r27 ;;\n\
            \tsrlz.d ;;\n\tmov cr.ifa = r25\n\tmov r26 = 1 ;;\n\
            \titr.d dtr[r26] = r4 ;;\n\tsrlz.d ;;\n\
            \tmovl r3 = (1 << 13) | (1 << 17) | (1 << 36)\n\tmovl r4 = main ;;\n\
            \tmov cr.ipsr = r3\n\tmov cr.iip = r4\n\tmov cr.ifs = r0 ;;\n\trfi ;;\n\
            \t.org 0x80000 + 0x1000\n\
            \tmov r30 = cr.ifa\n\tmov r15 = 66\n\tmov r32 = 7 ;;\n\tbreak.m 0x80000 ;;\n\
            \t.org 0x80000 + 0x8000\nmain:\n\tmovl r20 = 0x300000 ;;\n\
            \tmov r21 = 5 ;;\n\tst8 [r20] = r21 ;;\n\tld8 r22 = [r20] ;;\n";
        // Purge the data translation, then load again.
        let purge = format!(
            "{prologue}\tmov r23 = 24 << 2 ;;\n\tptr.d r0, r23 ;;\n\tsrlz.d ;;\n\
             \tld8 r24 = [r20] ;;\n\tbr.sptk.many exit_ok ;;"
        );
        let mut m = machine(&purge);
        assert_eq!(
            m.run(10_000),
            Exit::Exited(7),
            "the load after ptr.d must miss"
        );
        assert_eq!((m.gr(22).0, m.gr(30).0), (5, 0x300000));
        // A region register write: dtr[1] maps region 1 under rid 2; after rr1
        // takes rid 1 the same address misses. (Region 0, holding the code
        // and the IVT, keeps its translation.)
        let rr = format!(
            "{prologue}\tmovl r28 = (1 << 61) | 0x300000 ;;\n\tld8 r29 = [r28] ;;\n\
             \tmov r23 = (1 << 8) | (24 << 2) ;;\n\tmov rr[r25] = r23 ;;\n\tsrlz.d ;;\n\
             \tld8 r24 = [r28] ;;\n\tbr.sptk.many exit_ok ;;"
        );
        let mut m = machine(&rr);
        assert_eq!(
            m.run(10_000),
            Exit::Exited(7),
            "the load under a new rid must miss"
        );
        assert_eq!((m.gr(29).0, m.gr(30).0), (5, 1 << 61 | 0x300000));
    }

    /// Single-stepping (psr.ss keeps `attention` set) traps after every
    /// instruction, nops included, on both paths.
    #[test]
    fn single_step_traps_after_every_slot() {
        // The Single Step Trap handler (0x6000) counts in r20 and records
        // iip | ri in r23; after 12 traps it clears ipsr.ss.
        let src = "_start:\n\tmovl r2 = 0x180000 ;;\n\tmov cr.iva = r2 ;;\n\
            \tmovl r3 = (1 << 40) | (1 << 13)\n\tmovl r4 = main ;;\n\
            \tmov cr.ipsr = r3\n\tmov cr.iip = r4\n\tmov cr.ifs = r0 ;;\n\trfi ;;\n\
            \t.org 0x80000 + 0x6000\n\
            \tmov r17 = cr.iip\n\tmov r18 = cr.ipsr\n\tadds r20 = 1, r20 ;;\n\
            \textr.u r19 = r18, 41, 2\n\tcmp.eq p6, p0 = 12, r20 ;;\n\
            \tor r23 = r17, r19\n\t(p6) dep r18 = 0, r18, 40, 1 ;;\n\
            \tmov cr.ipsr = r18 ;;\n\trfi ;;\n\
            \t.org 0x80000 + 0x8000\nmain:\n\
            \t{ .mii\n\tnop.m 0\n\tadd r21 = 1, r21\n\tadd r22 = 2, r22 ;; }\n\
            \t{ .mii\n\tnop.m 0\n\tnop.i 0\n\tadd r21 = 1, r21 ;; }\n\
            \t{ .mii\n\tnop.m 0\n\tadd r21 = 1, r21\n\tnop.i 0 ;; }\n\
            \t{ .mii\n\tnop.m 0\n\tnop.i 0\n\tnop.i 0 ;; }\n\
            \t{ .mii\n\tnop.m 0\n\tnop.i 0\n\tnop.i 0 ;; }\n\
            \tbr.sptk.many exit_ok ;;";
        let whole = observe(machine(src), &[u64::MAX]);
        assert_eq!(whole.0, Exit::Exited(0));
        assert_eq!(whole.3.interruptions_of(Vector::SingleStepTrap), 12);
        let m = machine(src);
        let sliced = observe(m, &[1]);
        assert_eq!(whole, sliced);
        // The 12th trap follows slot 2 of the fourth bundle of `main`: the
        // next instruction is slot 0 of the fifth.
        let mut m = machine(src);
        assert_eq!(m.run(10_000), Exit::Exited(0));
        assert_eq!(m.gr(20).0, 12);
        assert_eq!(m.gr(23).0, 0x188000 + 4 * 16);
    }
}
