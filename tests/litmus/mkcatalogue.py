#!/usr/bin/env python3
#	$simplelock: tests/litmus/mkcatalogue.py $
# SPDX-License-Identifier: BSD-2-Clause
#
# mkcatalogue.py DIR: writes the validation catalogue, herd-format
# litmus files of the classic shapes, one directory per model
# (DIR/<model>/NAME.litmus), and DIR/<model>/verdicts.tab: NAME, the
# published verdict (Allowed or Forbidden) and where it is published.
# The shapes are described once below and spelt in each architecture's
# syntax, so anyone with herd7 can rerun the files.  Nothing of it is
# kept in the tree: make litmus and t_litmus write it where they run.

import os
import sys

# Shapes: per thread, a list of accesses with the link between them.
# An access: ('W', loc, val) or ('R', loc); the link before an access
# (after the first) is 'po', 'addr', 'data', 'ctrl', 'ctrlisync', or
# 'F.<fence>'.  Access modifiers come from the link spec below.
# Conditions use {t:k} for the k-th read of thread t.
SHAPES = {
	'MP': ([[('W', 'x', 1), ('W', 'y', 1)], [('R', 'y'), ('R', 'x')]],
	    '{1:0}=1 /\\ {1:1}=0'),
	'SB': ([[('W', 'x', 1), ('R', 'y')], [('W', 'y', 1), ('R', 'x')]],
	    '{0:0}=0 /\\ {1:0}=0'),
	'LB': ([[('R', 'x'), ('W', 'y', 1)], [('R', 'y'), ('W', 'x', 1)]],
	    '{0:0}=1 /\\ {1:0}=1'),
	'2+2W': ([[('W', 'x', 1), ('W', 'y', 2)], [('W', 'y', 1),
	    ('W', 'x', 2)]], 'x=1 /\\ y=1'),
	'R': ([[('W', 'x', 1), ('W', 'y', 1)], [('W', 'y', 2), ('R', 'x')]],
	    'y=2 /\\ {1:0}=0'),
	'S': ([[('W', 'x', 2), ('W', 'y', 1)], [('R', 'y'), ('W', 'x', 1)]],
	    'x=2 /\\ {1:0}=1'),
	'WRC': ([[('W', 'x', 1)], [('R', 'x'), ('W', 'y', 1)],
	    [('R', 'y'), ('R', 'x')]],
	    '{1:0}=1 /\\ {2:0}=1 /\\ {2:1}=0'),
	'IRIW': ([[('W', 'x', 1)], [('R', 'x'), ('R', 'y')], [('W', 'y', 1)],
	    [('R', 'y'), ('R', 'x')]],
	    '{1:0}=1 /\\ {1:1}=0 /\\ {3:0}=1 /\\ {3:1}=0'),
	'ISA2': ([[('W', 'x', 1), ('W', 'y', 1)], [('R', 'y'), ('W', 'z', 1)],
	    [('R', 'z'), ('R', 'x')]],
	    '{1:0}=1 /\\ {2:0}=1 /\\ {2:1}=0'),
	'RWC': ([[('W', 'x', 1)], [('R', 'x'), ('R', 'y')],
	    [('W', 'y', 1), ('R', 'x')]],
	    '{1:0}=1 /\\ {1:1}=0 /\\ {2:0}=0'),
	'CoRR': ([[('W', 'x', 1)], [('R', 'x'), ('R', 'x')]],
	    '{1:0}=1 /\\ {1:1}=0'),
	'CoWW': ([[('W', 'x', 1), ('W', 'x', 2)]], 'x=1'),
	'CoRW1': ([[('R', 'x'), ('W', 'x', 1)]], '{0:0}=1'),
	'CoRW2': ([[('R', 'x'), ('W', 'x', 1)], [('W', 'x', 2)]],
	    '{0:0}=2 /\\ x=2'),
	'CoWR': ([[('W', 'x', 1), ('R', 'x')], [('W', 'x', 2)]],
	    '{0:0}=2 /\\ x=1'),
}


class Emit:
	"""Spells accesses and links in one architecture's syntax."""

	def __init__(self, tid):
		self.tid, self.lines, self.nread, self.tmp = tid, [], 0, 0
		self.lab = 0
		self.locs = []
		self.last = None	# register of the last read

	def locreg(self, loc):
		if loc not in self.locs:
			self.locs.append(loc)
		return self.locs.index(loc)

	def label(self):
		self.lab += 1
		return 'LC%d%d' % (self.tid, self.lab)


class A64(Emit):
	arch = 'AArch64'
	FENCE = {'dmb.sy': 'DMB SY', 'dmb.ld': 'DMB LD', 'dmb.st': 'DMB ST',
	    'dsb.sy': 'DSB SY', 'isb': 'ISB'}

	def areg(self, loc):
		return 'X%d' % (10 + self.locreg(loc))

	def rreg(self, k):
		return 'X%d' % k

	def access(self, a, dep, mod):
		L = self.lines
		ar = self.areg(a[1])
		idx = ''
		if dep in ('addr', 'data') and self.last is None:
			raise ValueError('dependency without a read')
		if dep == 'addr':
			L.append('EOR W8,W%s,W%s' % (self.last, self.last))
			idx = ',W8,SXTW'
		if a[0] == 'R':
			r = self.nread
			self.nread += 1
			op = {'acq': 'LDAR', 'acqpc': 'LDAPR'}.get(mod, 'LDR')
			L.append('%s W%d,[%s%s]' % (op, r, ar, idx))
			self.last = r
		else:
			if dep == 'data':
				L.append('EOR W9,W%s,W%s' % (self.last, self.last))
				L.append('ADD W9,W9,#%d' % a[2])
			else:
				L.append('MOV W9,#%d' % a[2])
			op = 'STLR' if mod == 'rel' else 'STR'
			L.append('%s W9,[%s%s]' % (op, ar, idx))

	def link(self, ln):
		if ln.startswith('F.'):
			self.lines.append(self.FENCE[ln[2:]])
		elif ln in ('ctrl', 'ctrlisb'):
			lb = self.label()
			self.lines.append('CBNZ W%s,%s' % (self.last, lb))
			self.lines.append('%s:' % lb)
			if ln == 'ctrlisb':
				self.lines.append('ISB')

	def init(self):
		return ['%d:%s=%s' % (self.tid, self.areg(l), l)
		    for l in self.locs]


