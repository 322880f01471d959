// Bundles in braces: in default automatic mode (-xauto) GNU as assembles them
// in explicit mode and returns to automatic mode after the closing brace.
	.text
	add r1=r2,r3
	add r4=r1,r5
	{ .mii
	add r6=r4,r7
	add r8=r6,r9
	nop.i 0
	}
	add r10=r8,r1
	add r11=r10,r1
	{ .mmi
	add r12=r13,r14
	nop.m 0
	nop.i 0
	}
	add r12=r11,r1
	.explicit
	{ .mii
	add r13=r12,r1
	nop.i 0
	nop.i 0
	}
	add r14=r13,r1
	.default
	add r15=r14,r1
	add r16=r15,r1
