// Sections, layout, data and symbol directives.
	.text
	.global _start
	.type _start, @function
_start:
	mov r8 = 42
	movl r9 = table + 8
	;;
	addl r2 = value, r0
	br.call.sptk.many b0 = helper
	;;
	.align 32
helper:
	br.ret.sptk.many b0
	;;
	.size _start, . - _start

	.data
	.align 8
table:	data8 helper, table, _start + 16
	data4 0x12345678
	data2 0xabcd
	.byte 1, 2, 3
	.2byte 0x1234
	.4byte 0xdeadbeef
	.8byte 0x0123456789abcdef
	.ascii "ab", "c"
	.asciz "nul"
	.string "str\n"
	.skip 3, 0x5a
	.space 2
	.balign 16, 0xcc
	.p2align 3
	.org table + 0x60
	data8 . - table
	.set value, 0x1000 + 0x234
	.equ twice, value * 2
	data8 twice, value | 1, (1 << 12) >> 4, -1, ~0 ^ 0xff
	data4 (3 + 4) * 2, 10 % 3, 7 / 2
	.section .rodata, "a"
ro:	.string "read only"
	.pushsection .moredata, "aw"
more:	data8 ro
	.popsection
	.byte 0xee
	.previous
	.4byte 0x99
	.bss
	.skip 64
	.local lcl
	.weak wk
	.text
lcl:	nop.m 0
	nop.i 0
	nop.i 0
	;;
