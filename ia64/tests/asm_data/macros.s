// Macros, repetition and conditionals.
	.macro addi dst, src, imm=1
	adds \dst = \imm, \src
	.endm
	.macro twice op:req, a, b
	\op \a
	\op \b
	.endm
	.macro count n
	.if \n
	mov r\n = \n
	count "(\n-1)"
	.endif
	.endm
	.macro ldi reg, val
	movl \reg = \val
	.endm
	.macro uniq
lab\@:	nop.m \@
	.exitm
	nop.m 99
	.endm

	.text
	.global entry
entry:
	addi r1, r2
	addi r3, r4, 7
	addi imm=9, dst=r5, src=r6
	twice nop.i, 1, 2
	;;
	.rept 3
	add r7 = r8, r9
	.endr
	;;
	.irp reg, r10, r11, r12
	mov \reg = 0
	.endr
	;;
	.irpc d, 345
	mov r2\d = \d
	.endr
	;;
	uniq
	uniq
	;;
	// A stop after a macro call on the same line ends the expansion's group:
	// `mov` and the expansion's `movl` share one MLX bundle.
	mov r14 = r15
	ldi r16, 0x100 ;;
	ldi r17, 1 ; ldi r18, 2 ;;
	.set flag, 1
	.if flag == 1
	mov r30 = 1
	.elseif flag == 2
	mov r30 = 2
	.else
	mov r30 = 3
	.endif
	.ifdef flag
	mov r31 = 1
	.endif
	.ifndef nothere
	mov r31 = 2
	.endif
	.ifc abc, abc
	mov r31 = 3
	.endif
	.ifnc abc, abd
	mov r31 = 4
	.endif
	.ifeq flag - 1
	mov r31 = 5
	.endif
	.ifne flag
	mov r31 = 6
	.endif
	;;
