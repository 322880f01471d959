//! Simulator system calls (`break 0x80000` / `0x80001`), as the Ski sheet lists
//! them: r15 is the call number, r32..r35 of the current frame the arguments,
//! and r8 is always written (0 for calls without a result).
//!
//! Deterministic choices (documented in the README section): GETCHAR reads no
//! input and returns 0 ("nothing available"); GET_RTC returns ar.itc; GET_TOD
//! writes a zero `struct timeval` (seconds, microseconds) at r32 and returns 0;
//! GET_ARGS writes an empty string at r32 and returns 0; CTL_TRACE does nothing;
//! SET_PERIODIC_INTERRUPT (type in r32, period in instruction groups in r33, 0 to
//! stop) pends the vector connected to that type every period. The host file I/O
//! calls (50..=55) stop the run with `Exit::HostCall` so the embedder can serve
//! them; any other number stops with `Exit::Unimplemented`.

use crate::exec::Flow;
use crate::state::Cpu;

/// SSC numbers (Ski sheet).
pub mod num {
    /// Console initialisation.
    pub const CONSOLE_INIT: u64 = 20;
    /// Read a console character.
    pub const GETCHAR: u64 = 21;
    /// Write the console character in r32.
    pub const PUTCHAR: u64 = 31;
    /// First host file I/O call.
    pub const FILE_FIRST: u64 = 50;
    /// Last host file I/O call.
    pub const FILE_LAST: u64 = 55;
    /// Connect interrupt type r32 to vector r33.
    pub const CONNECT_INTERRUPT: u64 = 58;
    /// Raise the vector connected to type r32.
    pub const GENERATE_INTERRUPT: u64 = 59;
    /// Raise type r32's vector every r33 instruction groups.
    pub const SET_PERIODIC_INTERRUPT: u64 = 60;
    /// Real-time clock.
    pub const GET_RTC: u64 = 65;
    /// End the simulation with code r32.
    pub const EXIT: u64 = 66;
    /// Time of day.
    pub const GET_TOD: u64 = 74;
    /// Command-line arguments.
    pub const GET_ARGS: u64 = 75;
    /// Tracing control.
    pub const CTL_TRACE: u64 = 76;
}

impl Cpu {
    fn arg(&self, k: u8) -> u64 {
        self.r(32 + k)
    }

    fn write_phys(&mut self, addr: u64, bytes: &[u8]) {
        use crate::memory::PhysMem;
        let _ = self.mem.write(addr & !(1 << 63), bytes);
        if self.mem.take_code_write() {
            self.flush_code = true;
            self.attention = true;
        }
    }

    /// Performs the simulator system call in r15.
    pub(crate) fn ssc(&mut self) -> Flow {
        let n = self.r(15);
        let mut r8 = 0;
        match n {
            num::CONSOLE_INIT | num::CTL_TRACE | num::GETCHAR => {}
            num::PUTCHAR => self.console.push(self.arg(0) as u8),
            num::CONNECT_INTERRUPT => {
                let ty = self.arg(0) as usize & 15;
                self.ssc_vectors[ty] = self.arg(1) as u8;
            }
            num::GENERATE_INTERRUPT => {
                let v = self.ssc_vectors[self.arg(0) as usize & 15];
                self.pend(v);
            }
            num::SET_PERIODIC_INTERRUPT => {
                self.periodic_type = self.arg(0) & 15;
                self.periodic = self.arg(1);
                self.periodic_left = self.periodic;
                self.retime();
            }
            num::GET_RTC => r8 = self.ar[44],
            num::EXIT => {
                self.exit = Some(crate::Exit::Exited(self.arg(0)));
                self.w(8, 0, false);
                return Flow::Stop;
            }
            num::GET_TOD => {
                let a = self.arg(0);
                self.write_phys(a, &[0; 16]);
            }
            num::GET_ARGS => {
                let a = self.arg(0);
                if self.arg(1) > 0 {
                    self.write_phys(a, &[0]);
                }
            }
            num::FILE_FIRST..=num::FILE_LAST => {
                self.w(8, 0, false);
                self.exit = Some(crate::Exit::HostCall { num: n });
                return Flow::Stop;
            }
            _ => {
                self.exit = Some(crate::Exit::Unimplemented {
                    ip: self.ip,
                    what: format!("simulator system call {n}"),
                });
                return Flow::Stop;
            }
        }
        self.w(8, r8, false);
        Flow::Next
    }
}