class ARMv7(Emit):
	arch = 'ARM'
	FENCE = {'dmb': 'DMB', 'dmb.st': 'DMB ST', 'dsb': 'DSB', 'isb': 'ISB'}

	def areg(self, loc):
		return 'R%d' % (10 + self.locreg(loc))

	def rreg(self, k):
		return 'R%d' % k

	def access(self, a, dep, mod):
		L = self.lines
		ar = self.areg(a[1])
		if dep == 'addr':
			L.append('EOR R8,R%s,R%s' % (self.last, self.last))
			mem = '[R8,%s]' % ar
		else:
			mem = '[%s]' % ar
		if a[0] == 'R':
			r = self.nread
			self.nread += 1
			L.append('LDR R%d,%s' % (r, mem))
			self.last = r
		else:
			if dep == 'data':
				L.append('EOR R9,R%s,R%s' % (self.last, self.last))
				L.append('ADD R9,R9,#%d' % a[2])
			else:
				L.append('MOV R9,#%d' % a[2])
			L.append('STR R9,%s' % mem)

	def link(self, ln):
		if ln.startswith('F.'):
			self.lines.append(self.FENCE[ln[2:]])
		elif ln in ('ctrl', 'ctrlisb'):
			lb = self.label()
			self.lines.append('CMP R%s,R%s' % (self.last, self.last))
			self.lines.append('BNE %s' % lb)
			self.lines.append('%s:' % lb)
			if ln == 'ctrlisb':
				self.lines.append('ISB')

	def init(self):
		return ['%d:%s=%s' % (self.tid, self.areg(l), l)
		    for l in self.locs]


class Power(Emit):
	arch = 'PPC'
	FENCE = {'sync': 'sync', 'lwsync': 'lwsync', 'eieio': 'eieio',
	    'isync': 'isync'}

	def areg(self, loc):
		return 'r%d' % (10 + self.locreg(loc))

	def rreg(self, k):
		return 'r%d' % (k + 1)

	def access(self, a, dep, mod):
		L = self.lines
		ar = self.areg(a[1])
		if dep == 'addr':
			L.append('xor r8,r%s,r%s' % (self.last, self.last))
		if a[0] == 'R':
			r = self.nread + 1
			self.nread += 1
			if dep == 'addr':
				L.append('lwzx r%d,r8,%s' % (r, ar))
			else:
				L.append('lwz r%d,0(%s)' % (r, ar))
			self.last = r
		else:
			if dep == 'data':
				L.append('xor r9,r%s,r%s' % (self.last, self.last))
				L.append('addi r9,r9,%d' % a[2])
			else:
				L.append('li r9,%d' % a[2])
			if dep == 'addr':
				L.append('stwx r9,r8,%s' % ar)
			else:
				L.append('stw r9,0(%s)' % ar)

	def link(self, ln):
		if ln.startswith('F.'):
			self.lines.append(self.FENCE[ln[2:]])
		elif ln in ('ctrl', 'ctrlisync'):
			lb = self.label()
			self.lines.append('cmpw r%s,r%s' % (self.last, self.last))
			self.lines.append('beq %s' % lb)
			self.lines.append('%s:' % lb)
			if ln == 'ctrlisync':
				self.lines.append('isync')

	def init(self):
		return ['%d:%s=%s' % (self.tid, self.areg(l), l)
		    for l in self.locs]


class RV(Emit):
	arch = 'RISCV'

	def areg(self, loc):
		return 'x%d' % (10 + self.locreg(loc))

	def rreg(self, k):
		return 'x%d' % (5 + k)

	def access(self, a, dep, mod):
		L = self.lines
		ar = self.areg(a[1])
		if dep == 'addr':
			L.append('xor x28,x%s,x%s' % (self.last, self.last))
			L.append('add x28,%s,x28' % ar)
			ar = 'x28'
		if a[0] == 'R':
			r = 5 + self.nread
			self.nread += 1
			if mod == 'acq':	# an AMO that reads: amoor rd,x0
				L.append('amoor.w.aq x%d,x0,(%s)' % (r, ar))
			else:
				L.append('lw x%d,0(%s)' % (r, ar))
			self.last = r
		else:
			if dep == 'data':
				L.append('xor x29,x%s,x%s' % (self.last, self.last))
				L.append('ori x29,x29,%d' % a[2])
			else:
				L.append('ori x29,x0,%d' % a[2])
			if mod == 'rel':
				L.append('amoswap.w.rl x0,x29,(%s)' % ar)
			else:
				L.append('sw x29,0(%s)' % ar)

	def link(self, ln):
		if ln.startswith('F.'):
			f = ln[2:]
			if f == 'tso':
				self.lines.append('fence.tso')
			else:
				p, s = f.split('.')
				self.lines.append('fence %s,%s' % (p, s))
		elif ln in ('ctrl', 'ctrlfencei'):
			lb = self.label()
			self.lines.append('bne x%s,x0,%s' % (self.last, lb))
			self.lines.append('%s:' % lb)
			if ln == 'ctrlfencei':
				self.lines.append('fence.i')

	def init(self):
		return ['%d:%s=%s' % (self.tid, self.areg(l), l)
		    for l in self.locs]


class X86(Emit):
	arch = 'X86'
	REGS = ['EAX', 'EBX', 'ECX', 'EDX']

	def rreg(self, k):
		return self.REGS[k]

	def access(self, a, dep, mod):
		if dep not in (None, 'po'):
			raise ValueError('x86: %s' % dep)
		if a[0] == 'R':
			r = self.REGS[self.nread]
			self.nread += 1
			self.lines.append('MOV %s,[%s]' % (r, a[1]))
		elif mod == 'xchg':
			self.lines.append('MOV EDX,$%d' % a[2])
			self.lines.append('XCHG [%s],EDX' % a[1])
		else:
			self.lines.append('MOV [%s],$%d' % (a[1], a[2]))

	def link(self, ln):
		if ln == 'F.mfence':
			self.lines.append('MFENCE')

	def init(self):
		return []


class Sparc(Emit):
	arch = 'SPARC'
	REGS = ['g1', 'g2', 'g3', 'g4']

	def rreg(self, k):
		return self.REGS[k]

	def access(self, a, dep, mod):
		if a[0] == 'R':
			r = self.REGS[self.nread]
			self.nread += 1
			self.lines.append('ld [%s],%%%s' % (a[1], r))
		elif mod == 'swap':
			self.lines.append('mov %d,%%o1' % a[2])
			self.lines.append('swap [%s],%%o1' % a[1])
		elif mod == 'ldstub':
			self.lines.append('ldstub [%s],%%o1' % a[1])
		else:
			self.lines.append('mov %d,%%o1' % a[2])
			self.lines.append('st %%o1,[%s]' % a[1])

	def link(self, ln):
		if ln == 'F.membar':
			self.lines.append('membar #StoreLoad')

	def init(self):
		return []


