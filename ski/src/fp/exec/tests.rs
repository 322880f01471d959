//! Instruction-level tests: each runs decoded instructions through [`execute`]
//! on a small CPU model and checks registers, predicates, FPSR, PSR and the
//! interruption reported.

use ia64::decode::{Instruction, MAX_COMPLETERS, MAX_OPERANDS};

use super::*;
use crate::fp::format::{load_double, store_double};

/// A CPU with just what F-unit instructions touch.
struct Cpu {
    fr: [Fr; 128],
    pr: [bool; 64],
    gr: [(u64, bool); 128],
    fpsr: u64,
    psr: u64,
    mfl: bool,
    mfh: bool,
    branch: Option<i64>,
}

impl Cpu {
    /// Ski's entry state has ar.fpsr = 0: every trap enabled.
    fn new(fpsr: u64) -> Cpu {
        let mut fr = [Fr::ZERO; 128];
        fr[1] = Fr::ONE;
        let mut pr = [false; 64];
        pr[0] = true;
        Cpu {
            fr,
            pr,
            gr: [(0, false); 128],
            fpsr,
            psr: 0,
            mfl: false,
            mfh: false,
            branch: None,
        }
    }
}

impl FpContext for Cpu {
    fn fr(&self, n: u8) -> Fr {
        self.fr[usize::from(n)]
    }
    fn set_fr(&mut self, n: u8, v: Fr) {
        assert!(n >= 2, "write to f{n}");
        self.fr[usize::from(n)] = v;
    }
    fn pr(&self, n: u8) -> bool {
        self.pr[usize::from(n)]
    }
    fn set_pr(&mut self, n: u8, v: bool) {
        assert!(n != 0, "write to p0");
        self.pr[usize::from(n)] = v;
    }
    fn gr(&self, n: u8) -> (u64, bool) {
        self.gr[usize::from(n)]
    }
    fn set_gr(&mut self, n: u8, v: u64, nat: bool) {
        self.gr[usize::from(n)] = (v, nat);
    }
    fn fpsr(&self) -> u64 {
        self.fpsr
    }
    fn set_fpsr(&mut self, v: u64) {
        self.fpsr = v;
    }
    fn psr(&self) -> u64 {
        self.psr
    }
    fn set_psr_mfl_mfh(&mut self, low: bool, high: bool) {
        self.mfl |= low;
        self.mfh |= high;
    }
    fn branch(&mut self, disp: i64) {
        self.branch = Some(disp);
    }
}

/// Linux's FPSR_DEFAULT: traps disabled, 64-bit precision, sf1 with wre.
const QUIET: u64 = 0x0009_804c_0270_033f;

/// An instruction from its row name, completer values and operands in
/// assembly order. Where two rows share a name and operand count (`fneg f1=f0`
/// and `fneg f1=f3`) the one whose encoding decodes back to these operands wins.
fn insn(name: &str, comps: &[u8], ops: &[i64]) -> Instruction {
    let build = |id| {
        let mut i = Instruction {
            form: id,
            qp: 0,
            ops: [0; MAX_OPERANDS],
            comps: [0; MAX_COMPLETERS],
        };
        i.ops[..ops.len()].copy_from_slice(ops);
        i.comps[..comps.len()].copy_from_slice(comps);
        i
    };
    let rows: Vec<Instruction> = ia64::table::all()
        .filter(|(_, f)| {
            f.name == name && f.operands.len() == ops.len() && f.completers.len() == comps.len()
        })
        .map(|(id, _)| build(id))
        .collect();
    let round_trips = |i: &Instruction| {
        ia64::encode::encode(i)
            .ok()
            .and_then(|e| ia64::decode::decode_slot(ia64::bundle::SlotUnit::F, e.slot, 0, 0).ok())
            .is_some_and(|back| back.operands() == ops)
    };
    match rows.as_slice() {
        [one] => *one,
        _ => *rows
            .iter()
            .find(|i| round_trips(i))
            .unwrap_or_else(|| panic!("no row {name}")),
    }
}

fn d(v: f64) -> Fr {
    load_double(v.to_bits())
}

