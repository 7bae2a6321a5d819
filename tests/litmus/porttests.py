#!/usr/bin/env python3
#	$simplelock: tests/litmus/porttests.py $
# SPDX-License-Identifier: BSD-2-Clause
#
# porttests.py [-s STUBS] [-f LOCKFN,UNLOCKFN] ARCH MACHINE LOCKED DIS OUTDIR
#     TAG [VARIANT]
# porttests.py -q MACHINE DIS OUTDIR TAG    (handoff.c's queue hand-off)
#
# Litmus tests from a port's object code.  DIS is what
# tests/audit/audit.sh -o leaves in OUTDIR/audit.dis: the symbol table
# and disassembly of audit.c, whose audit_lock, audit_try and
# audit_unlock hold global markers where the lock is held or its release
# starts.  The sequences are the shortest paths the audit walks: entry to
# a *_held_* marker (the successful acquisition), audit_try's entry to a
# return that passes no marker (the failed try), and the unlock marker
# to the return.  Each path is spelt in herd syntax: a conditional
# branch leaving the path jumps to the thread's exit label, stack
# accesses are dropped (thread-private), and every other access is to the
# lock.  Around them go the caller's accesses (a critical section on
# "data"), giving these tests:
#   MP-lock, MP-try     what is written before an unlock is seen after a
#                       lock/try that reads from it (Never)
#   MX-lock-lock, MX-lock-try, MX-try-try   mutual exclusion (Never)
#   LB-lock, LB-try     a critical section's load does not see a store of
#                       the next critical section (Never)
#   WW-lock, WW-try     a critical section's store is not overwritten
#                       by an earlier one's (Never)
#   FT-try              a failed try that saw the lock held, then a load:
#                       reported, orders nothing (any verdict)
# Writes OUTDIR/TAG-NAME.litmus and appends "TAG-NAME<TAB>required" to
# OUTDIR/verdicts.tab.  Exit 2 (and a message) if a sequence cannot be
# spelt, e.g. a call into a run-time library.  VARIANT (lse or llsc)
# picks the path through an AArch64 outline-atomics helper.  -f: take
# whole functions instead (entry to return) as lock and unlock, for
# kernel locks without a try (the MP, LB, WW and MX-lock-lock tests).
# -s: STUBS is the disassembly of an object whose functions a call or
# tail call in DIS reaches (x86's lock_stubs.S for its kernel build).

import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True	# no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
    '..', '..', 'tools', 'litmus'))
import litmus  # noqa: E402


class Unsupported(Exception):
	pass


# --------------------------------------------------------------------
# The disassembly

def parse_dis(text):
	syms, insns = {}, []
	sect = None
	for ln in text.split('\n'):
		m = re.match(r'^Disassembly of section (\S+):', ln)
		if m:
			sect = m.group(1)
			continue
		m = re.match(r'^([0-9a-f]+) (.{7}) (\S+)\s+[0-9a-f]+\s+(\S+)$', ln)
		if m and m.group(3) == '.text':
			syms.setdefault(m.group(4), int(m.group(1), 16))
			continue
		m = re.match(r'^\s+[0-9a-f]+: R_\w+\s+(\S+)', ln)
		if m and insns:
			insns[-1]['call'] = re.split(r'[+-]0x', m.group(1))[0]
			continue
		if sect is not None and sect != '.text':
			continue	# addresses restart in each section
		m = re.match(r'^([0-9a-f]+) <([^>]+)>:$', ln)
		if m:
			syms.setdefault(m.group(2), int(m.group(1), 16))
			continue
		m = re.match(r'^\s+([0-9a-f]+):\s+(.*)$', ln)
		if m:
			body = m.group(2).split('//')[0].split('!')[0]
			body = body.split('#', 1)[0] if '\t#' in body else body
			body = body.strip()
			if not body or body.startswith('.word') or \
			    body.startswith('...'):
				body = 'nop' if body.startswith('.word') else body
			mm = re.match(r'(\S+)\s*(.*)$', body)
			if not mm:
				continue
			insns.append({'addr': int(m.group(1), 16),
			    'mn': mm.group(1), 'ops': mm.group(2).strip(),
			    'call': None})
			continue
	return syms, insns


def target(ins):
	m = re.search(r'\b([0-9a-f]+) <', ins['ops'])
	return int(m.group(1), 16) if m else None


# Branch classes per MACHINE: kind(ins) -> 'ret', 'jmp', 'cond',
# 'condret', 'call' or None.
def kind_of(machine, ins):
	k = kind_of1(machine, ins)
	if k == 'jmp' and ins.get('call') and \
	    not ins['call'].startswith('.L'):
		return 'tailcall'	# a jump to another object's function
	return k


