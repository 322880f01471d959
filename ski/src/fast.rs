//! The run loop's fast path: whole bundles, one after the other, while each
//! ends with nothing for the loop's top to look at.
//!
//! A bundle runs here when it is entered at slot 0 with room in the budget for
//! all its slots, every stacked register it names (before an op that may
//! change the frame) inside the frame, and `attention` clear. Only the ops in
//! the front of [`Decoded::ops`] are visited (nops without a stop just
//! count), the hot ones run inline ([`crate::exec::run`]), the count advances
//! once per bundle, and `attention` is looked at only where it can have been
//! set ([`gate::ATTEND`]). It is a function of its own so that the registers
//! hold this loop's state, not the slot-by-slot path's.

use crate::exec::Flow;
use crate::machine;
use crate::predecode::{gate, Cache, Decoded, KEY_PHYSICAL};
use crate::state::{psrb, Cpu};

/// The run loop's state that passes from bundle to bundle.
pub(crate) struct Run {
    /// Instructions executed (the count written back to the statistics).
    pub n: u64,
    /// The count to stop at.
    pub limit: u64,
    /// A bundle entered with the count below this cannot end the budget
    /// inside it (n < limit - 2 is n + 3 <= limit, without overflow).
    pub fast_end: u64,
    /// Address of the last bundle entered, or the one `rfi` or an
    /// interruption named (`Cpu::iipa_last`): the next bundle entered takes it
    /// as `Cpu::prev_ip` (IIPA follows from it).
    pub last_bundle: u64,
    /// The predecode cache's fetch key (see `machine::fetch_key`).
    pub key: u64,
    /// MMU generation the cache was filled under.
    pub mmu_gen: u64,
    /// Where the last run stopped inside a bundle, while no other bundle
    /// has been entered and no interruption taken since (the bundle is not
    /// entered again there).
    pub resume_at: Option<(u64, u8)>,
}

/// Why [`run`] returned.
pub(crate) enum FastExit {
    /// The loop's top must run: `attention` is set, the MMU changed under a
    /// translated fetch, or the next bundle is not cached.
    Top,
    /// The cached bundle at `c.ip` (slot 0) cannot run here: it must run
    /// slot by slot.
    Slow,
    /// A bundle ended with the count at the limit.
    Budget,
    /// Slot `.1` of a bundle of `.2` slots ended it with `.0`, which the loop
    /// must finish (`Stop`, or a taken branch under psr.tb or psr.ss); the
    /// count includes that slot.
    End(Flow, usize, usize),
}