EMIT = {'aarch64': A64, 'arm': ARMv7, 'ppc': Power, 'riscv': RV,
    'x86': X86, 'sparc': Sparc}


def build(model, name, shape, links, mods=None):
	"""links: per thread, the link between its accesses (a string);
	mods: per thread, a list of modifiers, one per access."""
	threads, cond = SHAPES[shape]
	em = []
	for t, acc in enumerate(threads):
		e = EMIT[model](t)
		ln = links[t] if t < len(links) else 'po'
		md = (mods[t] if mods and t < len(mods) else None) or \
		    [None] * len(acc)
		for k, a in enumerate(acc):
			dep = None
			if k > 0:
				e.link(ln)
				dep = ln if ln in ('addr', 'data') else None
			e.access(a, dep, md[k])
		em.append(e)
	c = cond
	for t, e in enumerate(em):
		for k in range(e.nread):
			c = c.replace('{%d:%d}' % (t, k), '%d:%s' % (t, e.rreg(k)))
	# a read of 2 in a shape with value 2 needs nothing more
	init = []
	for e in em:
		init += e.init()
	width = [max([len(l) for l in e.lines] + [len('P%d' % t)])
	    for t, e in enumerate(em)]
	rows = max(len(e.lines) for e in em)
	out = ['%s %s' % (em[0].arch, name),
	    '(* SPDX-License-Identifier: BSD-2-Clause *)',
	    '{ %s }' % ' '.join(i + ';' for i in init) if init else '{ }']
	out.append(' ' + ' | '.join(('P%d' % t).ljust(width[t])
	    for t in range(len(em))) + ' ;')
	for r in range(rows):
		cells = [(e.lines[r] if r < len(e.lines) else '').ljust(width[t])
		    for t, e in enumerate(em)]
		out.append(' ' + ' | '.join(cells) + ' ;')
	out.append('exists (%s)' % c)
	return '\n'.join(out) + '\n'


def fen(f, n):
	return ['F.' + f] * n


# The catalogue: model -> list of (name, shape, links, mods, verdict,
# source).  Verdicts: A = Allowed (Sometimes), F = Forbidden (Never).
H = 'herdtools7 '
CAT = {}

A = H + 'catalogue/aarch64/tests/kinds.txt'
G = H + 'catalogue/aarch64-readers-guide/tests/kinds.txt'
T = H + 'catalogue/aarch64-MTE/tests/kinds.txt'
CAT['aarch64'] = [
	('MP', 'MP', [], None, 'A', A),
	('MP+dmb.sys', 'MP', fen('dmb.sy', 2), None, 'F', A),
	('MP+dmb.sy+po', 'MP', ['F.dmb.sy', 'po'], None, 'A', A),
	('MP+po+dmb.sy', 'MP', ['po', 'F.dmb.sy'], None, 'A', A),
	('MP+rel+acq', 'MP', [], [[None, 'rel'], ['acq', None]], 'F', A),
	('MP+rel+acqpc', 'MP', [], [[None, 'rel'], ['acqpc', None]], 'F', A),
	('MP+dmb.sy+addr', 'MP', ['F.dmb.sy', 'addr'], None, 'F', T),
	('MP+dmb.st+addr', 'MP', ['F.dmb.st', 'addr'], None, 'F', T),
	('MP+dmb.st+dmb.ld', 'MP', ['F.dmb.st', 'F.dmb.ld'], None, 'F', T),
	('MP+dsb.sys', 'MP', fen('dsb.sy', 2), None, 'F', T),
	('SB', 'SB', [], None, 'A', A),
	('SB+dmb.sys', 'SB', fen('dmb.sy', 2), None, 'F', A),
	('SB+dmb.sy+po', 'SB', ['F.dmb.sy', 'po'], None, 'A', A),
	('SB+dmb.sy+rel-acq', 'SB', ['F.dmb.sy', 'po'],
	    [None, ['rel', 'acq']], 'F', A),
	('SB+dmb.sy+rel-acqpc', 'SB', ['F.dmb.sy', 'po'],
	    [None, ['rel', 'acqpc']], 'A', A),
	('LB', 'LB', [], None, 'A', A),
	('LB+dmb.sys', 'LB', fen('dmb.sy', 2), None, 'F', A),
	('LB+dmb.sy+po', 'LB', ['F.dmb.sy', 'po'], None, 'A', A),
	('LB+dmb.sy+addr', 'LB', ['F.dmb.sy', 'addr'], None, 'F', T),
	('LB+dmb.ld+data', 'LB', ['F.dmb.ld', 'data'], None, 'F', T),
	('LB+dmb.lds', 'LB', fen('dmb.ld', 2), None, 'F', T),
	('2+2W', '2+2W', [], None, 'A', A),
	('2+2W+dmb.sys', '2+2W', fen('dmb.sy', 2), None, 'F', A),
	('2+2W+dmb.sy+po', '2+2W', ['F.dmb.sy', 'po'], None, 'A', A),
	('2+2W+dmb.sts', '2+2W', fen('dmb.st', 2), None, 'F', T),
	('R', 'R', [], None, 'A', A),
	('R+dmb.sys', 'R', fen('dmb.sy', 2), None, 'F', A),
	('R+dmb.sy+po', 'R', ['F.dmb.sy', 'po'], None, 'A', A),
	('R+po+dmb.sy', 'R', ['po', 'F.dmb.sy'], None, 'A', A),
	('R+dmb.st+dmb.sy', 'R', ['F.dmb.st', 'F.dmb.sy'], None, 'F', T),
	('S', 'S', [], None, 'A', A),
	('S+dmb.sys', 'S', fen('dmb.sy', 2), None, 'F', A),
	('S+dmb.sy+po', 'S', ['F.dmb.sy', 'po'], None, 'A', A),
	('S+po+dmb.sy', 'S', ['po', 'F.dmb.sy'], None, 'A', A),
	('S+dmb.st+addr', 'S', ['F.dmb.st', 'addr'], None, 'F', T),
	('S+dmb.st+data', 'S', ['F.dmb.st', 'data'], None, 'F', T),
	('WRC', 'WRC', [], None, 'A', G),
	('WRC+rel+addr', 'WRC', ['po', 'po', 'addr'],
	    [None, [None, 'rel'], None], 'F', G),
	('IRIW', 'IRIW', [], None, 'A', G),
	('IRIW+dmb.lds', 'IRIW', ['po', 'F.dmb.ld', 'po', 'F.dmb.ld'], None,
	    'F', G),
	('ISA2', 'ISA2', [], None, 'A', G),
	('RWC', 'RWC', [], None, 'A', G),
	('CoRR', 'CoRR', [], None, 'F', A),
	('CoRW1', 'CoRW1', [], None, 'F', A),
	('CoRW2', 'CoRW2', [], None, 'F', A),
	('CoWR', 'CoWR', [], None, 'F', A),
	('CoWW', 'CoWW', [], None, 'F', A),
]