def kind_of1(machine, ins):
	mn, ops = ins['mn'], ins['ops']
	if machine == 'aarch64':
		if mn == 'ret':
			return 'ret'
		if mn == 'b':
			return 'jmp'
		if mn.startswith('b.') or mn in ('cbz', 'cbnz', 'tbz', 'tbnz'):
			return 'cond'
		if mn == 'bl':
			return 'call'
	elif machine == 'arm':
		if mn == 'bx' and ops == 'lr' or \
		    (mn.startswith('pop') and 'pc' in ops):
			return 'ret'
		if mn in ('b', 'b.n', 'b.w'):
			return 'jmp'
		if re.fullmatch(r'b(eq|ne|cs|cc|hi|ls|ge|lt|gt|le)(\.[nw])?', mn) \
		    or mn in ('cbz', 'cbnz'):
			return 'cond'
		if mn in ('bl', 'blx'):
			return 'call'
	elif machine == 'riscv':
		if mn == 'ret' or (mn == 'jr' and ops == 'ra'):
			return 'ret'
		if mn == 'j':
			return 'jmp'
		if re.fullmatch(r'b(eq|ne|lt|ge|ltu|geu|eqz|nez|gtz|lez|gt|le)', mn):
			return 'cond'
		if mn in ('call', 'jal', 'jalr'):
			return 'call'
	elif machine == 'powerpc':
		m = mn.rstrip('+-')
		if m == 'blr':
			return 'ret'
		if m in ('bnelr', 'beqlr'):
			return 'condret'
		if m == 'b':
			return 'jmp'
		if m in ('bne', 'beq'):
			return 'cond'
		if m == 'bl':
			return 'call'
	elif machine in ('amd64', 'i386'):
		if mn.startswith('ret'):
			return 'ret'
		if mn == 'jmp':
			return 'jmp'
		if re.fullmatch(r'j[a-z]+', mn):
			return 'cond'
		if mn == 'call':
			return 'call'
	elif machine in ('sparc', 'sparc64'):
		if mn in ('ret', 'retl', 'return'):
			return 'ret'
		b = mn.split(',')[0]
		if b in ('b', 'ba'):
			return 'jmp'
		if re.fullmatch(r'b(e|ne|z|nz|g|le|ge|l|gu|leu|cc|cs|pos|neg|vc|vs)'
		    r'|br(z|nz|lz|lez|gz|gez)', b) and target(ins) is not None:
			return 'cond'
		if mn == 'call':
			return 'call'
	return None


def delay(machine):
	return machine in ('sparc', 'sparc64')


class Code:
	def __init__(self, machine, syms, insns):
		self.machine, self.syms, self.insns = machine, syms, insns
		self.at = {ins['addr']: k for k, ins in enumerate(insns)}

	def succ(self, k):
		"""[(next index or 'X', taken?)] after instruction k."""
		ins = self.insns[k]
		kd = kind_of(self.machine, ins)
		nx = k + 2 if delay(self.machine) and kd in ('ret', 'jmp',
		    'cond', 'call') else k + 1
		if kd in ('ret', 'tailcall'):
			return [('X', None)]
		if kd == 'condret':
			return [('X', True), (nx, False)]
		if kd == 'jmp':
			return [(self.at[target(ins)], None)]
		if kd == 'cond':
			return [(self.at[target(ins)], True), (nx, False)]
		return [(nx, None)]

	def paths(self, start, goals, avoid=(), limit=48):
		"""Every path without a repeated instruction from start to an
		index in goals ('X': a return), shortest first, as lists of
		(k, taken), avoiding the indices in avoid."""
		out = []

		def dfs(k, seen, acc):
			if len(out) >= 400:
				return
			if k in goals:
				out.append(list(acc))
				return
			if k == 'X' or k >= len(self.insns) or len(acc) > limit:
				return
			for n, tk in self.succ(k):
				if n in avoid or n in seen:
					continue
				seen.add(n)
				acc.append((k, tk))
				dfs(n, seen, acc)
				acc.pop()
				seen.discard(n)

		dfs(start, {start}, [])
		out.sort(key=len)
		return out


# --------------------------------------------------------------------
# Spelling instructions in herd syntax

def num(s):
	s = s.strip().lstrip('#$')
	return int(s, 0)


class Tr:
	"""Per-MACHINE translation; ctx: lock base register."""
	stackregs = ()

	def private(self, ins):
		return any(r in ins['ops'] for r in self.stackregs)