fn sf_flags(fpsr: u64, sf: u32) -> u64 {
    (fpsr >> (6 + 13 * sf + 7)) & 0x3f
}

#[test]
fn every_f_unit_row_has_an_operation() {
    for f in ia64::table::f::FORMS {
        assert!(
            OPS.iter().any(|(n, _)| *n == f.name),
            "{} has no operation",
            f.name
        );
    }
    for (n, _) in OPS {
        assert!(
            ia64::table::f::FORMS.iter().any(|f| f.name == *n),
            "{n} is not a row"
        );
    }
}

#[test]
fn non_f_unit_forms_are_illegal_here() {
    let (id, _) = ia64::table::all()
        .find(|(_, f)| f.unit != ia64::form::Unit::F)
        .expect("rows");
    let i = Instruction {
        form: id,
        qp: 0,
        ops: [0; MAX_OPERANDS],
        comps: [0; MAX_COMPLETERS],
    };
    assert_eq!(execute(&i, &mut Cpu::new(QUIET)), Err(FpException::Illegal));
}

#[test]
fn fma_double_computes_and_sets_mfl_or_mfh() {
    let mut cpu = Cpu::new(QUIET);
    cpu.fr[9] = d(1.5);
    cpu.fr[10] = d(2.0);
    cpu.fr[11] = d(0.25);
    execute(&insn("fma.d", &[0], &[8, 9, 10, 11]), &mut cpu).unwrap();
    assert_eq!(store_double(cpu.fr[8]), 3.25f64.to_bits());
    assert!(cpu.mfl && !cpu.mfh);
    assert_eq!(sf_flags(cpu.fpsr, 0), 0);
    execute(&insn("fmpy.d", &[0], &[40, 9, 11]), &mut cpu).unwrap();
    assert_eq!(store_double(cpu.fr[40]), 0.375f64.to_bits());
    assert!(cpu.mfh);
}

#[test]
fn fadd_s_rounds_to_single_and_flags_inexact() {
    let mut cpu = Cpu::new(QUIET);
    cpu.fr[9] = d(1.0);
    cpu.fr[10] = d(1e-10);
    // fadd.s f8 = f9, f10 in sf2 (f4 fixed at f1).
    execute(&insn("fadd", &[1, 2], &[8, 9, 10]), &mut cpu).unwrap();
    assert_eq!(cpu.fr[8], Fr::ONE);
    assert_eq!(sf_flags(cpu.fpsr, 2), 1 << 5);
    assert_eq!(sf_flags(cpu.fpsr, 0), 0);
}

#[test]
fn enabled_inexact_traps_after_writing() {
    let mut cpu = Cpu::new(0);
    cpu.fr[9] = d(1.0);
    cpu.fr[10] = d(3.0);
    // frcpa gives an approximation; 1/3 in double via fma.d: 1 × (1/3 approx) is exact,
    // so divide 1 by 3 with a multiply by 0.1 instead.
    cpu.fr[11] = d(0.1);
    let r = execute(&insn("fmpy.d", &[0], &[8, 10, 11]), &mut cpu);
    assert_eq!(
        r,
        Err(FpException::Trap {
            isr_code: 1 | 4 << 11 | 8 << 11
        })
    );
    assert_eq!(store_double(cpu.fr[8]), (3.0f64 * 0.1).to_bits());
    assert_eq!(sf_flags(cpu.fpsr, 0), 1 << 5);
}

#[test]
fn enabled_invalid_faults_without_writing() {
    let mut cpu = Cpu::new(0);
    cpu.fr[9] = Fr {
        sign: false,
        exp: 0x1ffff,
        significand: 1 << 63 | 1,
    };
    cpu.fr[8] = d(7.0);
    let r = execute(&insn("fma", &[0, 0], &[8, 9, 1, 0]), &mut cpu);
    assert_eq!(r, Err(FpException::Fault { isr_code: 1 }));
    assert_eq!(cpu.fr[8], d(7.0));
    assert_eq!(cpu.fpsr, 0);
    assert!(!cpu.mfl);
    // Disabled: the quiet NaN and the flag.
    let mut cpu2 = Cpu::new(QUIET);
    cpu2.fr[9] = cpu.fr[9];
    execute(&insn("fma", &[0, 0], &[8, 9, 1, 0]), &mut cpu2).unwrap();
    assert_eq!(cpu2.fr[8], cpu.fr[9].quieted());
    assert_eq!(sf_flags(cpu2.fpsr, 0), 1);
}