P = H + 'catalogue/herding-cats/ppc/tests/ppc.allowed (model column)'
CAT['ppc'] = [
	('MP', 'MP', [], None, 'A', P),
	('MP+lwsyncs', 'MP', fen('lwsync', 2), None, 'F', P),
	('MP+syncs', 'MP', fen('sync', 2), None, 'F', P),
	('MP+lwsync+addr', 'MP', ['F.lwsync', 'addr'], None, 'F', P),
	('MP+sync+addr', 'MP', ['F.sync', 'addr'], None, 'F', P),
	('MP+eieio+addr', 'MP', ['F.eieio', 'addr'], None, 'F', P),
	('MP+lwsync+ctrl', 'MP', ['F.lwsync', 'ctrl'], None, 'A', P),
	('MP+lwsync+ctrlisync', 'MP', ['F.lwsync', 'ctrlisync'], None, 'F', P),
	('MP+lwsync+isync', 'MP', ['F.lwsync', 'F.isync'], None, 'A', P),
	('MP+lwsync+po', 'MP', ['F.lwsync', 'po'], None, 'A', P),
	('MP+po+lwsync', 'MP', ['po', 'F.lwsync'], None, 'A', P),
	('SB', 'SB', [], None, 'A', P),
	('SB+lwsyncs', 'SB', fen('lwsync', 2), None, 'A', P),
	('SB+syncs', 'SB', fen('sync', 2), None, 'F', P),
	('LB', 'LB', [], None, 'A', P),
	('LB+addrs', 'LB', ['addr', 'addr'], None, 'F', P),
	('LB+datas', 'LB', ['data', 'data'], None, 'F', P),
	('LB+ctrls', 'LB', ['ctrl', 'ctrl'], None, 'F', P),
	('LB+lwsyncs', 'LB', fen('lwsync', 2), None, 'F', P),
	('LB+syncs', 'LB', fen('sync', 2), None, 'F', P),
	('WRC', 'WRC', [], None, 'A', P),
	('WRC+addrs', 'WRC', ['po', 'addr', 'addr'], None, 'A', P),
	('WRC+lwsync+addr', 'WRC', ['po', 'F.lwsync', 'addr'], None, 'F', P),
	('WRC+sync+addr', 'WRC', ['po', 'F.sync', 'addr'], None, 'F', P),
	('WRC+lwsyncs', 'WRC', ['po', 'F.lwsync', 'F.lwsync'], None, 'F', P),
	('IRIW', 'IRIW', [], None, 'A', P),
	('IRIW+addrs', 'IRIW', ['po', 'addr', 'po', 'addr'], None, 'A', P),
	('IRIW+lwsyncs', 'IRIW', ['po', 'F.lwsync', 'po', 'F.lwsync'], None,
	    'A', P),
	('IRIW+syncs', 'IRIW', ['po', 'F.sync', 'po', 'F.sync'], None, 'F', P),
	('ISA2+lwsync+addr+addr', 'ISA2', ['F.lwsync', 'addr', 'addr'], None,
	    'F', P),
	('ISA2+sync+addr+addr', 'ISA2', ['F.sync', 'addr', 'addr'], None,
	    'F', P),
	('ISA2+lwsyncs', 'ISA2', fen('lwsync', 3), None, 'F', P),
	('2+2W', '2+2W', [], None, 'A', P),
	('2+2W+lwsyncs', '2+2W', fen('lwsync', 2), None, 'F', P),
	('2+2W+syncs', '2+2W', fen('sync', 2), None, 'F', P),
	('R', 'R', [], None, 'A', P),
	('R+lwsyncs', 'R', fen('lwsync', 2), None, 'A', P),
	('R+syncs', 'R', fen('sync', 2), None, 'F', P),
	('R+lwsync+sync', 'R', ['F.lwsync', 'F.sync'], None, 'A', P),
	('R+sync+lwsync', 'R', ['F.sync', 'F.lwsync'], None, 'A', P),
	('S', 'S', [], None, 'A', P),
	('S+lwsyncs', 'S', fen('lwsync', 2), None, 'F', P),
	('S+lwsync+data', 'S', ['F.lwsync', 'data'], None, 'F', P),
	('S+syncs', 'S', fen('sync', 2), None, 'F', P),
	('S+sync+addr', 'S', ['F.sync', 'addr'], None, 'F', P),
	('RWC', 'RWC', [], None, 'A', P),
	('RWC+lwsyncs', 'RWC', ['po', 'F.lwsync', 'F.lwsync'], None, 'A', P),
	('RWC+syncs', 'RWC', ['po', 'F.sync', 'F.sync'], None, 'F', P),
	('CoRR1', 'CoRR', [], None, 'F', P),
	('CoRW', 'CoRW2', [], None, 'F', P),
	('CoWR', 'CoWR', [], None, 'F', P),
	('CoWW', 'CoWW', [], None, 'F', P),
]

