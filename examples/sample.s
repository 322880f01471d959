// A small IA-64 sample for `ia64pv disasm`: a hyperprivop, a hypercall and a
// counted loop, in the conventions of ARCHITECTURE.md.
	.text
	.global	_start
_start:
{ .mii
	alloc r34=ar.pfs,2,3,0,0
	mov r2=0x600		// hypercall number: SET_SHARED_INFO_VA
	mov r8=r32 ;;
}
{ .mmi
	break.m 0x1000		// hypercall
	break.m 0x7		// hyperprivop SSM_I
	mov.i ar.lc=15 ;;
}
loop:
{ .mib
	ld8 r9=[r33],8
	add r10=r10,r9
	br.cloop.sptk.few loop ;;
}
{ .mib
	nop.m 0
	mov.i ar.pfs=r34
	br.ret.sptk.many b0 ;;
}