#[test]
fn targets_f0_f1_are_illegal_and_disabled_partitions_fault() {
    let mut cpu = Cpu::new(QUIET);
    assert_eq!(
        execute(&insn("fma", &[0, 0], &[1, 2, 3, 4]), &mut cpu),
        Err(FpException::Illegal)
    );
    cpu.psr = Psr::DFH.bits();
    assert_eq!(
        execute(&insn("fma", &[0, 0], &[8, 40, 3, 4]), &mut cpu),
        Err(FpException::Disabled { high: true })
    );
    assert_eq!(
        execute(&insn("fma", &[0, 0], &[8, 9, 3, 4]), &mut cpu),
        Ok(())
    );
    cpu.psr = Psr::DFL.bits();
    assert_eq!(
        execute(&insn("fma", &[0, 0], &[8, 9, 3, 4]), &mut cpu),
        Err(FpException::Disabled { high: false })
    );
    // f0 and f1 are in neither partition.
    assert_eq!(
        execute(&insn("fcmp.eq", &[0, 0], &[1, 2, 0, 1]), &mut cpu),
        Ok(())
    );
    assert_eq!(
        disabled_check(Psr::DFL.bits() | Psr::DFH.bits(), &[0, 1]),
        Ok(())
    );
    assert_eq!(
        execute(&insn("fcmp.eq", &[0, 0], &[3, 3, 0, 1]), &mut cpu),
        Err(FpException::Illegal)
    );
}

#[test]
fn natval_propagates_without_status() {
    let mut cpu = Cpu::new(0);
    cpu.fr[9] = Fr::NATVAL;
    cpu.fr[10] = d(f64::NAN);
    execute(&insn("fma", &[0, 0], &[8, 9, 10, 0]), &mut cpu).unwrap();
    assert_eq!((cpu.fr[8], cpu.fpsr), (Fr::NATVAL, 0));
    cpu.pr[5] = true;
    cpu.pr[6] = true;
    execute(&insn("fcmp.eq", &[0, 0], &[5, 6, 9, 10]), &mut cpu).unwrap();
    assert!(!cpu.pr[5] && !cpu.pr[6]);
    // fclass.m with @nat finds it; without @nat both targets clear.
    execute(&insn("fclass.m", &[0], &[5, 6, 9, 0x100]), &mut cpu).unwrap();
    assert!(cpu.pr[5] && !cpu.pr[6]);
    execute(&insn("fclass.m", &[0], &[5, 6, 9, 0x0ff]), &mut cpu).unwrap();
    assert!(!cpu.pr[5] && !cpu.pr[6]);
    execute(&insn("fand", &[], &[8, 9, 1]), &mut cpu).unwrap();
    assert_eq!(cpu.fr[8], Fr::NATVAL);
}