M7 = H + 'catalogue/herding-cats/arm/tests/arm.allowed (model column)'
CAT['arm'] = [
	('MP', 'MP', [], None, 'A', M7),
	('MP+dmbs', 'MP', fen('dmb', 2), None, 'F', M7),
	('MP+dmb+addr', 'MP', ['F.dmb', 'addr'], None, 'F', M7),
	('MP+dmb+ctrl', 'MP', ['F.dmb', 'ctrl'], None, 'A', M7),
	('MP+dmb+ctrlisb', 'MP', ['F.dmb', 'ctrlisb'], None, 'F', M7),
	('MP+dmb.st+addr', 'MP', ['F.dmb.st', 'addr'], None, 'F', M7),
	('MP+dmb.st+dmb', 'MP', ['F.dmb.st', 'F.dmb'], None, 'F', M7),
	('MP+dmb+po', 'MP', ['F.dmb', 'po'], None, 'A', M7),
	('SB', 'SB', [], None, 'A', M7),
	('SB+dmbs', 'SB', fen('dmb', 2), None, 'F', M7),
	('SB+dmb.sts', 'SB', fen('dmb.st', 2), None, 'A', M7),
	('LB', 'LB', [], None, 'A', M7),
	('LB+dmbs', 'LB', fen('dmb', 2), None, 'F', M7),
	('LB+addrs', 'LB', ['addr', 'addr'], None, 'F', M7),
	('LB+datas', 'LB', ['data', 'data'], None, 'F', M7),
	('LB+ctrls', 'LB', ['ctrl', 'ctrl'], None, 'F', M7),
	('LB+dmb+addr', 'LB', ['F.dmb', 'addr'], None, 'F', M7),
	('WRC', 'WRC', [], None, 'A', M7),
	('WRC+addrs', 'WRC', ['po', 'addr', 'addr'], None, 'A', M7),
	('WRC+dmb+addr', 'WRC', ['po', 'F.dmb', 'addr'], None, 'F', M7),
	('WRC+dmbs', 'WRC', ['po', 'F.dmb', 'F.dmb'], None, 'F', M7),
	('IRIW', 'IRIW', [], None, 'A', M7),
	('IRIW+addrs', 'IRIW', ['po', 'addr', 'po', 'addr'], None, 'A', M7),
	('IRIW+dmbs', 'IRIW', ['po', 'F.dmb', 'po', 'F.dmb'], None, 'F', M7),
	('ISA2', 'ISA2', [], None, 'A', M7),
	('ISA2+dmb+addr+addr', 'ISA2', ['F.dmb', 'addr', 'addr'], None,
	    'F', M7),
	('ISA2+dmbs', 'ISA2', fen('dmb', 3), None, 'F', M7),
	('2+2W', '2+2W', [], None, 'A', M7),
	('2+2W+dmbs', '2+2W', fen('dmb', 2), None, 'F', M7),
	('2+2W+dmb.sts', '2+2W', fen('dmb.st', 2), None, 'F', M7),
	('R', 'R', [], None, 'A', M7),
	('R+dmbs', 'R', fen('dmb', 2), None, 'F', M7),
	('R+dmb.st+dmb', 'R', ['F.dmb.st', 'F.dmb'], None, 'F', M7),
	('S', 'S', [], None, 'A', M7),
	('S+dmbs', 'S', fen('dmb', 2), None, 'F', M7),
	('S+dmb+addr', 'S', ['F.dmb', 'addr'], None, 'F', M7),
	('S+dmb+data', 'S', ['F.dmb', 'data'], None, 'F', M7),
	('S+dmb.st+addr', 'S', ['F.dmb.st', 'addr'], None, 'F', M7),
	('RWC', 'RWC', [], None, 'A', M7),
	('RWC+dmbs', 'RWC', ['po', 'F.dmb', 'F.dmb'], None, 'F', M7),
	('CoRR', 'CoRR', [], None, 'F', M7),
	('CoRW', 'CoRW2', [], None, 'F', M7),
	('CoWR', 'CoWR', [], None, 'F', M7),
	('CoWW', 'CoWW', [], None, 'F', M7),
]

RB = 'litmus-tests-riscv tests/non-mixed-size/BASIC_2_THREAD; ' \
    'verdict of the ISA manual herd model (riscv.cat)'
RS = 'litmus-tests-riscv tests/non-mixed-size/SAFE; ' \
    'verdict of the ISA manual herd model (riscv.cat)'
RR = 'litmus-tests-riscv tests/non-mixed-size/RELAX; ' \
    'verdict of the ISA manual herd model (riscv.cat)'
RT = 'litmus-tests-riscv tests/non-mixed-size/FENCE.TSO; ' \
    'verdict of the ISA manual herd model (riscv.cat)'
RC = 'litmus-tests-riscv tests/non-mixed-size/CO and HAND; ' \
    'verdict of the ISA manual herd model (riscv.cat)'
RF = 'litmus-tests-riscv tests/non-mixed-size/SF_THESIS; ' \
    'verdict of the ISA manual herd model (riscv.cat)'
CAT['riscv'] = [
	('MP', 'MP', [], None, 'A', RB),
	('MP+fence.rw.rws', 'MP', fen('rw.rw', 2), None, 'F', RB),
	('MP+fence.rw.rw+po', 'MP', ['F.rw.rw', 'po'], None, 'A', RB),
	('MP+po+fence.rw.rw', 'MP', ['po', 'F.rw.rw'], None, 'A', RB),
	('MP+fence.rw.rw+ctrl', 'MP', ['F.rw.rw', 'ctrl'], None, 'A', RB),
	('SB', 'SB', [], None, 'A', RB),
	('SB+fence.rw.rws', 'SB', fen('rw.rw', 2), None, 'F', RB),
	('SB+fence.rw.rw+po', 'SB', ['F.rw.rw', 'po'], None, 'A', RB),
	('LB', 'LB', [], None, 'A', RB),
	('R', 'R', [], None, 'A', RB),
	('S', 'S', [], None, 'A', RB),
	('2+2W', '2+2W', [], None, 'A', RB),
	('MP+fence.w.w+fence.r.rw', 'MP', ['F.w.w', 'F.r.rw'], None, 'F', RS),
	('MP+fence.rw.w+fence.r.rw', 'MP', ['F.rw.w', 'F.r.rw'], None,
	    'F', RS),
	('MP+fence.rw.rw+addr', 'MP', ['F.rw.rw', 'addr'], None, 'F', RS),
	('MP+fence.w.w+addr', 'MP', ['F.w.w', 'addr'], None, 'F', RS),
	('MP+poprl+poaqp', 'MP', [], [[None, 'rel'], ['acq', None]], 'F', RS),
	('LB+ctrls', 'LB', ['ctrl', 'ctrl'], None, 'F', RS),
	('LB+datas', 'LB', ['data', 'data'], None, 'F', RS),
	('LB+addrs', 'LB', ['addr', 'addr'], None, 'F', RS),
	('LB+data+ctrl', 'LB', ['data', 'ctrl'], None, 'F', RS),
	('LB+fence.r.rws', 'LB', fen('r.rw', 2), None, 'F', RS),
	('LB+poaqps', 'LB', [], [['acq', None], ['acq', None]], 'F', RS),
	('LB+poprls', 'LB', [], [[None, 'rel'], [None, 'rel']], 'F', RS),
	('WRC+addrs', 'WRC', ['po', 'addr', 'addr'], None, 'F', RS),
	('WRC+fence.r.rws', 'WRC', ['po', 'F.r.rw', 'F.r.rw'], None, 'F', RS),
	('WRC+fence.rw.rw+addr', 'WRC', ['po', 'F.rw.rw', 'addr'], None,
	    'F', RS),
	('WRC+poaqp+addr', 'WRC', ['po', 'po', 'addr'],
	    [None, ['acq', None], None], 'F', RS),
	('IRIW+addrs', 'IRIW', ['po', 'addr', 'po', 'addr'], None, 'F', RS),
	('IRIW+fence.r.rws', 'IRIW', ['po', 'F.r.rw', 'po', 'F.r.rw'], None,
	    'F', RS),
	('ISA2+fence.rw.rws', 'ISA2', fen('rw.rw', 3), None, 'F', RS),
	('ISA2+fence.w.w+addr+addr', 'ISA2', ['F.w.w', 'addr', 'addr'], None,
	    'F', RS),
	('2+2W+fence.w.ws', '2+2W', fen('w.w', 2), None, 'F', RS),
	('2+2W+poprls', '2+2W', [], [[None, 'rel'], [None, 'rel']], 'F', RS),
	('R+fence.rw.rws', 'R', fen('rw.rw', 2), None, 'F', RS),
	('S+fence.rw.rws', 'S', fen('rw.rw', 2), None, 'F', RS),
	('S+fence.w.w+data', 'S', ['F.w.w', 'data'], None, 'F', RS),
	('S+fence.w.w+ctrl', 'S', ['F.w.w', 'ctrl'], None, 'F', RS),
	('MP+fence.w.w+ctrlfencei', 'MP', ['F.w.w', 'ctrlfencei'], None,
	    'A', RS),
	('MP+poprl+po', 'MP', [], [[None, 'rel'], None], 'A', RR),
	('MP+po+poaqp', 'MP', [], [None, ['acq', None]], 'A', RR),
	('SB+fence.rw.w+fence.rw.rw', 'SB', ['F.rw.w', 'F.rw.rw'], None,
	    'A', RR),
	('MP+fence.w.w+ctrl', 'MP', ['F.w.w', 'ctrl'], None, 'A', RR),
	('SB+fence.tsos', 'SB', fen('tso', 2), None, 'A', RT),
	('MP+fence.tsos', 'MP', fen('tso', 2), None, 'F', RT),
	('LB+fence.tsos', 'LB', fen('tso', 2), None, 'F', RT),
	('2+2W+fence.tsos', '2+2W', fen('tso', 2), None, 'F', RT),
	('WRC', 'WRC', [], None, 'A', RF),
	('ISA2', 'ISA2', [], None, 'A', RF),
	('CoRR', 'CoRR', [], None, 'F', RC),
	('CoRW1', 'CoRW1', [], None, 'F', RC),
	('CoRW2', 'CoRW2', [], None, 'F', RC),
	('CoWW', 'CoWW', [], None, 'F', RC),
	('CoWR', 'CoWR', [], None, 'F', RC),
]