class TrA64(Tr):
	arch = 'AArch64'
	lockreg = 'X0'
	free = ['X20', 'X21', 'X22', 'X23', 'X24', 'X25']
	INV = {'cbz': 'CBNZ', 'cbnz': 'CBZ', 'b.eq': 'B.NE', 'b.ne': 'B.EQ',
	    'b.none': 'B.NE', 'b.any': 'B.EQ'}

	def reg(self, r):
		return r.strip().upper()

	def ins(self, ins):
		mn, ops = ins['mn'], ins['ops']
		if mn in ('bti', 'nop', 'yield', 'paciasp', 'autiasp', 'hint'):
			return []
		if re.search(r'\bsp\b', ops) or mn in ('stp', 'ldp', 'adrp'):
			return []		# frame: thread-private
		ops = re.sub(r'#(0x[0-9a-f]+|\d+)', lambda m: '#%d' %
		    int(m.group(1), 0), ops)
		a = [self.reg(x) for x in re.split(r',\s*(?![^\[]*\])', ops)]
		if mn == 'tst' and len(a) == 2 and a[1].startswith('#'):
			# herd has no TST: AND into a scratch register, compare
			return ['AND W26,W%s,%s' % (a[0][1:], a[1]), 'CMP W26,#0']
		if mn in ('mov', 'cmp', 'eor', 'add', 'and', 'orr', 'sub'):
			return ['%s %s' % (mn.upper(), ','.join(a))]
		if re.fullmatch(r'(ld|st)[a-z]*', mn) or \
		    re.fullmatch(r'(cas|swp|ldadd|ldset|ldclr|ldeor)[a-z]*', mn):
			return ['%s %s' % (mn.upper(), ','.join(x.replace(' ', '')
			    for x in a))]
		if mn in ('dmb', 'dsb'):
			return ['%s %s' % (mn.upper(), ops.upper())]
		if mn == 'isb':
			return ['ISB']
		raise Unsupported('aarch64 "%s %s"' % (mn, ops))

	def branch(self, ins, taken, lab):
		mn, ops = ins['mn'], ins['ops']
		a = [x.strip() for x in ops.split(',')]
		if mn in ('cbz', 'cbnz'):
			m = mn.upper() if not taken else self.INV[mn]
			return ['%s %s,%s' % (m, self.reg(a[0]), lab)]
		if mn in ('b.eq', 'b.ne'):
			m = mn.upper() if not taken else self.INV[mn]
			return ['%s %s' % (m, lab)]
		raise Unsupported('aarch64 branch %s' % mn)

	def held(self, r):
		return ['MOV W%s,#1' % r[1:]]

	def load(self, r, areg):
		return ['LDR W%s,[%s]' % (r[1:], areg)]

	def store(self, v, tmp, areg):
		return ['MOV W%s,#%d' % (tmp[1:], v),
		    'STR W%s,[%s]' % (tmp[1:], areg)]

	def cond_reg(self, tid, r):
		return '%d:%s' % (tid, r)


class TrARM(Tr):
	arch = 'ARM'
	lockreg = 'R0'
	free = ['R5', 'R6', 'R7', 'R8', 'R9', 'R10']
	INV = {'bne': 'BEQ', 'beq': 'BNE'}

	def reg(self, r):
		r = r.strip().upper()
		return 'R12' if r == 'IP' else r

	def ins(self, ins):
		mn, ops = re.sub(r'\.[nw]$', '', ins['mn']), ins['ops']
		if mn in ('nop', 'yield'):
			return []
		if re.search(r'\bsp\b', ops) or mn.startswith('push') or \
		    mn.startswith('pop'):
			return []
		ops = re.sub(r'#(0x[0-9a-f]+|\d+)', lambda m: '#%d' %
		    int(m.group(1), 0), ops)
		ops = re.sub(r',\s*#0\]', ']', ops)
		a = [self.reg(x) for x in re.split(r',\s*(?![^\[]*\])', ops)]
		if mn in ('uxtb', 'uxth'):
			return ['MOV %s,%s' % (a[0], a[1])]
		if mn in ('mov', 'movs', 'cmp', 'eor', 'add', 'and', 'orr'):
			return ['%s %s' % (mn.upper().rstrip('S') if mn == 'movs'
			    else mn.upper(), ','.join(a))]
		if mn in ('ldr', 'ldrb', 'str', 'strb', 'ldrex', 'ldrexb',
		    'strex', 'strexb'):
			m = mn.upper()
			if m.endswith('EXB'):
				m = m[:-1]	# herd's ARM has no byte exclusives
			elif m in ('LDRB', 'STRB'):
				m = m[:-1]
			return ['%s %s' % (m, ','.join(x.replace(' ', '')
			    for x in a))]
		if mn == 'dmb':
			return ['DMB' if ops in ('ish', 'sy', '') else
			    'DMB %s' % ops.upper()]
		if mn == 'dsb':
			return ['DSB']
		if mn == 'isb':
			return ['ISB']
		raise Unsupported('arm "%s %s"' % (mn, ops))

	def branch(self, ins, taken, lab):
		mn = re.sub(r'\.[nw]$', '', ins['mn'])
		a = [x.strip() for x in ins['ops'].split(',')]
		if mn in ('cbz', 'cbnz'):
			b = 'BEQ' if (mn == 'cbz') != taken else 'BNE'
			return ['CMP %s,#0' % self.reg(a[0]), '%s %s' % (b, lab)]
		if mn in ('bne', 'beq'):
			return ['%s %s' % (mn.upper() if not taken else
			    self.INV[mn], lab)]
		raise Unsupported('arm branch %s' % mn)

	def held(self, r):
		return ['MOV %s,#1' % r]

	def load(self, r, areg):
		return ['LDR %s,[%s]' % (r, areg)]

	def store(self, v, tmp, areg):
		return ['MOV %s,#%d' % (tmp, v), 'STR %s,[%s]' % (tmp, areg)]

	def cond_reg(self, tid, r):
		return '%d:%s' % (tid, r)


RVABI = {'zero': 0, 'ra': 1, 'sp': 2, 'gp': 3, 'tp': 4, 't0': 5, 't1': 6,
    't2': 7, 's0': 8, 's1': 9, 't3': 28, 't4': 29, 't5': 30, 't6': 31}
RVABI.update({'a%d' % i: 10 + i for i in range(8)})
RVABI.update({'s%d' % i: 16 + i for i in range(2, 12)})