#[test]
fn fcmp_relations_and_swapped_spellings() {
    let mut cpu = Cpu::new(QUIET);
    cpu.fr[9] = d(1.0);
    cpu.fr[10] = d(2.0);
    let run = |cpu: &mut Cpu, name: &str| {
        execute(&insn(name, &[0, 0], &[5, 6, 9, 10]), cpu).unwrap();
        assert_eq!(cpu.pr[5], !cpu.pr[6], "{name}");
        cpu.pr[5]
    };
    assert!(run(&mut cpu, "fcmp.lt"));
    assert!(run(&mut cpu, "fcmp.le"));
    assert!(!run(&mut cpu, "fcmp.eq"));
    assert!(!run(&mut cpu, "fcmp.gt"));
    assert!(!run(&mut cpu, "fcmp.ge"));
    assert!(run(&mut cpu, "fcmp.neq"));
    assert!(!run(&mut cpu, "fcmp.unord"));
    assert!(run(&mut cpu, "fcmp.ord"));
    assert!(run(&mut cpu, "fcmp.ngt"));
    // .unc with a false predicate clears both targets.
    cpu.pr[5] = true;
    cpu.pr[6] = true;
    predicated_off(&insn("fcmp.lt", &[1, 0], &[5, 6, 9, 10]), &mut cpu);
    assert!(!cpu.pr[5] && !cpu.pr[6]);
    cpu.pr[5] = true;
    predicated_off(&insn("fcmp.lt", &[0, 0], &[5, 6, 9, 10]), &mut cpu);
    assert!(cpu.pr[5]);
    cpu.pr[7] = true;
    predicated_off(&insn("frcpa", &[0], &[8, 7, 9, 10]), &mut cpu);
    assert!(!cpu.pr[7]);
    // A quiet NaN makes lt signal invalid: a fault with fpsr = 0.
    let mut strict = Cpu::new(0);
    strict.fr[9] = d(f64::NAN);
    let r = execute(&insn("fcmp.lt", &[0, 0], &[5, 6, 9, 10]), &mut strict);
    assert_eq!(r, Err(FpException::Fault { isr_code: 1 }));
}

/// Double-precision division with frcpa and the Newton-Raphson sequence of
/// Intel's IA-64 divide algorithms (steps in sf1: 64-bit precision, wide
/// range), which is correctly rounded given the architected reciprocal table.
fn divide(cpu: &mut Cpu, a: f64, b: f64) -> Result<f64, FpException> {
    cpu.fr[8] = d(a);
    cpu.fr[9] = d(b);
    let run = |cpu: &mut Cpu, name: &str, comps: &[u8], ops: &[i64]| {
        execute(&insn(name, comps, ops), cpu)
    };
    run(cpu, "frcpa", &[0], &[10, 6, 8, 9])?;
    if !cpu.pr[6] {
        return Ok(f64::from_bits(store_double(cpu.fr[10])));
    }
    run(cpu, "fmpy", &[0, 1], &[11, 8, 10])?; // q0 = a·y0
    run(cpu, "fnma", &[0, 1], &[12, 9, 10, 1])?; // e0 = 1 − b·y0
    run(cpu, "fma", &[0, 1], &[11, 12, 11, 11])?; // q1 = q0 + e0·q0
    run(cpu, "fmpy", &[0, 1], &[13, 12, 12])?; // e1 = e0²
    run(cpu, "fma", &[0, 1], &[10, 12, 10, 10])?; // y1 = y0 + e0·y0
    run(cpu, "fma", &[0, 1], &[11, 13, 11, 11])?; // q2 = q1 + e1·q1
    run(cpu, "fmpy", &[0, 1], &[12, 13, 13])?; // e2 = e1²
    run(cpu, "fma", &[0, 1], &[10, 13, 10, 10])?; // y2 = y1 + e1·y1
    run(cpu, "fma.d", &[1], &[11, 12, 11, 11])?; // q3 = q2 + e2·q2
    run(cpu, "fma", &[0, 1], &[10, 12, 10, 10])?; // y3 = y2 + e2·y2
    run(cpu, "fnma.d", &[1], &[12, 9, 11, 8])?; // r0 = a − b·q3
    run(cpu, "fma.d", &[0], &[8, 12, 10, 11])?; // q = q3 + r0·y3
    Ok(f64::from_bits(store_double(cpu.fr[8])))
}

#[test]
fn frcpa_and_newton_raphson_divide_exactly_like_the_host() {
    let mut cpu = Cpu::new(QUIET);
    let vals = crate::fp::arith::tests::doubles(120);
    let mut n = 0;
    for &a in &vals {
        for &b in vals.iter().step_by(3) {
            let want = a / b;
            let got = match divide(&mut cpu, a, b) {
                Ok(v) => v,
                // Quotients outside the sequence's range ask for software assist.
                Err(FpException::Fault { isr_code: 8 }) => continue,
                Err(e) => panic!("{a:e}/{b:e}: {e:?}"),
            };
            if want.is_nan() {
                assert!(got.is_nan(), "{a:e}/{b:e}");
            } else {
                assert_eq!(got.to_bits(), want.to_bits(), "{a:e}/{b:e}");
            }
            n += 1;
        }
    }
    assert!(n > 2000, "{n}");
}