K = H + 'catalogue/x86_64/tests/kinds.txt'
C = H + 'catalogue/x86/tests (herd7 run of x86tso.cat)'
I = H + 'doc/iriw.litmus; x86-TSO (Owens, Sarkar, Sewell 2009)'
CAT['x86'] = [
	('SB', 'SB', [], None, 'A', K),
	('SB+mfences', 'SB', fen('mfence', 2), None, 'F', K),
	('SB+mfence+po', 'SB', ['F.mfence', 'po'], None, 'A', K),
	('SB+xchgs', 'SB', [], [['xchg', None], ['xchg', None]], 'F',
	    'Intel SDM vol. 3A 8.2.3.9 (locked instructions totally ordered);'
	    ' research notes section 9'),
	('MP', 'MP', [], None, 'F', K),
	('LB', 'LB', [], None, 'F', K),
	('S', 'S', [], None, 'F', K),
	('2+2W', '2+2W', [], None, 'F', K),
	('R', 'R', [], None, 'A', K),
	('R+po+mfence', 'R', ['po', 'F.mfence'], None, 'F', K),
	('RWC', 'RWC', [], None, 'A', K),
	('RWC+po+mfence', 'RWC', ['po', 'po', 'F.mfence'], None, 'F', K),
	('WRC', 'WRC', [], None, 'F', K),
	('IRIW', 'IRIW', [], None, 'F', I),
	('ISA2', 'ISA2', [], None, 'F', K + ' (ISA2 = WWC-class, TSO)'),
	('R+mfences', 'R', fen('mfence', 2), None, 'F', C),
	('R+mfence+po', 'R', ['F.mfence', 'po'], None, 'A', C),
	('MP+mfences', 'MP', fen('mfence', 2), None, 'F', C),
	('LB+mfences', 'LB', fen('mfence', 2), None, 'F', C),
	('S+mfences', 'S', fen('mfence', 2), None, 'F', C),
	('2+2W+mfences', '2+2W', fen('mfence', 2), None, 'F', C),
	('CoRR', 'CoRR', [], None, 'F', K + ' (uniproc)'),
	('CoRW2', 'CoRW2', [], None, 'F', K + ' (uniproc)'),
	('CoWR', 'CoWR', [], None, 'F', K + ' (uniproc)'),
	('CoWW', 'CoWW', [], None, 'F', K + ' (uniproc)'),
]

SP = 'SPARC V9 manual Appendix D (TSO) / V8 Appendix K, as restated in ' \
    'research notes section 3; no per-test publication exists'
CAT['sparc'] = [
	('SB', 'SB', [], None, 'A', SP),
	('SB+membar.storeloads', 'SB', fen('membar', 2), None, 'F', SP),
	('SB+swaps', 'SB', [], [['swap', None], ['swap', None]], 'F', SP),
	('MP', 'MP', [], None, 'F', SP),
	('LB', 'LB', [], None, 'F', SP),
	('S', 'S', [], None, 'F', SP),
	('2+2W', '2+2W', [], None, 'F', SP),
	('R', 'R', [], None, 'A', SP),
	('WRC', 'WRC', [], None, 'F', SP),
	('IRIW', 'IRIW', [], None, 'F', SP),
	('ISA2', 'ISA2', [], None, 'F', SP),
	('CoRR', 'CoRR', [], None, 'F', SP),
	('CoWR', 'CoWR', [], None, 'F', SP),
	('CoWW', 'CoWW', [], None, 'F', SP),
]