class TrRV(Tr):
	arch = 'RISCV'
	lockreg = 'x10'
	free = ['x20', 'x21', 'x22', 'x23', 'x24', 'x25']
	INV = {'bne': 'beq', 'beq': 'bne'}

	def reg(self, r):
		r = r.strip()
		return 'x%d' % RVABI[r] if r in RVABI else r

	def ins(self, ins):
		mn, ops = ins['mn'], ins['ops']
		if mn in ('nop',):
			return []
		a = [x.strip() for x in ops.split(',')] if ops else []
		if 'sp' in a or any('(sp)' in x for x in a):
			return []
		mem = lambda s: re.sub(r'\((\w+)\)', lambda m: '(%s)' %
		    self.reg(m.group(1)), s)
		if mn == 'li':
			return ['ori %s,x0,%d' % (self.reg(a[0]), num(a[1]))]
		if mn in ('mv', 'sext.w'):
			return ['ori %s,%s,0' % (self.reg(a[0]), self.reg(a[1]))]
		if mn in ('addi', 'ori', 'xori', 'andi', 'add', 'xor', 'or',
		    'and'):
			return ['%s %s' % (mn, ','.join(self.reg(x) for x in a))]
		if re.fullmatch(r'[ls][bhwd]u?|lr\..*|sc\..*|amo.*', mn):
			return ['%s %s' % (mn, ','.join(mem(self.reg(x))
			    for x in a))]
		if mn == 'fence':
			return ['fence %s' % ops.replace(' ', '') if ops
			    else 'fence rw,rw']
		if mn in ('fence.tso', 'fence.i'):
			return [mn]
		raise Unsupported('riscv "%s %s"' % (mn, ops))

	def branch(self, ins, taken, lab):
		mn = ins['mn']
		a = [x.strip() for x in ins['ops'].split(',')]
		if mn in ('bnez', 'beqz'):
			mn, a = mn[:3], [a[0], 'zero', a[1]]
		if mn in ('bne', 'beq'):
			return ['%s %s,%s,%s' % (mn if not taken else self.INV[mn],
			    self.reg(a[0]), self.reg(a[1]), lab)]
		raise Unsupported('riscv branch %s' % mn)

	def held(self, r):
		return ['ori %s,x0,1' % r]

	def load(self, r, areg):
		return ['lw %s,0(%s)' % (r, areg)]

	def store(self, v, tmp, areg):
		return ['ori %s,x0,%d' % (tmp, v), 'sw %s,0(%s)' % (tmp, areg)]

	def cond_reg(self, tid, r):
		return '%d:%s' % (tid, r)


class TrPPC(Tr):
	arch = 'PPC'
	lockreg = 'r3'
	free = ['r20', 'r21', 'r22', 'r23', 'r24', 'r25']
	INV = {'bne': 'beq', 'beq': 'bne'}

	def ins(self, ins):
		mn, ops = ins['mn'], ins['ops']
		a = [x.strip() for x in ops.split(',')] if ops else []
		if mn in ('nop',) or (mn == 'mr' and a[0] == a[1]) or \
		    (mn == 'ori' and a == ['r2', 'r2', '0']):
			return []
		if 'r1' in a or any('(r1)' in x for x in a) or mn == 'stwu':
			return []
		if mn == 'li':
			return ['li %s,%d' % (a[0], num(a[1]))]
		if mn in ('mr', 'extsw'):
			return ['mr %s,%s' % (a[0], a[1])]
		if mn in ('cmpwi', 'cmpw', 'cmpdi', 'cmpd', 'cmplw', 'cmplwi'):
			# herd's PPC knows the word compares
			return ['%s %s' % (mn.replace('d', 'w').replace('l', ''),
			    ','.join(a))]
		if mn in ('lwarx', 'stwcx.', 'lwz', 'stw', 'lbz', 'stb', 'lwzx',
		    'stwx', 'ldarx', 'stdcx.', 'ld', 'std'):
			return ['%s %s' % (mn, ','.join(a))]
		if mn in ('sync', 'hwsync', 'lwsync', 'isync', 'eieio'):
			return [mn]
		raise Unsupported('powerpc "%s %s"' % (mn, ops))

	def branch(self, ins, taken, lab):
		mn = ins['mn'].rstrip('+-')
		if mn in ('bnelr', 'beqlr'):
			mn = mn[:3]
		if mn in ('bne', 'beq'):
			return ['%s %s' % (mn if not taken else self.INV[mn], lab)]
		raise Unsupported('powerpc branch %s' % mn)

	def held(self, r):
		return ['li %s,1' % r]

	def load(self, r, areg):
		return ['lwz %s,0(%s)' % (r, areg)]

	def store(self, v, tmp, areg):
		return ['li %s,%d' % (tmp, v), 'stw %s,0(%s)' % (tmp, areg)]

	def cond_reg(self, tid, r):
		return '%d:%s' % (tid, r)


X86R = {'a': 'EAX', 'b': 'EBX', 'c': 'ECX', 'd': 'EDX', 'si': 'ESI',
    'di': 'EDI'}