#[test]
fn parallel_fma_matches_host_singles_per_half() {
    let mut cpu = Cpu::new(QUIET);
    let vals: Vec<f32> = crate::fp::arith::tests::doubles(64)
        .into_iter()
        .map(|v| v as f32)
        .collect();
    for w in vals.windows(3) {
        let pack =
            |h: f32, l: f32| Fr::integer(u64::from(h.to_bits()) << 32 | u64::from(l.to_bits()));
        cpu.fr[9] = pack(w[0], w[1]);
        cpu.fr[10] = pack(w[1], w[2]);
        cpu.fr[11] = pack(w[2], w[0]);
        execute(&insn("fpma", &[0], &[8, 9, 10, 11]), &mut cpu).unwrap();
        let (h, l) = halves(cpu.fr[8]);
        for (got, want) in [(h, w[0].mul_add(w[1], w[2])), (l, w[1].mul_add(w[2], w[0]))] {
            if want.is_nan() {
                assert!(f32::from_bits(got).is_nan());
            } else {
                assert_eq!(got, want.to_bits(), "{w:?}");
            }
        }
        assert_eq!(cpu.fr[8].exp, INTEGER_EXP);
        execute(&insn("fpmpy", &[0], &[8, 9, 10]), &mut cpu).unwrap();
        let (h, _) = halves(cpu.fr[8]);
        let want = w[0] * w[1];
        assert!(want.is_nan() || h == want.to_bits(), "{w:?}");
    }
}

#[test]
fn parallel_traps_report_each_half() {
    let mut cpu = Cpu::new(0);
    // High half: 3 × 0.1 inexact; low half: 2 × 2 exact.
    let tenth = 0.1f32.to_bits();
    cpu.fr[9] = Fr::integer(u64::from(3f32.to_bits()) << 32 | u64::from(2f32.to_bits()));
    cpu.fr[10] = Fr::integer(u64::from(tenth) << 32 | u64::from(2f32.to_bits()));
    let r = execute(&insn("fpmpy", &[0], &[8, 9, 10]), &mut cpu);
    let fpa = u16::from((3.0f32 * 0.1) as f64 > 3.0 * f64::from(0.1f32));
    assert_eq!(
        r,
        Err(FpException::Trap {
            isr_code: 1 | (4 | fpa << 3) << 11
        })
    );
    assert_eq!(halves(cpu.fr[8]).1, 4f32.to_bits());
    // A signaling NaN in the low half faults in bits 4–7.
    cpu.fr[10] = Fr::integer(u64::from(2f32.to_bits()) << 32 | 0x7f80_0001);
    let r = execute(&insn("fpmpy", &[0], &[8, 9, 10]), &mut cpu);
    assert_eq!(r, Err(FpException::Fault { isr_code: 1 << 4 }));
}

#[test]
fn conversions_round_trip() {
    let mut cpu = Cpu::new(QUIET);
    for v in [
        0i64,
        1,
        -1,
        42,
        -123_456_789,
        i64::MAX,
        i64::MIN,
        1 << 53,
        (1 << 53) + 1,
    ] {
        cpu.fr[9] = Fr::integer(v as u64);
        execute(&insn("fcvt.xf", &[], &[8, 9]), &mut cpu).unwrap();
        execute(&insn("fcvt", &[0, 0], &[10, 8]), &mut cpu).unwrap();
        assert_eq!(cpu.fr[10], Fr::integer(v as u64), "{v}");
    }
    // fcvt.xuf.d rounds an unsigned integer to double (fma with f1, f0).
    cpu.fr[9] = Fr::integer(u64::MAX);
    execute(&insn("fnorm.d", &[0], &[8, 9]), &mut cpu).unwrap();
    assert_eq!(store_double(cpu.fr[8]), (u64::MAX as f64).to_bits());
    // fcvt.fx.trunc and .fxu.
    cpu.fr[9] = d(-2.75);
    execute(&insn("fcvt", &[2, 0], &[8, 9]), &mut cpu).unwrap();
    assert_eq!(cpu.fr[8], Fr::integer(-2i64 as u64));
    execute(&insn("fcvt", &[0, 0], &[8, 9]), &mut cpu).unwrap();
    assert_eq!(cpu.fr[8], Fr::integer(-3i64 as u64));
    cpu.fr[9] = d(3e9);
    execute(&insn("fcvt", &[1, 0], &[8, 9]), &mut cpu).unwrap();
    assert_eq!(cpu.fr[8], Fr::integer(3_000_000_000));
    // Parallel: each single to a 32-bit integer.
    cpu.fr[9] = Fr::integer(u64::from((-7.5f32).to_bits()) << 32 | u64::from(2.5f32.to_bits()));
    execute(&insn("fpcvt", &[0, 0], &[8, 9]), &mut cpu).unwrap();
    assert_eq!(cpu.fr[8], Fr::integer(0xffff_fff8_0000_0002));
}

