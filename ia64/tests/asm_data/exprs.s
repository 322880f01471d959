// Expressions: C operators with GNU as precedence, symbols, forward references.
	.equ A, 10
	.equ B, A * 3 + 1
	.set C, (B - A) << 2
	.set D, B / 4 % 5
	.set E, ~A & 0xff | 0x100 ^ 3
	.set F, A < B
	.set G, A == 10 && B != 31 || 1
	.set H, -A + 'x'
	.text
	mov r1 = A
	mov r2 = B
	mov r3 = C
	mov r4 = D
	mov r5 = E
	mov r6 = F
	mov r7 = G
	mov r8 = H
	adds r9 = later - here, r0
	;;
here:	nop.m 0
	nop.i 0
	nop.i 0
	;;
later:	mov r10 = 0x7fff + 1
	mov r11 = -0x200000
	;;
	.data
	data8 A + B * 2, (A + B) * 2, 0x10 | 1 + 1, later
	data4 here - later
