//! The dependency checker against GNU as: each corpus source is assembled with
//! `ia64-linux-gnu-as -xexplicit`; its object's instructions, decoded, are fed to
//! [`Checker`] line by line (one instruction per line, explicit bundles, so the
//! order is the source order), and the set of (line, RAW/WAW, resource class)
//! warnings must equal the one gas printed.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use ia64::asm::deps::{Checker, Loc, PredRel};
use ia64::decode::{decode_bundle, Slot};

/// Small instruction groups, each exercising one resource class or special case.
const CORPUS: &[(&str, &str)] = &[
    (
        "gr",
        "{ .mii
 mov r2=r3
 add r4=r2,r0
 mov r5=r2
}
{ .mii
 ld8 r14=[r15],8
 add r16=r15,r14
 adds r16=1,r16 ;;
}
{ .mmi
 ld8.c.clr r6=[r7]
 add r8=r6,r0
 mov r9=r10
}
{ .mii
 st8 [r9]=r8
 mpy4 r20=r21,r22
 add r23=r20,r0 ;;
}
{ .mmi
 ld8 r0=[r7]
 add r8=r0,r0
 nop.i 0 ;;
}",
    ),
    (
        "fr",
        "{ .mfi
 setf.sig f6=r2
 fadd f7=f6,f0
 nop.i 0
}
{ .mfi
 ldfd f8=[r3]
 xmpy.l f9=f8,f7
 nop.i 0
}
{ .mfi
 stfd [r4]=f9
 fpcmp.eq f10=f9,f9
 nop.i 0
}
{ .mfi
 getf.sig r5=f10
 mov f11=f10
 nop.i 0 ;;
}
{ .mfi
 ldfs.c.nc f12=[r3]
 fma.s1 f13=f12,f12,f12
 nop.i 0
}
{ .mfi
 nop.m 0
 fma f13=f1,f1,f1
 nop.i 0 ;;
}",
    ),
    (
        "pr",
        "{ .mii
 cmp.eq p6,p7=r1,r2
 (p6) add r3=r4,r5
 (p7) add r3=r4,r6
}
{ .mii
 nop.m 0
 tbit.z p8,p9=r1,3
 (p8) mov r7=r8
}
{ .mib
 nop.m 0
 nop.i 0
 (p6) br.cond.sptk 1f ;;
}
1:
{ .mii
 cmp.eq.and p10,p11=r1,r2
 cmp.ne.and p10,p11=r3,r4
 cmp.eq.or p12,p13=r1,r2
}
{ .mii
 cmp.eq.or p12,p13=r3,r4
 (p10) add r9=r1,r2
 cmp.eq p12,p0=r1,r2 ;;
}
{ .mfb
 nop.m 0
 fcmp.eq p14,p15=f2,f3
 (p14) br.cond.sptk 2f
}
{ .mii
 (p5) add r10=r1,r2
 mov pr=r2,0x3e
 mov r11=pr ;;
}
2:
{ .mii
 cmp.eq.unc p6,p7=r1,r2
 mov r12=pr
 cmp.lt p6,p8=r3,r4 ;;
}",
    ),
    (
        "br",
        "{ .mib
 nop.m 0
 mov b6=r2
 br.cond.sptk b6
}
{ .mii
 nop.m 0
 mov b7=r3
 mov r4=b7 ;;
}
{ .mii
 nop.m 0
 mov b6=r2
 mov b6=r3 ;;
}",
    ),
    (
        "ar",
        "{ .mmi
 ld16 r11,ar.csd=[r12]
 mov r13=ar.csd
 mov ar.lc=r2
}
{ .mii
 mov ar.ccv=r3
 mov r4=ar.lc
 nop.i 0
}
{ .mmi
 cmpxchg8.acq r5=[r6],r7,ar.ccv
 mov ar.unat=r8
 nop.i 0
}
{ .mmi
 st8.spill [r9]=r10
 ld8.fill r14=[r15]
 mov ar.pfs=r16
}
{ .mii
 nop.m 0
 mov ar.pfs=r17
 mov r18=ar.pfs ;;
}
{ .mmi
 mov ar.rsc=r2
 mov ar.bspstore=r3
 nop.i 0
}
{ .mmi
 mov r4=ar.rnat
 mov ar.k3=r5
 mov ar.ec=r6
}
{ .mmi
 mov r7=ar.k3
 mov ar.fpsr=r8
 nop.i 0 ;;
}
{ .mfi
 mov ar.fpsr=r9
 fadd.s2 f2=f3,f4
 nop.i 0 ;;
}
{ .mfi
 mov r10=ar.fpsr
 fadd.s1 f5=f6,f7
 nop.i 0 ;;
}",
    ),
    (
        "cr",
        "{ .mmi
 mov cr.ifa=r2
 mov cr.itir=r3
 nop.i 0
}
{ .mmi
 itc.d r4
 mov r5=cr.ifa
 nop.i 0 ;;
}
{ .mmi
 mov r6=cr.itir
 mov cr.iva=r7
 nop.i 0 ;;
}
{ .mmi
 srlz.d
 mov r8=cr.ifa
 nop.i 0 ;;
}
{ .mmi
 mov r9=cr.iva
 mov cr.tpr=r10
 mov r11=r12 ;;
}
{ .mmi
 srlz.i
 mov cr.tpr=r13
 nop.i 0 ;;
}
{ .mmi
 mov r14=cr.iva
 mov r15=cr.ivr
 nop.i 0 ;;
}
{ .mmi
 mov r16=cr.irr0
 nop.m 0
 nop.i 0 ;;
}",
    ),
    (
        "psr",
        "{ .mmi
 mov psr.l=r2
 mov r3=psr
 nop.i 0 ;;
}
{ .mmi
 ssm psr.ic|psr.dt
 mov r4=cr.ipsr
 nop.i 0
}
{ .mmi
 ld8 r5=[r6]
 nop.m 0
 nop.i 0 ;;
}
{ .mmi
 ld8 r7=[r8]
 srlz.d
 nop.i 0 ;;
}
{ .mmi
 sum psr.up|psr.ac
 mov r9=psr.um
 nop.i 0
}
{ .mmi
 st8 [r10]=r11
 nop.m 0
 nop.i 0 ;;
}
{ .mfi
 rsm psr.dfh
 fadd f40=f41,f42
 nop.i 0 ;;
}
{ .mfi
 nop.m 0
 fadd f40=f41,f42
 nop.i 0
}
{ .mmi
 mov r12=psr.um
 mov psr.um=r13
 nop.i 0 ;;
}
{ .mmi
 ssm psr.i
 rsm psr.i
 nop.i 0 ;;
}",
    ),
    (
        "paths",
        "{ .mii
 cmp.eq p6,p7=r1,r2
 nop.i 0
 nop.i 0
}
2:
{ .mii
 (p6) mov r3=r4
 (p7) mov r3=r5
 nop.i 0 ;;
}
{ .mii
 nop.m 0
 (p8) mov r6=r7
 (p9) mov r6=r8 ;;
}
.pred.rel \"mutex\", p8, p9
{ .mii
 nop.m 0
 (p8) mov r6=r7
 (p9) mov r6=r8 ;;
}
{ .mib
 (p10) mov r9=r1
 nop.i 0
 (p10) br.cond.sptk 3f
}
{ .mii
 mov r9=r2
 nop.i 0
 nop.i 0 ;;
}
3:
{ .mfb
 nop.m 0
 frcpa f6,p11=f7,f8
 (p11) br.cond.sptk 3b ;;
}",
    ),
    (
        "rse",
        "{ .mii
 alloc r32=ar.pfs,2,3,0,0
 mov r33=ar.pfs
 mov r34=r32 ;;
}
{ .mmi
 flushrs
 mov r2=ar.bsp
 nop.i 0 ;;
}
{ .mmi
 mov ar.rnat=r3
 mov r4=ar.rnat
 mov ar.lc=r5 ;;
}
{ .mib
 nop.m 0
 mov ar.ec=r6
 br.call.sptk b0=4f ;;
}
4:
{ .mii
 nop.m 0
 mov pr.rot=0x10000
 (p17) mov r7=r8 ;;
}
{ .mib
 nop.m 0
 mov ar.lc=r9
 br.cloop.sptk 4b ;;
}",
    ),
    (
        "misc",
        "{ .mmi
 chk.s r2,5f
 mov r2=r3
 nop.i 0
}
{ .mmi
 probe.r r4=r5,r6
 add r6=r4,r5
 nop.i 0
}
{ .mmi
 lfetch [r7],r8
 ld8 r8=[r7]
 nop.i 0 ;;
}
{ .mmi
 mov rr[r2]=r3
 mov r4=rr[r2]
 nop.i 0 ;;
}
{ .mmi
 mov pkr[r5]=r6
 mov pkr[r5]=r7
 nop.i 0 ;;
}
{ .mmi
 mov r17=r18
 nop.m 0
 nop.i 0 ;;
}
{ .mmi
 mov r16=r17
 cmp4.ltu p6,p7=7,r16
 nop.i 0 ;;
}
5:
{ .mib
 nop.m 0
 nop.i 0
 br.ret.sptk b0 ;;
}",
    ),
];