/// Runs fast bundles from `b` (the cached bundle at `c.ip`, which the caller
/// checked can run here, with `c.first_slot` set to 0) until one ends
/// otherwise than by going on to a cached bundle that can run here too.
/// `TRANSLATED`: `st.key` is not [`KEY_PHYSICAL`] (instruction translation
/// is on).
#[inline(never)]
pub(crate) fn run<'a, const TRACE: bool, const TRANSLATED: bool>(
    c: &mut Cpu,
    cache: &'a Cache,
    trace: &mut Vec<u64>,
    st: &mut Run,
    mut b: &'a Decoded,
) -> FastExit {
    // Locals, written back on the way out, so that they live in registers
    // (stores through `st` could not move out of the loop: a handler may
    // unwind).
    let (mut n, mut last_bundle) = (st.n, st.last_bundle);
    // The key is a constant in physical mode, where the MMU cannot change
    // what was fetched.
    let key = if TRANSLATED { st.key } else { KEY_PHYSICAL };
    let (limit, fast_end, mmu_gen) = (st.limit, st.fast_end, st.mmu_gen);
    macro_rules! ret {
        ($e:expr) => {{
            st.n = n;
            st.last_bundle = last_bundle;
            return $e;
        }};
    }
    loop {
        // (`c.first_slot` is 0: the caller set it. An `ssm` that turns psr.ic
        // on changes it for the rest of its bundle and sets `attention`,
        // which then stays up until `attend` or the loop's top resets it.)
        c.stats.bundles += 1;
        c.prev_ip = last_bundle;
        last_bundle = c.ip;
        let mut end = None;
        // The three ops, written out: each visit is its own copy of the
        // dispatch, with the op's place in the record a constant.
        macro_rules! visit {
            ($ops:lifetime, $k:expr) => {{
                let op = &b.ops[$k];
                let g = op.gate;
                'run: {
                    if g & gate::CHECKS != 0 {
                        if g & gate::END != 0 {
                            break $ops;
                        }
                        if g & gate::NOP != 0 || !c.p(op.qp) {
                            break 'run;
                        }
                        if g & gate::RECHECK != 0 && op.max as usize >= 32 + c.sof {
                            c.slot = op.slot;
                            end = Some((c.illegal(), op.slot as usize));
                            break $ops;
                        }
                    }
                    // `run` sets `c.slot` for the ops that look at it.
                    let flow = crate::exec::run(c, op);
                    if flow != Flow::Next {
                        end = Some((flow, op.slot as usize));
                        break $ops;
                    }
                }
                if g & gate::ATTEND != 0 {
                    if g & gate::STOP != 0 {
                        c.group_end();
                    }
                    if c.attention {
                        c.slot = op.slot;
                        c.cur_is_mlx = b.nslots == 2;
                        let flow = c.check_attention(true);
                        if flow != Flow::Next {
                            end = Some((flow, op.slot as usize));
                            break $ops;
                        }
                    }
                }
            }};
        }
        'ops: {
            visit!('ops, 0);
            visit!('ops, 1);
            visit!('ops, 2);
        }
        match end {
            None => {
                n += b.nslots as u64;
                c.ip = c.ip.wrapping_add(16);
                c.slot = 0;
            }
            // A taken branch under psr.tb or psr.ss traps: the loop does it.
            Some((Flow::Taken, s)) if c.psr & (psrb::TB | psrb::SS) == 0 => {
                n += s as u64 + 1;
                c.group_end();
            }
            Some((Flow::Jump, s)) => {
                // An interruption or `rfi`: `attention` is set, `attend`
                // below takes it; either named the bundle IIPA goes on from.
                n += s as u64 + 1;
                last_bundle = c.iipa_last;
                c.group_end();
            }
            Some((flow, s)) => {
                n += s as u64 + 1;
                ret!(FastExit::End(flow, s, b.nslots as usize));
            }
        }
        // One compare while the budget is far (fast_end <= limit).
        let near_end = n >= fast_end;
        if near_end && n >= limit {
            ret!(FastExit::Budget);
        }
        if c.attention {
            match attend(c, key, last_bundle) {
                Attend::Go => {}
                Attend::Top => ret!(FastExit::Top),
                Attend::Delivered => {
                    // The interruption named the bundle IIPA goes on from.
                    last_bundle = c.iipa_last;
                    ret!(FastExit::Top);
                }
            }
        }
        if TRANSLATED && c.mmu.generation() != mmu_gen {
            ret!(FastExit::Top);
        }
        b = match cache.hit(c.ip, key) {
            Some(b) => b,
            None => ret!(FastExit::Top),
        };
        if TRACE {
            trace.push(c.ip);
        }
        if near_end || (b.need_sof as usize) > c.sof {
            ret!(FastExit::Slow);
        }
    }
}

/// The loop top's look at `attention` (see `Machine::run_until`), made here
/// when it leaves nothing for the top to do: no code to flush, no exit, the
/// fetch key unchanged, not single-stepping, execution at a slot 0. Anything
/// but [`Attend::Go`] leaves the rest to the top, which repeats the check made here (a second
/// check finds the interrupt the first delivered masked). The one check that
/// must not run twice, the one before the instruction an `rfi` returned to
/// with a psr bit that lasts one instruction (it would clear the bit early),
/// is left to the top whole, with single-stepping, which the top alone
/// handles anyway. `last_bundle` is the bundle executed last (IIPA of an
/// interrupt delivered here).
#[cold]
#[inline(never)]
fn attend(c: &mut Cpu, key: u64, last_bundle: u64) -> Attend {
    if c.flush_code || c.mem.take_code_write() {
        c.flush_code = true;
        return Attend::Top;
    }
    if c.psr & (psrb::SS | psrb::ONE_SHOT) != 0 {
        return Attend::Top;
    }
    // As at the loop's top: nothing of the next bundle ran yet (and it is
    // not one a run stopped inside: `run` is entered at slot 0 only).
    c.prev_ip = last_bundle;
    c.first_slot = c.slot;
    match c.check_attention(false) {
        Flow::Next if !c.attention && c.slot == 0 && machine::fetch_key(c) == key => Attend::Go,
        Flow::Next | Flow::Stop => Attend::Top,
        Flow::Jump | Flow::Taken => Attend::Delivered,
    }
}

/// What [`attend`] leaves to do.
enum Attend {
    /// Nothing: the fast path goes on.
    Go,
    /// The loop's top takes over.
    Top,
    /// An interrupt was delivered (IIPA moved on); the top takes over.
    Delivered,
}