class TrX86(Tr):
	arch = 'X86'
	lockreg = None
	free = ['ESI', 'EDI', 'EBX', 'EBP']	# the last two: unused
	INV = {'jne': 'JE', 'je': 'JNE'}

	def reg(self, r):
		r = r.strip().lstrip('%')
		if r == 'ah':
			return 'EBX'	# only lock_stubs.S uses it, never %ebx
		m = re.fullmatch(r'[re]?([abcd])[xlh]?|[re]?(si|di)l?', r)
		if not m:
			raise Unsupported('x86 register %s' % r)
		return X86R[m.group(1) or m.group(2)]

	def opnd(self, s):
		s = s.strip()
		if s.startswith('$'):
			return '$%d' % num(s)
		if '(' in s:
			if re.search(r'%[re]?sp\b', s):
				return None
			return '[lock]'
		return self.reg(s)

	def ins(self, ins):
		mn, ops = ins['mn'], ins['ops']
		if mn in ('nop', 'nopl', 'nopw', 'pause', 'lea', 'data16') or \
		    mn.startswith('nop') or re.search(r'%[re]?sp\b', ops):
			return []	# stack and frame: thread-private
		if mn in ('push', 'pop') or (mn == 'add' and
		    ops.endswith('%ebx')):
			return []	# the stack, the PIC base: thread-private
		if mn == 'lock':
			mn, _, ops = ops.partition(' ')
			ops = ops.strip()
			if mn.startswith('cmpxchg'):
				a = [self.opnd(x) for x in ops.split(',')]
				return ['CMPXCHG [lock],%s' % a[0]]
			raise Unsupported('x86 "lock %s"' % mn)
		if mn in ('sete', 'setz'):
			return ['SETE %s' % self.reg(ops)]
		if mn in ('mov', 'movl') and re.fullmatch(r'\$0x[0-9a-f]+,%eax',
		    ops.replace(' ', '')) and num(ops.split(',')[0]) > 0xff:
			# %ah is spelt EBX (see reg)
			v = num(ops.split(',')[0])
			return ['MOV EAX,$%d' % (v & 0xff),
			    'MOV EBX,$%d' % (v >> 8 & 0xff)]
		a = [self.opnd(x) for x in re.split(r',(?![^(]*\))', ops)] \
		    if ops else []
		if None in a:
			return []	# the stack: thread-private
		if mn in ('mov', 'movb', 'movl', 'movzbl', 'movq'):
			return ['MOV %s,%s' % (a[1], a[0])]
		if mn in ('xchg', 'xchgb', 'xchgl'):
			m = a[0] if a[1] != '[lock]' else a[0]
			return ['XCHG [lock],%s' % (a[0] if a[1] == '[lock]'
			    else a[1])]
		if mn == 'xor' and a[0] == a[1]:
			return ['MOV %s,$0' % a[0]]
		if mn == 'test' and a[0] == a[1]:
			return ['CMP %s,$0' % a[0]]
		if mn == 'mfence':
			return ['MFENCE']
		raise Unsupported('x86 "%s %s"' % (mn, ops))

	def branch(self, ins, taken, lab):
		mn = ins['mn']
		if mn in ('jne', 'je'):
			return ['%s %s' % (mn.upper() if not taken else
			    self.INV[mn], lab)]
		raise Unsupported('x86 branch %s' % mn)

	def held(self, r):
		return ['MOV %s,$1' % r]

	def load(self, r, loc):
		return ['MOV %s,[%s]' % (r, loc)]

	def store(self, v, tmp, loc):
		return ['MOV [%s],$%d' % (loc, v)]

	def cond_reg(self, tid, r):
		return '%d:%s' % (tid, r)


class TrSPARC(Tr):
	arch = 'SPARC'
	lockreg = None
	free = ['%l1', '%l2', '%l3', '%l4']
	INV = {'bne': 'be', 'be': 'bne'}

	def ins(self, ins):
		mn, ops = ins['mn'].split(',')[0], ins['ops']
		if mn in ('nop', 'save', 'restore', 'ret', 'retl', 'return'):
			return []	# register windows, return values
		if mn == 'clr' and '[' not in ops:
			return ['mov 0,%s' % ops.strip()]
		ops = re.sub(r'\[\s*%[ilo]\d\s*\]', '[lock]', ops)
		a = [x.strip() for x in ops.split(',')]
		if mn in ('ldstub', 'ldub', 'ld', 'lduw', 'swap', 'stb', 'st',
		    'clrb', 'clr', 'cmp', 'mov', 'membar', 'cas'):
			if mn in ('clr', 'mov', 'cmp') and '[lock]' not in ops:
				return ['%s %s' % (mn, ','.join(a))]
			return ['%s %s' % (mn, ','.join(a))]
		raise Unsupported('sparc "%s %s"' % (mn, ops))

	def branch(self, ins, taken, lab):
		mn = ins['mn'].split(',')[0]
		if mn in ('bne', 'be'):
			return ['%s %s' % (mn if not taken else self.INV[mn], lab)]
		raise Unsupported('sparc branch %s' % mn)

	def held(self, r):
		return ['mov 1,%s' % r]

	def load(self, r, loc):
		return ['ld [%s],%s' % (loc, r)]

	def store(self, v, tmp, loc):
		return ['mov %d,%s' % (v, tmp), 'st %s,[%s]' % (tmp, loc)]

	def cond_reg(self, tid, r):
		return '%d:%s' % (tid, r.lstrip('%'))


TR = {'aarch64': TrA64, 'arm': TrARM, 'riscv': TrRV, 'powerpc': TrPPC,
    'amd64': TrX86, 'i386': TrX86, 'sparc': TrSPARC, 'sparc64': TrSPARC}


