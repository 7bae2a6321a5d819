/*	$simplelock: arch/alpha/alpha/divrem.S $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Integer division for the bare-metal kernel on alpha.  The CPU has
 * no divide instruction, and on alpha-linux the helpers gcc calls
 * (__divq, __remqu, __divl, ...) live in the C library, not libgcc, so
 * the freestanding kernel supplies its own.  gcc's convention for
 * them: dividend in t10 ($24), divisor in t11 ($25), result in t12
 * ($27), return address in t9 ($23); only t9, t12 and at ($28) may
 * change.  A divisor of zero gives a quotient of zero and the dividend
 * as remainder.
 */

	.set	noat
	.text

/*
 * Unsigned 64-bit divide: $1 / $2, quotient in $1, remainder in $2.
 * Shift-and-subtract over the dividend's significant bits only (ctlz).
 * Uses $3-$6; returns through $28.
 */
	.ent	divrem_core
divrem_core:
	mov	$1, $3			/* dividend, shifted out of the top */
	clr	$1			/* quotient */
	clr	$4			/* partial remainder */
	beq	$2, 8f
	blt	$2, 7f			/* divisor >= 2^63: quotient 0 or 1 */
	ctlz	$3, $5
	sll	$3, $5, $3
	subq	$31, $5, $5
	addq	$5, 64, $5		/* significant bits of the dividend */
	beq	$5, 9f
1:	srl	$3, 63, $6
	sll	$4, 1, $4
	or	$4, $6, $4
	sll	$3, 1, $3
	sll	$1, 1, $1
	cmpule	$2, $4, $6
	beq	$6, 2f
	subq	$4, $2, $4
	or	$1, 1, $1
2:	subq	$5, 1, $5
	bne	$5, 1b
9:	mov	$4, $2
	ret	$31, ($28), 1
7:	cmpule	$2, $3, $1
	beq	$1, 8f
	subq	$3, $2, $3
8:	mov	$3, $2
	ret	$31, ($28), 1
	.end	divrem_core

#define	SAVE							\
	lda	$sp, -64($sp);					\
	stq	$1, 0($sp);					\
	stq	$2, 8($sp);					\
	stq	$3, 16($sp);					\
	stq	$4, 24($sp);					\
	stq	$5, 32($sp);					\
	stq	$6, 40($sp);					\
	stq	$7, 48($sp);					\
	stq	$8, 56($sp)

#define	RESTORE_RET						\
	ldq	$1, 0($sp);					\
	ldq	$2, 8($sp);					\
	ldq	$3, 16($sp);					\
	ldq	$4, 24($sp);					\
	ldq	$5, 32($sp);					\
	ldq	$6, 40($sp);					\
	ldq	$7, 48($sp);					\
	ldq	$8, 56($sp);					\
	lda	$sp, 64($sp);					\
	ret	$31, ($23), 1

/* Unsigned: LOAD widens the operands, RES names $1 or $2, FIX narrows. */
#define	UDIV(name, load1, load2, res, fix)			\
	.globl	name;						\
	.ent	name;						\
name:								\
	SAVE;							\
	load1;							\
	load2;							\
	bsr	$28, divrem_core;				\
	fix;							\
	mov	res, $27;					\
	RESTORE_RET;						\
	.end	name

/* Signed: the magnitudes; the quotient is negative if the signs differ. */
#define	SDIV(name, load1, load2, fix)				\
	.globl	name;						\
	.ent	name;						\
name:								\
	SAVE;							\
	load1;							\
	load2;							\
	xor	$1, $2, $7;					\
	subq	$31, $1, $3;					\
	cmovlt	$1, $3, $1;					\
	subq	$31, $2, $3;					\
	cmovlt	$2, $3, $2;					\
	bsr	$28, divrem_core;				\
	subq	$31, $1, $3;					\
	cmovlt	$7, $3, $1;					\
	fix;							\
	mov	$1, $27;					\
	RESTORE_RET;						\
	.end	name

#define	Q64(r)	mov	$24, r
#define	D64(r)	mov	$25, r
#define	QU32(r)	zapnot	$24, 0x0f, r
#define	DU32(r)	zapnot	$25, 0x0f, r
#define	QS32(r)	addl	$31, $24, r
#define	DS32(r)	addl	$31, $25, r
#define	NOFIX	nop
#define	FIX1	addl	$31, $1, $1
#define	FIX2	addl	$31, $2, $2

UDIV(__divqu, Q64($1), D64($2), $1, NOFIX)
UDIV(__remqu, Q64($1), D64($2), $2, NOFIX)
UDIV(__divlu, QU32($1), DU32($2), $1, FIX1)
UDIV(__remlu, QU32($1), DU32($2), $2, FIX2)
SDIV(__divq, Q64($1), D64($2), NOFIX)
SDIV(__divl, QS32($1), DS32($2), FIX1)

/* Signed remainders take the dividend's sign ($8). */
#define	SREM(name, load1, load2, fix)				\
	.globl	name;						\
	.ent	name;						\
name:								\
	SAVE;							\
	load1;							\
	load2;							\
	mov	$1, $8;						\
	subq	$31, $1, $3;					\
	cmovlt	$1, $3, $1;					\
	subq	$31, $2, $3;					\
	cmovlt	$2, $3, $2;					\
	bsr	$28, divrem_core;				\
	subq	$31, $2, $3;					\
	cmovlt	$8, $3, $2;					\
	fix;							\
	mov	$2, $27;					\
	RESTORE_RET;						\
	.end	name

SREM(__remq, Q64($1), D64($2), NOFIX)
SREM(__reml, QS32($1), DS32($2), FIX2)

	.section .note.GNU-stack, "", @progbits