#[test]
fn xma_matches_wide_integer_arithmetic() {
    let mut cpu = Cpu::new(QUIET);
    let samples = [
        0u64,
        1,
        7,
        u64::MAX,
        1 << 63,
        0x1234_5678_9abc_def0,
        0xfedc_ba98_7654_3210,
    ];
    for &x in &samples {
        for &y in &samples {
            for &z in &samples[..4] {
                cpu.fr[9] = Fr::integer(x);
                cpu.fr[10] = Fr::integer(y);
                cpu.fr[11] = Fr::integer(z);
                execute(&insn("xma", &[0], &[8, 9, 10, 11]), &mut cpu).unwrap();
                assert_eq!(cpu.fr[8], Fr::integer(x.wrapping_mul(y).wrapping_add(z)));
                execute(&insn("xma", &[2], &[8, 9, 10, 11]), &mut cpu).unwrap();
                let u = (u128::from(x) * u128::from(y) + u128::from(z)) >> 64;
                assert_eq!(cpu.fr[8], Fr::integer(u as u64));
                execute(&insn("xma", &[3], &[8, 9, 10, 11]), &mut cpu).unwrap();
                let s = (i128::from(x as i64) * i128::from(y as i64) + i128::from(z)) >> 64;
                assert_eq!(cpu.fr[8], Fr::integer(s as u64), "{x:#x} {y:#x} {z:#x}");
            }
        }
    }
}