def helper(machine, name, variant):
	"""The run-time helper NAME from the cross compiler's libgcc
	(AArch64 outline atomics), as (Code, entry index), with its
	"have LSE" test forced to VARIANT ('lse' or 'llsc')."""
	if machine != 'aarch64' or not name.startswith('__aarch64_'):
		raise Unsupported('a call to %s' % name)
	lib = subprocess.run(['aarch64-linux-gnu-gcc',
	    '-print-libgcc-file-name'], capture_output=True,
	    text=True).stdout.strip()
	nm = subprocess.run(['aarch64-linux-gnu-nm', '-A', lib],
	    capture_output=True, text=True).stdout
	obj = None
	for ln in nm.split('\n'):
		f = ln.split()
		if len(f) == 3 and f[2] == name and f[1] == 'T':
			obj = f[0].split(':')[1]
	if obj is None:
		raise Unsupported('helper %s not in %s' % (name, lib))
	dis = subprocess.run(['aarch64-linux-gnu-objdump', '-dr', '-t',
	    '--no-show-raw-insn', '%s(%s)' % (lib, obj)], capture_output=True,
	    text=True).stdout
	if not dis:
		import tempfile
		with tempfile.TemporaryDirectory() as d:
			subprocess.run(['ar', 'x', lib, obj], cwd=d, check=True)
			dis = subprocess.run(['aarch64-linux-gnu-objdump', '-dr',
			    '-t', '--no-show-raw-insn', os.path.join(d, obj)],
			    capture_output=True, text=True).stdout
	syms, insns = parse_dis(dis)
	# keep the helper's own instructions only
	lo = syms[name]
	ends = sorted(a for a in syms.values() if a > lo)
	hi = ends[0] if ends else 1 << 62
	insns = [i for i in insns if lo <= i['addr'] < hi]
	for i in insns:
		if i['mn'] == 'cbz' and i['ops'].startswith('w16'):
			# the LSE test: taken = no LSE
			i['force'] = (variant == 'llsc')
	return Code(machine, syms, insns)


def spell(code, tr, path, lab, variant=None):
	"""A path in herd syntax, leaving for lab where it branches off."""
	out = []
	for k, taken in path:
		ins = code.insns[k]
		kd = kind_of(code.machine, ins)
		if delay(code.machine) and kd in ('cond', 'jmp', 'ret', 'call'):
			ds = code.insns[k + 1]
			annul = ',a' in ins['mn']
			if not annul or taken:
				out += tr.ins(ds)
		if kd in ('cond', 'condret'):
			out += tr.branch(ins, taken, lab)
		elif kd in ('call', 'tailcall'):
			if (ins['call'] or '').startswith('__x86.get_pc_thunk'):
				continue	# loads the PIC base register
			if STUBS.get(ins['call']) is not None:
				out += helper_path(STUBS[ins['call']], tr, lab)
				continue
			if variant is None:
				raise Unsupported('a call to %s' % ins['call'])
			h = helper(code.machine, ins['call'], variant)
			out += helper_path(h, tr, lab)
		elif kd in ('jmp', 'ret'):
			pass
		else:
			out += tr.ins(ins)
	return out


# Functions of an object given with -s (x86's lock_stubs.S), by name.
STUBS = {}


def load_stubs(path, machine):
	with open(path) as f:
		syms, insns = parse_dis(f.read())
	for name, lo in syms.items():
		ends = sorted(a for a in syms.values() if a > lo)
		hi = ends[0] if ends else 1 << 62
		part = [i for i in insns if lo <= i['addr'] < hi]
		if part:
			STUBS[name] = Code(machine, syms, part)


def helper_path(h, tr, lab):
	out = []
	k = 0
	seen = 0
	while k < len(h.insns):
		seen += 1
		if seen > 100:
			raise Unsupported('helper loops')
		ins = h.insns[k]
		kd = kind_of(h.machine, ins)
		if kd == 'ret':
			return out
		if 'force' in ins:
			k = h.at[target(ins)] if ins['force'] else k + 1
			continue
		if ins['mn'] == 'ldrb' and 'x16' in ins['ops']:
			k += 1
			continue
		if kd == 'cond':
			# a retry or spin loop: leave the path; the helper's
			# straight line is its first successful attempt
			out += tr.branch(ins, False, lab)
			k += 1
			continue
		if kd == 'jmp':
			k = h.at[target(ins)]
			continue
		out += tr.ins(ins)
		k += 1
	raise Unsupported('helper without return')


# --------------------------------------------------------------------
# Assembling the tests

def sequences(dis, machine, variant=None, fns=None):
	syms, insns = parse_dis(dis)
	code = Code(machine, syms, insns)
	tr = TR[machine]()

	def entry(fn):
		for n in ('.' + fn, fn):
			if n in syms and syms[n] in code.at:
				return code.at[syms[n]]
		raise Unsupported('no function %s' % fn)

	def marks(prefix):
		return {code.at[a] for n, a in syms.items()
		    if n.startswith(prefix) and a in code.at}

	lheld, theld = marks('audit_lock_held_'), marks('audit_try_held_')
	ufrom = marks('audit_unlock_from_')
	if not fns and (not lheld or not theld or not ufrom):
		raise Unsupported('markers missing')
	cands = {} if fns else {
	    'lock': code.paths(entry('audit_lock'), lheld),
	    'try': code.paths(entry('audit_try'), theld),
	    'tryfail': code.paths(entry('audit_try'), {'X'}, avoid=theld),
	    'unlock': code.paths(min(ufrom), {'X'}),
	}
	if fns:
		# whole functions: lock and unlock, entry to return
		cands = {'lock': code.paths(entry(fns[0]), {'X'}),
		    'unlock': code.paths(entry(fns[1]), {'X'})}
	seq = {}
	for k, ps in cands.items():
		if not ps:
			raise Unsupported('no path for %s' % k)
		seq[k] = [(lambda p: lambda lab: spell(code, tr, p, lab,
		    variant))(p) for p in ps]
	return tr, seq