/// The warnings gas printed: (line, RAW/WAW, resource class).
fn gas_warnings(stderr: &str) -> BTreeSet<(u32, String, String)> {
    let mut out = BTreeSet::new();
    for l in stderr.lines() {
        let mut parts = l.splitn(3, ':');
        let (Some(_), Some(line), Some(msg)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Ok(line) = line.parse::<u32>() else {
            continue;
        };
        let Some(rest) = msg.split(" violate").nth(1) else {
            continue;
        };
        let rest = rest.trim_start_matches('s').trim_start();
        let mut w = rest.splitn(3, ' ');
        let (Some(kind), Some(_), Some(res)) = (w.next(), w.next(), w.next()) else {
            continue;
        };
        if kind == "WAR" {
            continue;
        }
        let name = res.trim_start_matches('\'');
        let class: String = name
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let class = if class == "GR" && name.starts_with("GR0") {
            "GR".into()
        } else {
            class
        };
        out.insert((line, kind.to_string(), class));
    }
    out
}

/// Ours, from the checker's messages: the kind and the resource's class word.
fn our_warning(line: u32, message: &str) -> (u32, String, String) {
    let kind = if message.contains(" RAW ") {
        "RAW"
    } else {
        "WAW"
    };
    let class = message
        .split("dependency on ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .unwrap_or("")
        .to_string();
    (line, kind.to_string(), class)
}

/// Feeds the source's events to a checker, taking instructions from gas's object.
fn run_checker(src: &str, bundles: &[[u8; 16]]) -> BTreeSet<(u32, String, String)> {
    let mut insns = Vec::new();
    for b in bundles {
        let d = decode_bundle(b).expect("gas emitted a valid bundle");
        for (k, s) in d.slots.iter().enumerate() {
            if let Slot::Insn(i) = s {
                insns.push((*i, d.template.units[k]));
            }
        }
    }
    let file: Arc<str> = Arc::from("t.s");
    let mut ck = Checker::new();
    let mut next = insns.into_iter();
    let mut out = BTreeSet::new();
    for (n, raw) in src.lines().enumerate() {
        let line = n as u32 + 1;
        let t = raw.trim();
        if t.is_empty()
            || t.starts_with('{')
            || t.starts_with('}')
            || t.starts_with('.') && !t.starts_with(".pred")
        {
            continue;
        }
        if let Some(rest) = t.strip_prefix(".pred.rel") {
            let kind = if rest.contains("mutex") {
                PredRel::Mutex
            } else if rest.contains("imply") {
                PredRel::Imply
            } else {
                PredRel::Clear
            };
            let preds: Vec<u8> = rest
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter_map(|w| w.strip_prefix('p').and_then(|n| n.parse().ok()))
                .collect();
            ck.pred_rel(kind, &preds);
            continue;
        }
        if t.ends_with(':') {
            ck.label();
            continue;
        }
        let (insn, unit) = next
            .next()
            .expect("one decoded instruction per source line");
        let loc = Loc {
            file: file.clone(),
            line,
            column: 1,
        };
        for w in ck.push(&insn, unit, &loc) {
            out.insert(our_warning(line, &w.message));
        }
        if t.contains(";;") {
            ck.stop();
        }
    }
    out
}

#[test]
fn warnings_match_gnu_as() {
    if !common::binutils("warnings_match_gnu_as") {
        return;
    }
    let dir = common::scratch("asm_deps");
    let mut failures = Vec::new();
    for (name, body) in CORPUS {
        let src = format!(".text\n{body}\n");
        let s = dir.join(format!("{name}.s"));
        let o = dir.join(format!("{name}.o"));
        std::fs::write(&s, &src).expect("write source");
        let out = std::process::Command::new("ia64-linux-gnu-as")
            .args(["-xexplicit", "-o"])
            .arg(&o)
            .arg(&s)
            .output()
            .expect("run gas");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: gas failed:\n{stderr}");
        let text = common::text_bytes(&o, &dir);
        let bundles: Vec<[u8; 16]> = text
            .chunks_exact(16)
            .map(|c| c.try_into().expect("16 bytes"))
            .collect();
        let theirs = gas_warnings(&stderr);
        let ours = run_checker(&src, &bundles);
        assert!(
            !theirs.is_empty(),
            "{name}: the corpus entry should provoke warnings"
        );
        if theirs != ours {
            failures.push(format!(
                "{name}:\n  gas only: {:?}\n  ours only: {:?}",
                theirs.difference(&ours).collect::<Vec<_>>(),
                ours.difference(&theirs).collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