#[test]
fn data_movement_is_exact() {
    let mut cpu = Cpu::new(QUIET);
    let a = Fr {
        sign: true,
        exp: 0x1_2345,
        significand: 0x1111_2222_3333_4444,
    };
    let b = Fr {
        sign: false,
        exp: 0x0_0042,
        significand: 0x8888_9999_aaaa_bbbb,
    };
    cpu.fr[9] = a;
    cpu.fr[10] = b;
    let run = |cpu: &mut Cpu, name: &str, comps: &[u8]| {
        execute(&insn(name, comps, &[8, 9, 10]), cpu).unwrap();
        cpu.fr[8]
    };
    assert_eq!(run(&mut cpu, "fmerge.s", &[]), Fr { sign: true, ..b });
    assert_eq!(run(&mut cpu, "fmerge.ns", &[]), b);
    assert_eq!(
        run(&mut cpu, "fmerge.se", &[]),
        Fr {
            significand: b.significand,
            ..a
        }
    );
    assert_eq!(
        run(&mut cpu, "fmix", &[3]),
        Fr::integer(0x1111_2222_8888_9999)
    );
    assert_eq!(
        run(&mut cpu, "fmix", &[2]),
        Fr::integer(0x3333_4444_aaaa_bbbb)
    );
    assert_eq!(
        run(&mut cpu, "fmix", &[1]),
        Fr::integer(0x1111_2222_aaaa_bbbb)
    );
    assert_eq!(
        run(&mut cpu, "fswap", &[0]),
        Fr::integer(0xaaaa_bbbb_1111_2222)
    );
    assert_eq!(
        run(&mut cpu, "fswap", &[1]),
        Fr::integer(0x2aaa_bbbb_1111_2222)
    );
    assert_eq!(
        run(&mut cpu, "fswap", &[2]),
        Fr::integer(0xaaaa_bbbb_9111_2222)
    );
    assert_eq!(
        run(&mut cpu, "fsxt", &[1]),
        Fr::integer(0x0000_0000_8888_9999)
    );
    assert_eq!(
        run(&mut cpu, "fsxt", &[0]),
        Fr::integer(0x0000_0000_aaaa_bbbb)
    );
    assert_eq!(
        run(&mut cpu, "fand", &[]),
        Fr::integer(a.significand & b.significand)
    );
    assert_eq!(
        run(&mut cpu, "fandcm", &[]),
        Fr::integer(a.significand & !b.significand)
    );
    assert_eq!(
        run(&mut cpu, "for", &[]),
        Fr::integer(a.significand | b.significand)
    );
    assert_eq!(
        run(&mut cpu, "fxor", &[]),
        Fr::integer(a.significand ^ b.significand)
    );
    assert_eq!(
        run(&mut cpu, "fpmerge.s", &[]),
        Fr::integer(0x0888_9999_2aaa_bbbb)
    );
    assert_eq!(
        run(&mut cpu, "fpmerge.ns", &[]),
        Fr::integer(0x8888_9999_aaaa_bbbb)
    );
    assert_eq!(
        run(&mut cpu, "fpmerge.se", &[]),
        Fr::integer(0x1108_9999_332a_bbbb)
    );
    cpu.fr[9] = d(1.0);
    cpu.fr[10] = d(-2.0);
    assert_eq!(
        run(&mut cpu, "fpack", &[]),
        Fr::integer(0x3f80_0000_c000_0000)
    );
    cpu.fr[11] = Fr::integer(0xffff_0000_ffff_0000);
    cpu.fr[9] = Fr::integer(0x1111_1111_1111_1111);
    cpu.fr[10] = Fr::integer(0x2222_2222_2222_2222);
    execute(&insn("fselect", &[], &[8, 9, 10, 11]), &mut cpu).unwrap();
    assert_eq!(cpu.fr[8], Fr::integer(0x1111_2222_1111_2222));
    // fneg f8 = f9 is fmerge.ns f8 = f9, f9.
    cpu.fr[9] = d(3.0);
    execute(&insn("fneg", &[], &[8, 9]), &mut cpu).unwrap();
    assert_eq!(cpu.fr[8], d(-3.0));
    execute(&insn("fabs", &[], &[8, 8]), &mut cpu).unwrap();
    assert_eq!(cpu.fr[8], d(3.0));
}

#[test]
fn parallel_compare_and_min_max() {
    let mut cpu = Cpu::new(QUIET);
    let pack = |h: f32, l: f32| Fr::integer(u64::from(h.to_bits()) << 32 | u64::from(l.to_bits()));
    cpu.fr[9] = pack(1.0, 5.0);
    cpu.fr[10] = pack(2.0, -5.0);
    execute(&insn("fpcmp", &[1, 0], &[8, 9, 10]), &mut cpu).unwrap();
    assert_eq!(cpu.fr[8], Fr::integer(0xffff_ffff_0000_0000));
    execute(&insn("fpcmp", &[5, 0], &[8, 9, 10]), &mut cpu).unwrap();
    assert_eq!(cpu.fr[8], Fr::integer(0x0000_0000_ffff_ffff));
    execute(&insn("fpmin", &[0], &[8, 9, 10]), &mut cpu).unwrap();
    assert_eq!(cpu.fr[8], pack(1.0, -5.0));
    execute(&insn("fpamax", &[0], &[8, 9, 10]), &mut cpu).unwrap();
    assert_eq!(cpu.fr[8], pack(2.0, -5.0));
    // Scalar fmax on the same registers compares them as register values.
    execute(&insn("fmax", &[0], &[8, 9, 10]), &mut cpu).unwrap();
    assert_eq!(cpu.fr[8], cpu.fr[10]);
}