def assemble(tr, name, threads, cond, init, lockinit):
	"""threads: list of lists of instruction strings (with the exit
	label Lx<tid> at the end)."""
	inits = ['lock=%d' % lockinit, 'data=0']
	for t in range(len(threads)):
		if tr.lockreg:
			inits.append('%d:%s=lock' % (t, tr.lockreg))
		inits += ['%d:%s' % (t, x) for x in init.get(t, [])]
	w = [max([len(x) for x in th] + [3]) for th in threads]
	rows = max(len(th) for th in threads)
	out = ['%s %s' % (tr.arch, name),
	    '(* SPDX-License-Identifier: BSD-2-Clause *)',
	    '{ %s }' % ' '.join(i + ';' for i in inits),
	    ' ' + ' | '.join(('P%d' % t).ljust(w[t])
	    for t in range(len(threads))) + ' ;']
	for r in range(rows):
		out.append(' ' + ' | '.join((th[r] if r < len(th) else '').ljust(
		    w[t]) for t, th in enumerate(threads)) + ' ;')
	out.append('exists (%s)' % cond)
	return '\n'.join(out) + '\n'


def make_tests(tr, seq, locked):
	f = tr.free
	H, R, T, D = f[0], f[1], f[2], f[3]
	# the address of data, where the syntax needs a register
	dreg = D if tr.lockreg else 'data'
	dinit = ['%s=data' % D] if tr.lockreg else []
	c = tr.cond_reg
	tests = {}

	def lab(t):
		return 'Lx%d' % t

	chosen = {}

	def pick(kind, lockinit):
		"""The shortest path that some execution follows to its end
		(a one-thread test: lock free, or held for tryfail/unlock)."""
		for i, sp in enumerate(seq[kind]):
			th = sp(lab(0)) + tr.held(H) + end(0)
			text = assemble(tr, 'reach', [th], '%s=1' % c(0, H),
			    {0: dinit}, lockinit)
			try:
				pos, _, _ = litmus.check(litmus.parse(text))
			except litmus.Unsupported:
				continue
			if pos:
				return sp
		raise Unsupported('no feasible path for %s' % kind)

	def get(kind):
		if kind not in chosen:
			chosen[kind] = pick(kind, locked if kind in
			    ('tryfail', 'unlock') else 0)
		return chosen[kind]

	def acq(kind, t):
		return get(kind)(lab(t)) + tr.held(H)

	def end(t):
		return ['%s:' % lab(t)]

	for k in [k for k in ('lock', 'try') if k in seq]:
		# message passing: P0 holds the lock, writes, unlocks
		p0 = tr.store(1, T, dreg) + get('unlock')(lab(0)) + end(0)
		p1 = acq(k, 1) + tr.load(R, dreg) + end(1)
		tests['MP-%s' % k] = ([p0, p1], '%s=1 /\\ %s=0' % (c(1, H),
		    c(1, R)), locked, 'Forbidden')
		p0 = tr.load(R, dreg) + get('unlock')(lab(0)) + end(0)
		p1 = acq(k, 1) + tr.store(1, T, dreg) + end(1)
		tests['LB-%s' % k] = ([p0, p1], '%s=1 /\\ %s=1' % (c(0, R),
		    c(1, H)), locked, 'Forbidden')
		p0 = tr.store(1, T, dreg) + get('unlock')(lab(0)) + end(0)
		p1 = acq(k, 1) + tr.store(2, T, dreg) + end(1)
		tests['WW-%s' % k] = ([p0, p1], '%s=1 /\\ data=1' % c(1, H),
		    locked, 'Forbidden')
	for a, b in [(a, b) for a, b in (('lock', 'lock'), ('lock', 'try'),
	    ('try', 'try')) if a in seq and b in seq]:
		p0 = acq(a, 0) + end(0)
		p1 = acq(b, 1) + end(1)
		tests['MX-%s-%s' % (a, b)] = ([p0, p1], '%s=1 /\\ %s=1' % (
		    c(0, H), c(1, H)), 0, 'Forbidden')
	# a failed try: P0 writes data then takes the lock (no release on
	# the way in); P1's try fails having read the lock held, then reads
	if 'tryfail' in seq:
		p0 = tr.store(1, T, dreg) + get('lock')(lab(0)) + end(0)
		p1 = get('tryfail')(lab(1)) + tr.held(H) + tr.load(R, dreg) + \
		    end(1)
		tests['FT-try'] = ([p0, p1], '%s=1 /\\ %s=0' % (c(1, H),
		    c(1, R)), 0, 'report')
	# each forbidden outcome's acquisitions alone must be reachable,
	# or the Never above would be vacuous
	for n in [n for n, v in tests.items() if v[3] == 'Forbidden']:
		th, cond, li, _ = tests[n]
		reach = [a for a in cond.split(' /\\ ')
		    if ':%s=' % H.lstrip('%') in a][-1]
		tests[n + '+reach'] = (th, reach, li, 'Allowed')
	return tests, {0: dinit, 1: dinit}


