// Switching between automatic and explicit mode.
	.text
	add r1=r2,r3
	add r4=r1,r5
	.auto
	add r6=r4,r7
	add r8=r6,r9
	.explicit
	add r10=r8,r11
	add r12=r10,r13
	;;
	.auto
	add r14=r12,r15
	{ .mii
	add r16=r17,r18
	add r19=r20,r21
	nop.i 0
	}
	add r22=r16,r19
	.default
	add r23=r22,r1
	;;
	add r24=r23,r1
	.auto
	add r25=r24,r1
	.data
	.8byte 1
	.text
	add r26=r25,r1
	add r27=r26,r1
	.align 32
	add r28=r27,r1
	add r29=r28,r1
	.auto
	.auto
	add r30=r29,r1
	.explicit
	.explicit
	add r31=r30,r1