# Tests of the atomics the ports use, written out (shapes of the
# published tests named; the atomicity ones follow the axiom shared by
# every model, research notes section 1).
EXTRA = {
	'aarch64': [
		('RSW', 'A', G, """
{ 0:X1=x; 0:X2=y; 1:X1=y; 1:X2=z; 1:X3=x; }
 P0          | P1                  ;
 MOV W0,#1   | LDR W0,[X1]         ;
 STR W0,[X1] | EOR W4,W0,W0        ;
 DMB SY      | LDR W5,[X2,W4,SXTW] ;
 STR W0,[X2] | LDR W6,[X2]         ;
             | EOR W7,W6,W6        ;
             | LDR W8,[X3,W7,SXTW] ;
exists (1:X0=1 /\\ 1:X5=0 /\\ 1:X6=0 /\\ 1:X8=0)"""),
		('RDW', 'F', G, """
{ 0:X1=x; 0:X2=y; 1:X1=y; 1:X2=z; 1:X3=x; 2:X2=z; }
 P0          | P1                  | P2          ;
 MOV W0,#1   | LDR W0,[X1]         | MOV W0,#1   ;
 STR W0,[X1] | EOR W4,W0,W0        | STR W0,[X2] ;
 DMB SY      | LDR W5,[X2,W4,SXTW] |             ;
 STR W0,[X2] | LDR W6,[X2]         |             ;
             | EOR W7,W6,W6        |             ;
             | LDR W8,[X3,W7,SXTW] |             ;
exists (1:X0=1 /\\ 1:X5=0 /\\ 1:X6=1 /\\ 1:X8=0)"""),
		('PPOCA', 'A', G, """
{ 0:X1=x; 0:X2=y; 1:X1=y; 1:X2=z; 1:X3=x; }
 P0          | P1                  ;
 MOV W0,#1   | LDR W0,[X1]         ;
 STR W0,[X1] | CBNZ W0,LC00        ;
 DMB SY      | LC00:               ;
 STR W0,[X2] | MOV W4,#1           ;
             | STR W4,[X2]         ;
             | LDR W5,[X2]         ;
             | EOR W6,W5,W5        ;
             | LDR W7,[X3,W6,SXTW] ;
exists (1:X0=1 /\\ 1:X5=1 /\\ 1:X7=0)"""),
		('SB+rfi-dmb.ld+rfi-dmb.ld', 'A', G, """
{ 0:X1=x; 0:X2=y; 1:X1=y; 1:X2=x; }
 P0          | P1          ;
 MOV W0,#1   | MOV W0,#1   ;
 STR W0,[X1] | STR W0,[X1] ;
 LDR W3,[X1] | LDR W3,[X1] ;
 DMB LD      | DMB LD      ;
 LDR W4,[X2] | LDR W4,[X2] ;
exists (0:X3=1 /\\ 0:X4=0 /\\ 1:X3=1 /\\ 1:X4=0)"""),
		('MP+rel+SWPacq', 'F', A, """
{ 0:X1=x; 0:X3=y; 1:X1=x; 1:X3=y; }
 P0           | P1              ;
 MOV W0,#1    | MOV W4,#2       ;
 STR W0,[X1]  | SWPA W4,W5,[X3] ;
 MOV W2,#1    | LDR W0,[X1]     ;
 STLR W2,[X3] |                 ;
exists (1:X5=1 /\\ 1:X0=0)"""),
		('MP+rel+SWPacq-noret', 'A', A, """
{ 0:X1=x; 0:X3=y; 1:X1=x; 1:X3=y; }
 P0           | P1               ;
 MOV W0,#1    | MOV W4,#2        ;
 STR W0,[X1]  | SWPA W4,WZR,[X3] ;
 MOV W2,#1    | LDR W0,[X1]      ;
 STLR W2,[X3] |                  ;
exists (y=2 /\\ 1:X0=0)"""),
		('MP+rel+CASacq-ok', 'F', A, """
{ y=2; 0:X1=x; 0:X3=y; 1:X1=x; 1:X3=y; }
 P0           | P1              ;
 MOV W0,#1    | MOV W4,#1       ;
 STR W0,[X1]  | MOV W5,#0       ;
 MOV W2,#0    | CASA W5,W4,[X3] ;
 STLR W2,[X3] | LDR W0,[X1]     ;
exists (y=1 /\\ 1:X0=0)"""),
		('MP+rel+CASacq-noret-ok', 'A', A, """
{ y=2; 0:X1=x; 0:X3=y; 1:X1=x; 1:X3=y; }
 P0           | P1               ;
 MOV W0,#1    | MOV W4,#1        ;
 STR W0,[X1]  | CASA WZR,W4,[X3] ;
 MOV W2,#0    | LDR W0,[X1]      ;
 STLR W2,[X3] |                  ;
exists (y=1 /\\ 1:X0=0)"""),
		('MP+rel+LDADD-dmb.ld', 'F', A, """
{ 0:X1=x; 0:X3=y; 1:X1=x; 1:X3=y; }
 P0           | P1               ;
 MOV W0,#1    | MOV W4,#1        ;
 STR W0,[X1]  | LDADD W4,W5,[X3] ;
 MOV W2,#1    | DMB LD           ;
 STLR W2,[X3] | LDR W0,[X1]      ;
exists (1:X5=1 /\\ 1:X0=0)"""),
		('MP+rel+LDADDnoret-dmb.ld', 'A', A, """
{ 0:X1=x; 0:X3=y; 1:X1=x; 1:X3=y; }
 P0           | P1            ;
 MOV W0,#1    | MOV W4,#1     ;
 STR W0,[X1]  | STADD W4,[X3] ;
 MOV W2,#1    | DMB LD        ;
 STLR W2,[X3] | LDR W0,[X1]   ;
exists (y=2 /\\ 1:X0=0)"""),
		('LB+rel+LDADD', 'F', A, """
{ 0:X1=x; 0:X3=y; 1:X1=x; 1:X3=y; }
 P0           | P1               ;
 LDR W0,[X3]  | MOV W4,#1        ;
 MOV W9,#1    | LDR W5,[X1]      ;
 STLR W9,[X1] | EOR W6,W5,W5     ;
              | ADD W6,W6,#1     ;
              | LDADD W6,W7,[X3] ;
exists (1:X5=1 /\\ 0:X0=1)"""),
		('rmw-ldxr-stxr', 'F', G + '; atomicity axiom', """
{ 0:X1=x; 1:X1=x; }
 P0               | P1               ;
 LDXR W0,[X1]     | LDXR W0,[X1]     ;
 ADD W2,W0,#1     | ADD W2,W0,#1     ;
 STXR W3,W2,[X1]  | STXR W3,W2,[X1]  ;
exists (0:X3=0 /\\ 1:X3=0 /\\ x=1)"""),
		('rmw-cas', 'F', G + '; atomicity axiom', """
{ 0:X1=x; 1:X1=x; }
 P0              | P1              ;
 MOV W0,#0       | MOV W0,#0       ;
 MOV W2,#1       | MOV W2,#1       ;
 CAS W0,W2,[X1]  | CAS W0,W2,[X1]  ;
exists (0:X0=0 /\\ 1:X0=0)"""),
	],
	'riscv': [
		('RSW', 'A', RC, """
{ 0:x10=x; 0:x11=y; 1:x10=y; 1:x11=z; 1:x12=x; }
 P0           | P1              ;
 ori x5,x0,1  | lw x5,0(x10)    ;
 sw x5,0(x10) | xor x6,x5,x5    ;
 fence rw,w   | add x6,x11,x6   ;
 sw x5,0(x11) | lw x7,0(x6)     ;
              | lw x8,0(x11)    ;
              | xor x9,x8,x8    ;
              | add x9,x12,x9   ;
              | lw x13,0(x9)    ;
exists (1:x5=1 /\\ 1:x7=0 /\\ 1:x8=0 /\\ 1:x13=0)"""),
		('RDW', 'F', RC, """
{ 0:x10=x; 0:x11=y; 1:x10=y; 1:x11=z; 1:x12=x; 2:x10=z; }
 P0           | P1              | P2           ;
 ori x5,x0,1  | lw x5,0(x10)    | ori x5,x0,1  ;
 sw x5,0(x10) | xor x6,x5,x5    | sw x5,0(x10) ;
 fence rw,w   | add x6,x11,x6   |              ;
 sw x5,0(x11) | lw x7,0(x6)     |              ;
              | lw x8,0(x11)    |              ;
              | xor x9,x8,x8    |              ;
              | add x9,x12,x9   |              ;
              | lw x13,0(x9)    |              ;
exists (1:x5=1 /\\ 1:x7=0 /\\ 1:x8=1 /\\ 1:x13=0)"""),
		('PPOCA', 'A', RC, """
{ 0:x10=x; 0:x11=y; 1:x10=y; 1:x11=z; 1:x12=x; }
 P0           | P1              ;
 ori x5,x0,1  | lw x5,0(x10)    ;
 sw x5,0(x10) | bne x5,x0,LC00  ;
 fence w,w    | LC00:           ;
 sw x5,0(x11) | ori x6,x0,1     ;
              | sw x6,0(x11)    ;
              | lw x7,0(x11)    ;
              | xor x8,x7,x7    ;
              | add x8,x12,x8   ;
              | lw x9,0(x8)     ;
exists (1:x5=1 /\\ 1:x7=1 /\\ 1:x9=0)"""),
		('SB+rfi-addrs', 'A', RR, """
{ 0:x10=x; 0:x11=y; 1:x10=y; 1:x11=x; }
 P0            | P1            ;
 ori x5,x0,1   | ori x5,x0,1   ;
 sw x5,0(x10)  | sw x5,0(x10)  ;
 lw x6,0(x10)  | lw x6,0(x10)  ;
 xor x7,x6,x6  | xor x7,x6,x6  ;
 add x7,x11,x7 | add x7,x11,x7 ;
 lw x8,0(x7)   | lw x8,0(x7)   ;
exists (0:x6=1 /\\ 0:x8=0 /\\ 1:x6=1 /\\ 1:x8=0)"""),
		('LR-SC-atomic', 'F', RC + '; atomicity axiom', """
{ 0:x10=x; 1:x10=x; }
 P0                | P1                ;
 lr.w x5,0(x10)    | lr.w x5,0(x10)    ;
 addi x6,x5,1      | addi x6,x5,1      ;
 sc.w x7,x6,0(x10) | sc.w x7,x6,0(x10) ;
exists (0:x7=0 /\\ 1:x7=0 /\\ x=1)"""),
		('AMO-atomic', 'F', RC + '; atomicity axiom', """
{ 0:x10=x; 1:x10=x; }
 P0                      | P1                      ;
 ori x6,x0,1             | ori x6,x0,1             ;
 amoswap.w.aq x5,x6,(x10) | amoswap.w.aq x5,x6,(x10) ;
exists (0:x5=0 /\\ 1:x5=0)"""),
		('MP+fence.rw.w+amoswap.aq', 'F', RS + ' (as MP+fence.rw.w+fence.r.rw; ppo rules 4, 5)', """
{ 0:x10=x; 0:x11=y; 1:x10=y; 1:x11=x; }
 P0            | P1                       ;
 ori x5,x0,1   | ori x6,x0,2              ;
 sw x5,0(x10)  | amoswap.w.aq x5,x6,(x10) ;
 fence rw,w    | lw x7,0(x11)             ;
 sw x5,0(x11)  |                          ;
exists (1:x5=1 /\\ 1:x7=0)"""),
	],
	'x86': [
		('SB+rfi-pos', 'A', K, """
{ }
 P0          | P1          ;
 MOV [x],$1  | MOV [y],$1  ;
 MOV EAX,[x] | MOV EAX,[y] ;
 MOV EBX,[y] | MOV EBX,[x] ;
exists (0:EAX=1 /\\ 0:EBX=0 /\\ 1:EAX=1 /\\ 1:EBX=0)"""),
		('MP+xchg', 'F', K + ' (MP F)', """
{ }
 P0          | P1              ;
 MOV [x],$1  | MOV EAX,$2      ;
 MOV [y],$1  | XCHG [y],EAX    ;
             | MOV EBX,[x]     ;
exists (1:EAX=1 /\\ 1:EBX=0)"""),
	],
}


