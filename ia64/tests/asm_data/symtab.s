// Symbol-table corpus for linked executables: bindings, types, sizes and
// absolute values must survive the link as GNU ld keeps them. The conformance
// test places .text at 0x100000, .data at 0x200000 and .bss at 0x300000.
	.equ	TEXT_AT, 0x100000	// local absolute equal to _start's address
	.set	small, 42
	.global	GABS
	GABS = 0x100010			// global absolute equal to lfunc's address
	.global	DATA_AT
	.equ	DATA_AT, 0x200000

	.text
	.global	_start
	.type	_start, @function
	.proc	_start
_start:
	{ .mlx
	  nop.m 0
	  movl r8 = TEXT_AT + small ;;
	}
	.endp	_start
	.size	_start, . - _start

	.type	lfunc, @function
lfunc:
	{ .mib
	  nop.m 0
	  nop.i 0
	  br.call.sptk.many b0 = wfunc ;;
	}
	.size	lfunc, . - lfunc

	.weak	wfunc
	.type	wfunc, @function
wfunc:
	{ .mib
	  addl r2 = small, r0
	  nop.i 0
	  br.ret.sptk.many b0 ;;
	}
	.size	wfunc, . - wfunc
after:
	{ .mib
	  nop.m 0
	  nop.i 0
	  br.few lfunc ;;
	}

	.data
	.global	gobj
	.type	gobj, @object
	.size	gobj, 8
gobj:	data8	_start
	.type	lobj, @object
lobj:	data4	1
	.size	lobj, 4
	.weak	wobj
wobj:	data4	2

	.bss
	.global	gbuf
	.type	gbuf, @object
gbuf:	.skip	16
	.size	gbuf, 16
lbuf:	.skip	8