#[test]
fn status_field_control() {
    let mut cpu = Cpu::new(QUIET);
    // fsetc.s1 0x70, 0x0c: keep rc/td, force pc = 11; wre cleared.
    execute(&insn("fsetc", &[1], &[0x70, 0x0c]), &mut cpu).unwrap();
    assert_eq!((cpu.fpsr >> 19) & 0x7f, (((QUIET >> 19) & 0x70) | 0x0c));
    // Setting sf0.td or pc = 01 is a reserved field.
    assert_eq!(
        execute(&insn("fsetc", &[0], &[0x7f, 0x40]), &mut cpu),
        Err(FpException::ReservedField)
    );
    assert_eq!(
        execute(&insn("fsetc", &[3], &[0x73, 0x04]), &mut cpu),
        Err(FpException::ReservedField)
    );
    // Flags: sf2 gets inexact; fchkf.s2 branches (sf0 lacks it); fclrf.s2 clears.
    cpu.fpsr |= 1 << 5 << (6 + 26 + 7);
    execute(&insn("fchkf", &[2], &[0x40]), &mut cpu).unwrap();
    assert_eq!(cpu.branch.take(), Some(0x40));
    execute(&insn("fchkf", &[0], &[0x40]), &mut cpu).unwrap();
    assert_eq!(cpu.branch, None);
    execute(&insn("fclrf", &[2], &[]), &mut cpu).unwrap();
    assert_eq!(sf_flags(cpu.fpsr, 2), 0);
    execute(&insn("fchkf", &[2], &[0x40]), &mut cpu).unwrap();
    assert_eq!(cpu.branch, None);
    // With every trap enabled any flag in sf0 branches.
    let mut strict = Cpu::new(1 << 5 << 13);
    execute(&insn("fchkf", &[0], &[-0x20]), &mut strict).unwrap();
    assert_eq!(strict.branch, Some(-0x20));
    assert_eq!(
        execute(&insn("break.f", &[], &[0x1234]), &mut strict),
        Err(FpException::Break { imm: 0x1234 })
    );
    assert_eq!(execute(&insn("nop.f", &[], &[0]), &mut strict), Ok(()));
}

#[test]
fn frsqrta_sequence_gives_square_roots() {
    // One Newton-Raphson step from the table estimate gets within 2^-16.
    let mut cpu = Cpu::new(QUIET);
    for v in [2.0f64, 3.0, 10.0, 0.5, 1e10, 7e-5] {
        cpu.fr[9] = d(v);
        execute(&insn("frsqrta", &[0], &[10, 6, 9]), &mut cpu).unwrap();
        assert!(cpu.pr[6]);
        let y = f64::from_bits(store_double(cpu.fr[10]));
        let refined = y * (1.5 - 0.5 * v * y * y);
        assert!((refined * v.sqrt() - 1.0).abs() < 2f64.powi(-16), "{v}");
    }
    cpu.fr[9] = d(-1.0);
    execute(&insn("frsqrta", &[0], &[10, 6, 9]), &mut cpu).unwrap();
    assert_eq!((cpu.fr[10], cpu.pr[6]), (Fr::QNAN_INDEFINITE, false));
}

#[test]
fn a_false_qualifying_predicate_only_clears_what_the_sdm_clears() {
    let mut cpu = Cpu::new(QUIET);
    cpu.fr[9] = d(2.0);
    cpu.pr[6] = true;
    cpu.pr[7] = true;
    let mut i = insn("frcpa", &[0], &[8, 6, 1, 9]);
    i.qp = 3;
    execute(&i, &mut cpu).unwrap();
    assert_eq!((cpu.fr[8], cpu.pr[6]), (Fr::ZERO, false));
    let mut f = insn("fma", &[0, 0], &[8, 9, 9, 0]);
    f.qp = 3;
    execute(&f, &mut cpu).unwrap();
    assert_eq!(cpu.fr[8], Fr::ZERO);
    cpu.pr[3] = true;
    execute(&f, &mut cpu).unwrap();
    assert_eq!(store_double(cpu.fr[8]), 4f64.to_bits());
    execute(&i, &mut cpu).unwrap();
    assert!(cpu.pr[6]);
}