ARGREGS = {'aarch64': ('X0', 'X1'), 'riscv': ('x10', 'x11'),
    'powerpc': ('r3', 'r4'), 'arm': ('R0', 'R1')}


def handoff(dis, machine, tag):
	"""The queue hand-off of handoff.c: P0 ho_publish(&st, &lk), P1
	ho_handover(&lk).  Forbidden: P1 took the link (reached its store)
	and st ends as the waiter's initial 1, not the hand-over's 2."""
	if machine not in ARGREGS:
		raise Unsupported('no argument registers for %s' % machine)
	syms, insns = parse_dis(dis)
	code = Code(machine, syms, insns)
	tr = TR[machine]()
	a0, a1 = ARGREGS[machine]

	def entry(fn):
		for n in ('.' + fn, fn):
			if n in syms and syms[n] in code.at:
				return code.at[syms[n]]
		raise Unsupported('no function %s' % fn)

	H = tr.free[0]
	c = tr.cond_reg

	def text(name, threads, cond):
		init = ['st=0', 'lk=0', '0:%s=st' % a0, '0:%s=lk' % a1,
		    '1:%s=lk' % a0]
		w = [max([len(x) for x in th] + [3]) for th in threads]
		out = ['%s %s' % (tr.arch, name),
		    '(* SPDX-License-Identifier: BSD-2-Clause *)',
		    '{ %s }' % ' '.join(i + ';' for i in init),
		    ' ' + ' | '.join(('P%d' % t).ljust(w[t])
		    for t in range(len(threads))) + ' ;']
		for r in range(max(len(th) for th in threads)):
			out.append(' ' + ' | '.join((th[r] if r < len(th)
			    else '').ljust(w[t]) for t, th in enumerate(threads)) +
			    ' ;')
		out.append('exists (%s)' % cond)
		return '\n'.join(out) + '\n'

	pub = code.paths(entry('ho_publish'), {'X'})
	hand = code.paths(entry('ho_handover'), {'X'})
	if not pub or not hand:
		raise Unsupported('no path')
	p0 = spell(code, tr, pub[0], 'Lx0') + ['Lx0:']
	# the longest feasible path: the one through the hand-over's store
	for hp in sorted(hand, key=len, reverse=True):
		p1 = spell(code, tr, hp, 'Lx1') + tr.held(H) + ['Lx1:']
		t = litmus.parse(text('reach', [p0, p1], '%s=1' % c(1, H)))
		if litmus.check(t)[0]:
			break
	else:
		raise Unsupported('no feasible hand-over path')
	n = '%s-QN-link' % tag
	return {n: (text(n, [p0, p1], '%s=1 /\\ st=1' % c(1, H)),
	    'Forbidden'), n + '+reach': (text(n + '+reach', [p0, p1],
	    '%s=1' % c(1, H)), 'Allowed')}


def main(argv):
	args = list(argv)
	fns = None
	if args and args[0] == '-s':
		stubs = args[1]
		args = args[2:]
	else:
		stubs = None
	if args and args[0] == '-q':
		_, machine, dis, outdir, tag = args
		try:
			files = handoff(open(dis).read(), machine, tag)
		except (Unsupported, litmus.Unsupported) as e:
			print('porttests.py: %s: %s' % (tag, e), file=sys.stderr)
			return 2
		os.makedirs(outdir, exist_ok=True)
		with open(os.path.join(outdir, 'verdicts.tab'), 'a') as tab:
			for full, (text, want) in sorted(files.items()):
				with open(os.path.join(outdir, full + '.litmus'),
				    'w') as f:
					f.write(text)
				tab.write('%s\t%s\tkernel hand-off\n' % (full, want))
		return 0
	if args and args[0] == '-f':
		fns = args[1].split(',')
		args = args[2:]
	arch, machine, locked, dis, outdir, tag = args[:6]
	variant = args[6] if len(args) > 6 and args[6] else None
	with open(dis) as fp:
		text = fp.read()
	if stubs:
		load_stubs(stubs, machine)
	try:
		tr, seq = sequences(text, machine, variant, fns)
		tests, init = make_tests(tr, seq, int(locked, 0))
		files = {}
		for name, (threads, cond, lockinit, want) in tests.items():
			full = '%s-%s' % (tag, name)
			files[full] = (assemble(tr, full, threads, cond, init,
			    lockinit), want)
	except (Unsupported, litmus.Unsupported) as e:
		print('porttests.py: %s: %s' % (tag, e), file=sys.stderr)
		return 2
	os.makedirs(outdir, exist_ok=True)
	with open(os.path.join(outdir, 'verdicts.tab'), 'a') as tab:
		for full, (text, want) in sorted(files.items()):
			with open(os.path.join(outdir, full + '.litmus'), 'w') as f:
				f.write(text)
			tab.write('%s\t%s\tproperty of the lock\n' % (full, want))
	return 0


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))