def main(top):
	for model, tests in CAT.items():
		d = os.path.join(top, model)
		os.makedirs(d, exist_ok=True)
		tab = ['# SPDX-License-Identifier: BSD-2-Clause',
		    '# Generated by tests/litmus/mkcatalogue.py.',
		    '# NAME<TAB>published verdict<TAB>where it is published']
		for name, shape, links, mods, v, src in tests:
			text = build(model, name, shape, links, mods)
			with open(os.path.join(d, name + '.litmus'), 'w') as f:
				f.write(text)
			tab.append('%s\t%s\t%s' % (name,
			    'Allowed' if v == 'A' else 'Forbidden', src))
		arch = EMIT[model].arch
		for name, v, src, body in EXTRA.get(model, []):
			text = '%s %s\n(* SPDX-License-Identifier: BSD-2-Clause *)' \
			    '%s\n' % (arch, name, body)
			with open(os.path.join(d, name + '.litmus'), 'w') as f:
				f.write(text)
			tab.append('%s\t%s\t%s' % (name,
			    'Allowed' if v == 'A' else 'Forbidden', src))
		with open(os.path.join(d, 'verdicts.tab'), 'w') as f:
			f.write('\n'.join(tab) + '\n')


if __name__ == '__main__':
	main(sys.argv[1] if len(sys.argv) > 1 else
	    os.path.join(os.path.dirname(os.path.abspath(__file__)),
	    'catalogue'))
