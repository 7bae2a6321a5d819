#!/usr/bin/env python3
#	$simplelock: tools/litmus/litmus.py $
# SPDX-License-Identifier: BSD-2-Clause
#
# litmus.py [-v] [-x] [-m MODEL] FILE...: an axiomatic litmus checker.
#
# Reads herd-format litmus files (AArch64, ARM, PPC, RISCV, X86, and a
# SPARC dialect of this project's own), enumerates the candidate
# executions (control paths, read values, store-conditional outcomes,
# reads-from, coherence order) and keeps those consistent under the
# architecture's axiomatic model: x86-TSO / SPARC TSO, Arm's AArch64
# model, RVWMO, and the "Herding cats" POWER and ARMv7 models.  Prints
# herd7's summary line for each file:
#	Observation NAME Never|Sometimes|Always POS NEG
# -v also prints the final states; -m picks another model (tso, aarch64,
# riscv, ppc, arm); -x makes a PPC stwcx.'s CR0 depend on its lwarx.
# Exit 0, or 2 with a message naming what is not supported.
# Only the standard library: Debian's python3 is all it needs.

import itertools
import re
import sys


class Unsupported(Exception):
	pass


# --------------------------------------------------------------------
# Parsing

def strip_comments(text):
	out, depth, i = [], 0, 0
	while i < len(text):
		if text.startswith('(*', i):
			depth += 1
			i += 2
		elif depth and text.startswith('*)', i):
			depth -= 1
			i += 2
		else:
			if not depth:
				out.append(text[i])
			i += 1
	return ''.join(out)


class Test:
	pass


def parse_value(s):
	s = s.strip()
	if re.fullmatch(r'-?(0x[0-9a-fA-F]+|\d+)', s):
		return int(s, 0)
	return s		# a location name: its address


def parse(text):
	t = Test()
	text = strip_comments(text)
	lines = text.split('\n')
	while lines and not lines[0].strip():
		lines.pop(0)
	if not lines:
		raise Unsupported('empty file')
	hdr = lines[0].split()
	if len(hdr) < 2:
		raise Unsupported('no "ARCH NAME" line')
	t.arch, t.name = hdr[0], hdr[1]
	rest = '\n'.join(lines[1:])
	lb = rest.find('{')
	rb = rest.find('}', lb)
	if lb < 0 or rb < 0:
		raise Unsupported('no init block { ... }')
	t.init_mem, t.init_reg = {}, {}
	for item in rest[lb + 1:rb].split(';'):
		item = item.strip()
		if not item:
			continue
		m = re.fullmatch(r'(?:[A-Za-z_][\w ]*\s+)?(?:(\d+):)?'
		    r'([%\w.\[\]]+)\s*(?:=\s*(\S+))?', item)
		if not m:
			raise Unsupported('init item "%s"' % item)
		tid, nm, v = m.group(1), m.group(2), m.group(3)
		v = parse_value(v) if v is not None else 0
		if tid is None:
			t.init_mem[nm.strip('[]')] = v
		else:
			t.init_reg[(int(tid), nm)] = v
	body = rest[rb + 1:].split('\n')
	code = []
	i = 0
	kw = re.compile(r'^\s*(exists|~\s*exists|forall|locations|filter|'
	    r'final|\(|~\s*\()')
	while i < len(body):
		ln = body[i]
		if kw.match(ln):
			break
		if ln.strip():
			code.append(ln.strip())
		i += 1
	tail = '\n'.join(body[i:])
	if not code:
		raise Unsupported('no code')
	head = [c.strip() for c in code[0].rstrip(';').split('|')]
	if not all(re.fullmatch(r'P\d+', h) for h in head):
		raise Unsupported('code header "%s"' % code[0])
	t.nthreads = len(head)
	t.code = [[] for _ in head]
	for ln in code[1:]:
		ln = ln.rstrip()
		if ln.endswith(';'):
			ln = ln[:-1]
		cells = ln.split('|')
		if len(cells) > t.nthreads:
			raise Unsupported('row with too many columns: %s' % ln)
		for k, c in enumerate(cells):
			c = c.strip()
			if c:
				t.code[k].append(c)
	t.locations, t.filter = [], None
	m = re.search(r'locations\s*\[([^\]]*)\]', tail)
	if m:
		t.locations = [x.strip() for x in m.group(1).split(';')
		    if x.strip()]
		tail = tail[:m.start()] + tail[m.end():]
	m = re.search(r'filter\s+(.*?)'
	    r'(?=\b(exists|forall|final)\b|~\s*exists|$)', tail, re.S)
	if m and m.group(0).strip().startswith('filter'):
		t.filter = parse_prop(m.group(1))
		tail = tail[:m.start()] + tail[m.end():]
	tail = tail.strip()
	m = re.match(r'(~\s*exists|exists|forall|final)?\s*(.*)$', tail, re.S)
	if not tail:
		raise Unsupported('no condition')
	q = (m.group(1) or 'exists').replace(' ', '')
	if q == 'final':
		raise Unsupported('"final" conditions')
	t.quant = q
	t.cond_text = m.group(2).strip()
	t.cond = parse_prop(t.cond_text)
	return t


TOK = re.compile(r'\s*(/\\|\\/|=>|~|\(|\)|!=|<>|==|=|\[|\]|'
    r'[A-Za-z0-9_:.%$+-]+)')


def parse_prop(s):
	toks, i = [], 0
	s = s.strip()
	while i < len(s):
		m = TOK.match(s, i)
		if not m:
			if s[i:].strip() == '':
				break
			raise Unsupported('condition near "%s"' % s[i:i + 20])
		toks.append(m.group(1))
		i = m.end()
	pos = [0]

	def peek():
		return toks[pos[0]] if pos[0] < len(toks) else None

	def take(x=None):
		tk = peek()
		if x is not None and tk != x:
			raise Unsupported('condition: expected %s, got %s' %
			    (x, tk))
		pos[0] += 1
		return tk

	def p_or():
		a = p_and()
		while peek() == '\\/':
			take()
			a = ('or', a, p_and())
		return a

	def p_and():
		a = p_imp()
		while peek() == '/\\':
			take()
			a = ('and', a, p_imp())
		return a

	def p_imp():
		a = p_un()
		if peek() == '=>':
			take()
			a = ('or', ('not', a), p_un())
		return a

	def p_un():
		tk = peek()
		if tk in ('~', 'not'):
			take()
			return ('not', p_un())
		if tk == '(':
			take()
			a = p_or()
			take(')')
			return a
		if tk == 'true':
			take()
			return ('true',)
		if tk == 'false':
			take()
			return ('not', ('true',))
		if tk == '[':
			take()
			lhs = take()
			take(']')
		else:
			lhs = take()
		op = take()
		if op not in ('=', '==', '!=', '<>'):
			raise Unsupported('condition operator %s' % op)
		rhs = parse_value(take())
		a = ('eq', lhs, rhs)
		return a if op in ('=', '==') else ('not', a)

	r = p_or()
	if peek() is not None:
		raise Unsupported('condition: trailing "%s"' % peek())
	return r


# --------------------------------------------------------------------
# Events and per-thread semantics

class Ev:
	__slots__ = ('kind', 'tid', 'poi', 'loc', 'val', 'attrs', 'addr',
	    'data', 'ctrl', 'rmw', 'id', 'fence')

	def __init__(self, kind, tid, loc=None, val=None, attrs=(),
	    addr=(), data=(), ctrl=(), fence=None):
		self.kind, self.tid, self.loc, self.val = kind, tid, loc, val
		self.attrs = frozenset(attrs)
		self.addr, self.data, self.ctrl = (frozenset(addr),
		    frozenset(data), frozenset(ctrl))
		self.rmw = None
		self.fence = fence
		self.poi = 0
		self.id = None


def add(a, b):
	if isinstance(a, int) and isinstance(b, int):
		return a + b
	if isinstance(a, str) and b == 0:
		return a
	if isinstance(b, str) and a == 0:
		return b
	raise Unsupported('address arithmetic on a location')


def alu(op, a, b):
	if op == 'add':
		return add(a, b)
	if not (isinstance(a, int) and isinstance(b, int)):
		if op == 'xor' and a == b:
			return 0
		if op in ('and',) and (a == 0 or b == 0):
			return 0
		if op in ('or',) and b == 0:
			return a
		raise Unsupported('arithmetic on a location')
	return {'sub': a - b, 'xor': a ^ b, 'and': a & b, 'or': a | b,
	    'mul': a * b}[op]


class Machine:
	"""One thread's state while enumerating its executions."""

	def __init__(self, front, tid, code, regs):
		self.front, self.tid, self.code = front, tid, code
		self.labels = {}
		prog = []
		for ins in code:
			while True:
				m = re.match(r'^([A-Za-z_.$][\w.$]*):\s*', ins)
				if not m or not front.is_label(m.group(1)):
					break
				self.labels[m.group(1)] = len(prog)
				ins = ins[m.end():]
			if ins:
				prog.append(front.decode(ins))
		self.prog = prog
		self.regs0 = regs


# Decoded instruction forms (tuples, first item the operation):
#  ('ld', rd, base, off, attrs)       load (attrs: A Q X aq rl ...)
#  ('st', rs, base, off, attrs)       store (rs may be ('imm', v))
#  ('sx', rstat, rs, base, attrs, okval, failval)  store-conditional
#  ('amo', op, rd, rs, base, attrs)   atomic read-modify-write
#  ('cas', rs, rt, base, attrs)       compare and swap, result in rs
#  ('fence', kind)
#  ('mov', rd, src) ('alu', op, rd, ra, src)  src: reg or ('imm', v)
#  ('cmp', ra, src)                   sets the flags
#  ('b', cond, label, regs)           cond: None, 'eq', 'ne', 'z', 'nz'
#  ('nop',)


def run_thread(mach, test, domain, out):
	"""Appends (events, regs) for every execution of the thread."""
	front = mach.front
	regs = {}
	for (tid, r), v in test.init_reg.items():
		if tid == mach.tid:
			regs[front.reg(r)] = (v, frozenset())

	def get(regs, r):
		if isinstance(r, tuple) and r[0] == 'imm':
			return (r[1], frozenset())
		if r is None or r == front.zero:
			return (0, frozenset())
		return regs.get(r, (0, frozenset()))

	def put(regs, r, v):
		if r is None or r == front.zero:
			return regs
		regs = dict(regs)
		regs[r] = v
		return regs

	def address(regs, base, off):
		if isinstance(base, str) and base.startswith('@'):
			return base[1:], frozenset()
		if isinstance(base, tuple) and base[0] == 'ppc':
			base, off = base[1], base[2]
		a, d = get(regs, base)
		o, od = get(regs, off) if off is not None else (0, frozenset())
		# an integer is an absolute address (a thread's scratch word
		# whose base register the port tests leave 0, say)
		return add(a, o), d | od

	def go(pc, regs, evs, ctrl, resv, steps):
		if steps > 300:
			raise Unsupported('a loop in thread P%d' % mach.tid)
		if pc >= len(mach.prog):
			out.append((evs, regs))
			return
		ins = mach.prog[pc]
		op = ins[0]
		nx = pc + 1
		if op == 'ld':
			_, rd, base, off, attrs = ins
			loc, ad = address(regs, base, off)
			for v in sorted(domain.get(loc, {0}), key=str):
				e = Ev('R', mach.tid, loc, v, attrs, ad, (),
				    ctrl)
				r2 = put(regs, rd, (v, frozenset([e])))
				nres = loc if 'X' in attrs else resv
				go(nx, r2, evs + [e], ctrl, nres, steps + 1)
			return
		if op == 'st':
			_, rs, base, off, attrs = ins
			loc, ad = address(regs, base, off)
			v, dd = get(regs, rs)
			e = Ev('W', mach.tid, loc, v, attrs, ad, dd, ctrl)
			go(nx, regs, evs + [e], ctrl, resv, steps + 1)
			return
		if op == 'sx':
			_, rstat, rs, base, attrs, okv, failv = ins
			loc, ad = address(regs, base, off=None)
			# failure: no write
			r2 = put(regs, rstat, (failv, frozenset()))
			go(nx, r2, evs, ctrl, None, steps + 1)
			if resv != loc:
				return
			lx = None
			for e0 in reversed(evs):
				if 'X' in e0.attrs and e0.kind == 'R':
					lx = e0
					break
			if lx is None or lx.loc != loc:
				return
			v, dd = get(regs, rs)
			e = Ev('W', mach.tid, loc, v, attrs | {'X'}, ad, dd,
			    ctrl)
			e.rmw = lx
			# the status depends on nothing unless the front end
			# says so (PPC.sc_dep, option -x)
			sd = frozenset([lx]) if getattr(front, 'sc_dep', False) \
			    else frozenset()
			r2 = put(regs, rstat, (okv, sd))
			go(nx, r2, evs + [e], ctrl, None, steps + 1)
			return
		if op == 'amo':
			_, aop, rd, rs, base, attrs = ins
			loc, ad = address(regs, base, None)
			sv, sd = get(regs, rs)
			# Arm: acquire is the read's, release the write's
			rat = set(attrs) - {'L'}
			wat = set(attrs) - {'A'}
			for v in sorted(domain.get(loc, {0}), key=str):
				ra = rat | {'amo'}
				if rd is None or rd == front.zero:
					ra.add('NoRet')
				er = Ev('R', mach.tid, loc, v, ra, ad, (), ctrl)
				nv = sv if aop == 'swap' else alu(aop, v, sv)
				dd = sd if aop == 'swap' else sd | {er}
				ew = Ev('W', mach.tid, loc, nv, wat | {'amo'},
				    ad, dd, ctrl)
				ew.rmw = er
				r2 = put(regs, rd, (v, frozenset([er])))
				go(nx, r2, evs + [er, ew], ctrl, resv,
				    steps + 1)
			return
		if op == 'cas':
			_, rs, rt, base, attrs = ins
			loc, ad = address(regs, base, None)
			cv, cd = get(regs, rs)
			nv, nd = get(regs, rt)
			for v in sorted(domain.get(loc, {0}), key=str):
				ra = set(attrs['r']) | {'amo'}
				if rs is None or rs == front.zero:
					ra.add('NoRet')
				er = Ev('R', mach.tid, loc, v, ra, ad | cd, (),
				    ctrl)
				r2 = put(regs, rs, (v, frozenset([er])))
				if getattr(front, 'cas_flags', False):
					# x86 CMPXCHG: ZF says whether it swapped
					r2 = put(r2, 'FLAGS', (v == cv,
					    frozenset([er]) | cd))
				if v == cv:
					ew = Ev('W', mach.tid, loc, nv,
					    set(attrs['w']) | {'amo'}, ad | cd, nd,
					    ctrl)
					ew.rmw = er
					go(nx, r2, evs + [er, ew], ctrl, resv,
					    steps + 1)
				else:
					go(nx, r2, evs + [er], ctrl, resv,
					    steps + 1)
			return
		if op == 'fence':
			e = Ev('F', mach.tid, fence=ins[1], ctrl=ctrl)
			go(nx, regs, evs + [e], ctrl, resv, steps + 1)
			return
		if op == 'mov':
			_, rd, src = ins
			go(nx, put(regs, rd, get(regs, src)), evs, ctrl, resv,
			    steps + 1)
			return
		if op == 'alu':
			_, aop, rd, ra, src = ins
			a, ad = get(regs, ra)
			b, bd = get(regs, src)
			r2 = put(regs, rd, (alu(aop, a, b), ad | bd))
			go(nx, r2, evs, ctrl, resv, steps + 1)
			return
		if op == 'sete':
			eq, d = get(regs, 'FLAGS')
			go(nx, put(regs, ins[1], (int(bool(eq)), d)), evs, ctrl,
			    resv, steps + 1)
			return
		if op == 'cmp':
			_, ra, src = ins
			a, ad = get(regs, ra)
			b, bd = get(regs, src)
			go(nx, put(regs, 'FLAGS', (a == b, ad | bd)), evs, ctrl,
			    resv, steps + 1)
			return
		if op == 'b':
			_, cond, label, bregs = ins
			if label not in mach.labels:
				raise Unsupported('label %s' % label)
			tgt = mach.labels[label]
			if cond is None:
				go(tgt, regs, evs, ctrl, resv, steps + 1)
				return
			if cond in ('eq', 'ne'):
				if bregs:
					a, ad = get(regs, bregs[0])
					b, bd = get(regs, bregs[1])
					eq, d = a == b, ad | bd
				else:
					eq, d = get(regs, 'FLAGS')
				taken = eq if cond == 'eq' else not eq
			else:
				a, d = get(regs, bregs[0])
				taken = (a == 0) if cond == 'z' else (a != 0)
			c2 = ctrl | d
			go(tgt if taken else nx, regs, evs, c2, resv, steps + 1)
			return
		if op == 'nop':
			go(nx, regs, evs, ctrl, resv, steps + 1)
			return
		raise Unsupported('internal: %s' % (ins,))

	go(0, regs, [], frozenset(), None, 0)


# --------------------------------------------------------------------
# Front ends: instruction syntax of each architecture

def imm(s):
	s = s.strip().lstrip('#$')
	return ('imm', int(s, 0))


class AArch64:
	name = 'AArch64'
	zero = 'ZR'
	model = 'aarch64'

	def is_label(self, s):
		return True

	def reg(self, r):
		r = r.strip().upper()
		if r in ('WZR', 'XZR'):
			return 'ZR'
		m = re.fullmatch(r'[WX](\d+)', r)
		if not m:
			raise Unsupported('AArch64 register %s' % r)
		return 'X' + m.group(1)

	def src(self, s):
		s = s.strip()
		return imm(s) if s.startswith('#') else self.reg(s)

	def mem(self, s):
		m = re.fullmatch(r'\[\s*(\w+)\s*(?:,\s*(#?[\w]+)\s*'
		    r'(?:,\s*(?:SXTW|UXTW|LSL\s*#\d+))?)?\s*\]', s.strip(),
		    re.I)
		if not m:
			raise Unsupported('AArch64 address %s' % s)
		off = self.src(m.group(2)) if m.group(2) else None
		return self.reg(m.group(1)), off

	def decode(self, ins):
		m = re.match(r'(\S+)\s*(.*)$', ins)
		mn, ops = m.group(1).upper(), m.group(2)
		a = [x.strip() for x in re.split(r',(?![^\[]*\])', ops)] \
		    if ops else []
		if mn in ('NOP', 'YIELD'):
			return ('nop',)
		if mn in ('MOV', 'MOVZ'):
			return ('mov', self.reg(a[0]), self.src(a[1]))
		if mn in ('ADD', 'SUB', 'EOR', 'AND', 'ORR'):
			o = {'ADD': 'add', 'SUB': 'sub', 'EOR': 'xor', 'AND': 'and',
			    'ORR': 'or'}[mn]
			return ('alu', o, self.reg(a[0]), self.src(a[1]),
			    self.src(a[2]))
		if mn == 'CMP':
			return ('cmp', self.src(a[0]), self.src(a[1]))
		if mn == 'TST':
			# as the port tests use it: a byte that is 0 or 1
			return ('cmp', self.src(a[0]), ('imm', 0))
		if mn in ('CBZ', 'CBNZ'):
			return ('b', 'z' if mn == 'CBZ' else 'nz', a[1],
			    [self.reg(a[0])])
		if mn in ('B.EQ', 'BEQ', 'B.NE', 'BNE'):
			return ('b', 'eq' if 'EQ' in mn else 'ne', a[0], None)
		if mn == 'B':
			return ('b', None, a[0], None)
		m = re.fullmatch(r'(DMB|DSB)(?:\.(\w+))?', mn)
		if m:
			opt = (m.group(2) or (a[0] if a else 'SY')).upper()
			if opt in ('SY', 'ISH', 'OSH', 'NSH'):
				k = 'dmb.full'
			elif opt in ('LD', 'ISHLD', 'OSHLD', 'NSHLD'):
				k = 'dmb.ld'
			elif opt in ('ST', 'ISHST', 'OSHST', 'NSHST'):
				k = 'dmb.st'
			else:
				raise Unsupported('AArch64 barrier %s %s' %
				    (mn, opt))
			return ('fence', k)
		if mn == 'ISB':
			return ('fence', 'isb')
		m = re.fullmatch(r'(LDR|LDUR|LDAR|LDAPR|LDAPUR|LDXR|LDAXR)'
		    r'(B|H|SB|SH|SW)?', mn)
		if m:
			at = {'LDR': (), 'LDUR': (), 'LDAR': ('A',),
			    'LDAPR': ('Q',), 'LDAPUR': ('Q',), 'LDXR': ('X',),
			    'LDAXR': ('A', 'X')}[m.group(1)]
			base, off = self.mem(a[1])
			return ('ld', self.reg(a[0]), base, off, at)
		m = re.fullmatch(r'(STR|STUR|STLR)(B|H)?', mn)
		if m:
			at = ('L',) if m.group(1) == 'STLR' else ()
			base, off = self.mem(a[1])
			return ('st', self.reg(a[0]), base, off, at)
		m = re.fullmatch(r'(STXR|STLXR)(B|H)?', mn)
		if m:
			at = {'L'} if m.group(1) == 'STLXR' else set()
			base, off = self.mem(a[2])
			if off is not None:
				raise Unsupported('offset on an exclusive')
			return ('sx', self.reg(a[0]), self.reg(a[1]), base, at,
			    0, 1)
		m = re.fullmatch(r'CAS(A|L|AL)?(B|H)?', mn)
		if m:
			o = m.group(1) or ''
			base, off = self.mem(a[2])
			return ('cas', self.reg(a[0]), self.reg(a[1]), base,
			    {'r': ('A',) if 'A' in o else (),
			     'w': ('L',) if 'L' in o else ()})
		m = re.fullmatch(r'(SWP|LDADD|LDCLR|LDEOR|LDSET|STADD|STCLR|'
		    r'STEOR|STSET)(A|L|AL)?(B|H)?', mn)
		if m:
			o = m.group(2) or ''
			at = set()
			if 'A' in o:
				at.add('A')
			if 'L' in o:
				at.add('L')
			k = m.group(1)
			aop = {'SWP': 'swap', 'ADD': 'add', 'CLR': 'bic',
			    'EOR': 'xor', 'SET': 'or'}[k if k == 'SWP' else k[2:]]
			if aop == 'bic':
				raise Unsupported('LDCLR')
			if k.startswith('ST'):
				base, off = self.mem(a[1])
				rd = 'ZR'
			else:
				base, off = self.mem(a[2])
				rd = self.reg(a[1])
			return ('amo', aop, rd, self.reg(a[0]), base, at)
		raise Unsupported('AArch64 instruction "%s"' % ins)


class ARM:
	name = 'ARM'
	zero = None
	model = 'arm'

	def is_label(self, s):
		return True

	def reg(self, r):
		r = r.strip().upper()
		if r == 'IP':
			r = 'R12'
		if not re.fullmatch(r'R\d+', r):
			raise Unsupported('ARM register %s' % r)
		return r

	def src(self, s):
		s = s.strip()
		return imm(s) if s.startswith('#') else self.reg(s)

	def mem(self, s):
		m = re.fullmatch(r'\[\s*(\w+)\s*(?:,\s*(#?-?\w+))?\s*\]', s.strip())
		if not m:
			raise Unsupported('ARM address %s' % s)
		off = self.src(m.group(2)) if m.group(2) else None
		return self.reg(m.group(1)), off

	def decode(self, ins):
		m = re.match(r'(\S+)\s*(.*)$', ins)
		mn, ops = m.group(1).upper(), m.group(2)
		mn = re.sub(r'\.[NW]$', '', mn)
		a = [x.strip() for x in re.split(r',(?![^\[]*\])', ops)] \
		    if ops else []
		if mn in ('NOP', 'YIELD'):
			return ('nop',)
		if mn in ('MOV', 'MOVS'):
			return ('mov', self.reg(a[0]), self.src(a[1]))
		if mn in ('ADD', 'SUB', 'EOR', 'AND', 'ORR', 'ADDS', 'EORS'):
			o = {'ADD': 'add', 'SUB': 'sub', 'EOR': 'xor', 'AND': 'and',
			    'ORR': 'or'}[mn.rstrip('S') if mn != 'ADDS' else 'ADD']
			return ('alu', o, self.reg(a[0]), self.src(a[1]),
			    self.src(a[2]))
		if mn == 'CMP':
			return ('cmp', self.src(a[0]), self.src(a[1]))
		if mn in ('CBZ', 'CBNZ'):
			return ('b', 'z' if mn == 'CBZ' else 'nz', a[1],
			    [self.reg(a[0])])
		if mn in ('BEQ', 'BNE'):
			return ('b', mn[1:].lower(), a[0], None)
		if mn == 'B':
			return ('b', None, a[0], None)
		if mn in ('DMB', 'DSB'):
			opt = (a[0] if a else 'SY').upper()
			if opt in ('SY', 'ISH'):
				return ('fence', 'dmb')
			if opt in ('ST', 'ISHST'):
				return ('fence', 'dmb.st')
			raise Unsupported('ARM barrier %s %s' % (mn, opt))
		if mn == 'ISB':
			return ('fence', 'isb')
		if mn in ('LDR', 'LDRB', 'LDRH'):
			base, off = self.mem(a[1])
			return ('ld', self.reg(a[0]), base, off, ())
		if mn in ('STR', 'STRB', 'STRH'):
			base, off = self.mem(a[1])
			return ('st', self.reg(a[0]), base, off, ())
		if mn in ('LDREX', 'LDREXB'):
			base, off = self.mem(a[1])
			return ('ld', self.reg(a[0]), base, off, ('X',))
		if mn in ('STREX', 'STREXB'):
			base, off = self.mem(a[2])
			return ('sx', self.reg(a[0]), self.reg(a[1]), base, set(),
			    0, 1)
		raise Unsupported('ARM instruction "%s"' % ins)


RV_ABI = {'zero': 0, 'ra': 1, 'sp': 2, 'gp': 3, 'tp': 4, 't0': 5, 't1': 6,
    't2': 7, 's0': 8, 'fp': 8, 's1': 9, 't3': 28, 't4': 29, 't5': 30,
    't6': 31}
for _i in range(8):
	RV_ABI['a%d' % _i] = 10 + _i
for _i in range(2, 12):
	RV_ABI['s%d' % _i] = 16 + _i


class RISCV:
	name = 'RISCV'
	zero = 'x0'
	model = 'riscv'

	def is_label(self, s):
		return True

	def reg(self, r):
		r = r.strip().lower()
		if r in RV_ABI:
			return 'x%d' % RV_ABI[r]
		if re.fullmatch(r'x\d+', r):
			return r
		raise Unsupported('RISC-V register %s' % r)

	def src(self, s):
		s = s.strip()
		return imm(s) if re.fullmatch(r'-?(0x)?[0-9a-f]+', s) \
		    else self.reg(s)

	def mem(self, s):
		m = re.fullmatch(r'(-?\w*)\s*\(\s*(\w+)\s*\)', s.strip())
		if not m:
			raise Unsupported('RISC-V address %s' % s)
		if m.group(1) not in ('', '0'):
			raise Unsupported('RISC-V offset %s' % s)
		return self.reg(m.group(2))

	def decode(self, ins):
		m = re.match(r'(\S+)\s*(.*)$', ins)
		mn, ops = m.group(1).lower(), m.group(2)
		a = [x.strip() for x in ops.split(',')] if ops else []
		if mn == 'nop':
			return ('nop',)
		if mn == 'li':
			return ('mov', self.reg(a[0]), imm(a[1]))
		if mn in ('mv', 'sext.w'):
			return ('mov', self.reg(a[0]), self.reg(a[1]))
		m = re.fullmatch(r'(add|sub|xor|and|or)i?w?', mn)
		if m:
			return ('alu', m.group(1), self.reg(a[0]), self.src(a[1]),
			    self.src(a[2]))
		if mn in ('bne', 'beq'):
			return ('b', mn[1:], a[2], [self.reg(a[0]),
			    self.reg(a[1])])
		if mn in ('bnez', 'beqz'):
			return ('b', 'nz' if mn == 'bnez' else 'z', a[1],
			    [self.reg(a[0])])
		if mn == 'j':
			return ('b', None, a[0], None)
		if mn == 'fence.tso':
			return ('fence', ('tso',))
		if mn == 'fence.i':
			return ('nop',)
		if mn == 'fence':
			if not a:
				return ('fence', ('f', 'rw', 'rw'))
			p, s = (x.replace('i', '').replace('o', '') for x in a)
			if not p or not s:
				return ('nop',)
			return ('fence', ('f', p, s))
		m = re.fullmatch(r'l[bhwd]u?((?:\.aq)?(?:\.rl)?)', mn)
		if m:
			at = tuple(x for x in ('aq', 'rl') if '.' + x in mn)
			return ('ld', self.reg(a[0]), self.mem(a[1]), None, at)
		m = re.fullmatch(r's[bhwd]((?:\.aq)?(?:\.rl)?)', mn)
		if m:
			at = tuple(x for x in ('aq', 'rl') if '.' + x in mn)
			return ('st', self.reg(a[0]), self.mem(a[1]), None, at)
		m = re.fullmatch(r'(lr|sc)\.[wd]((?:\.aq)?(?:\.rl)?)', mn)
		if m:
			at = set()
			if m.group(1) == 'lr' and '.aq' in mn:
				at |= {'aq', 'rcsc'}
			if m.group(1) == 'sc' and '.rl' in mn:
				at |= {'rl', 'rcsc'}
			if m.group(1) == 'lr':
				return ('ld', self.reg(a[0]), self.mem(a[1]), None,
				    tuple(at | {'X'}))
			return ('sx', self.reg(a[0]), self.reg(a[1]),
			    self.mem(a[2]), at, 0, 1)
		m = re.fullmatch(r'amo(swap|add|xor|and|or)\.[wd]'
		    r'((?:\.aq)?(?:\.rl)?)', mn)
		if m:
			at = set()
			if '.aq' in mn:
				at |= {'aq', 'rcsc'}
			if '.rl' in mn:
				at |= {'rl', 'rcsc'}
			return ('amo', m.group(1), self.reg(a[0]), self.reg(a[1]),
			    self.mem(a[2]), at)
		raise Unsupported('RISC-V instruction "%s"' % ins)


class PPC:
	name = 'PPC'
	zero = None
	model = 'ppc'
	# herd7's PPC semantics gives CR0 after stwcx. no dependency on the
	# lwarx's read; -x adds one (the operational reading, see README)
	sc_dep = False

	def is_label(self, s):
		return True

	def reg(self, r):
		r = r.strip().lower()
		if not re.fullmatch(r'r\d+', r):
			raise Unsupported('PPC register %s' % r)
		return r

	def src(self, s):
		s = s.strip()
		return imm(s) if re.fullmatch(r'-?(0x)?[0-9a-f]+', s) \
		    else self.reg(s)

	def ra0(self, r):
		return None if r.strip() in ('0', 'r0') else self.reg(r)

	def decode(self, ins):
		m = re.match(r'(\S+)\s*(.*)$', ins)
		mn, ops = m.group(1).lower(), m.group(2)
		mn = mn.rstrip('+-') if mn.startswith('b') else mn
		a = [x.strip() for x in ops.split(',')] if ops else []
		if mn in ('nop',):
			return ('nop',)
		if mn == 'li':
			return ('mov', self.reg(a[0]), imm(a[1]))
		if mn == 'mr':
			return ('mov', self.reg(a[0]), self.reg(a[1]))
		if mn in ('extsw', 'extsb', 'clrlwi', 'rlwinm'):
			return ('mov', self.reg(a[0]), self.reg(a[1]))
		m = re.fullmatch(r'(add|xor|and|or|sub)i?\.?', mn)
		if m:
			return ('alu', m.group(1), self.reg(a[0]), self.src(a[1]),
			    self.src(a[2]))
		if mn in ('cmpw', 'cmpwi', 'cmpd', 'cmpdi', 'cmplw', 'cmplwi'):
			if len(a) == 3:
				a = a[1:]
			return ('cmp', self.reg(a[0]), self.src(a[1]))
		if mn in ('beq', 'bne'):
			return ('b', mn[1:], a[-1], None)
		if mn == 'b':
			return ('b', None, a[0], None)
		if mn in ('sync', 'hwsync', 'lwsync', 'eieio', 'isync'):
			return ('fence', 'sync' if mn == 'hwsync' else mn)
		m = re.fullmatch(r'l(bz|hz|wz|d|wa)(x?)', mn)
		if m:
			if m.group(2):
				return ('ld', self.reg(a[0]), self.ra0(a[1]),
				    self.reg(a[2]), ())
			mm = re.fullmatch(r'(-?\w+)\((\w+)\)', a[1])
			return ('ld', self.reg(a[0]), self.ra0(mm.group(2)),
			    imm(mm.group(1)), ())
		m = re.fullmatch(r'st(b|h|w|d)(x?)', mn)
		if m:
			if m.group(2):
				return ('st', self.reg(a[0]), self.ra0(a[1]),
				    self.reg(a[2]), ())
			mm = re.fullmatch(r'(-?\w+)\((\w+)\)', a[1])
			return ('st', self.reg(a[0]), self.ra0(mm.group(2)),
			    imm(mm.group(1)), ())
		if mn in ('lwarx', 'ldarx', 'lbarx'):
			return ('ld', self.reg(a[0]), self.ra0(a[1]),
			    self.reg(a[2]), ('X',))
		if mn in ('stwcx.', 'stdcx.', 'stbcx.'):
			return ('sxppc', self.reg(a[0]), self.ra0(a[1]),
			    self.reg(a[2]))
		raise Unsupported('PPC instruction "%s"' % ins)


class X86:
	name = 'X86'
	zero = None
	model = 'tso'
	cas_flags = True
	FAM = {'a': 'EAX', 'b': 'EBX', 'c': 'ECX', 'd': 'EDX', 'si': 'ESI',
	    'di': 'EDI'}

	def is_label(self, s):
		return True

	def reg(self, r):
		r = r.strip().upper()
		if r in ('EAX', 'EBX', 'ECX', 'EDX', 'ESI', 'EDI'):
			return r
		raise Unsupported('X86 register %s' % r)

	def opnd(self, s):
		s = s.strip()
		m = re.fullmatch(r'\[\s*(\w+)\s*\]', s)
		if m:
			return ('mem', m.group(1))
		if s.startswith('$'):
			return imm(s)
		return self.reg(s)

	def decode(self, ins):
		m = re.match(r'(\S+)\s*(.*)$', ins)
		mn, ops = m.group(1).upper(), m.group(2)
		lock = False
		if mn == 'LOCK':
			lock = True
			m = re.match(r'(\S+)\s*(.*)$', ops)
			mn, ops = m.group(1).upper(), m.group(2)
		if mn in ('JE', 'JNE', 'JZ', 'JNZ'):
			return ('b', 'eq' if mn in ('JE', 'JZ') else 'ne',
			    ops.strip(), None)
		if mn == 'JMP':
			return ('b', None, ops.strip(), None)
		a = [self.opnd(x) for x in ops.split(',')] if ops else []
		if mn in ('MFENCE',):
			return ('fence', 'mfence')
		if mn in ('LFENCE', 'SFENCE', 'NOP', 'PAUSE'):
			return ('nop',)
		if mn == 'MOV':
			d, s = a
			if isinstance(d, tuple) and d[0] == 'mem':
				return ('st', s, '@' + d[1], None, ())
			if isinstance(s, tuple) and s[0] == 'mem':
				return ('ld', d, '@' + s[1], None, ())
			return ('mov', d, s)
		if mn == 'XCHG':
			d, s = a
			if isinstance(s, tuple) and s[0] == 'mem':
				d, s = s, d
			return ('amo', 'swap', s, s, '@' + d[1], {'atomic'})
		if lock and mn in ('ADD', 'INC', 'DEC', 'XADD'):
			v = a[1] if len(a) > 1 else ('imm', 1 if mn != 'DEC' else -1)
			rd = a[1] if mn == 'XADD' else None
			return ('amo', 'add', rd, v, '@' + a[0][1], {'atomic'})
		if mn == 'CMPXCHG':
			return ('cas', 'EAX', a[1], '@' + a[0][1],
			    {'r': ('atomic',), 'w': ('atomic',)})
		if mn == 'CMP':
			return ('cmp', a[0], a[1])
		if mn in ('SETE', 'SETZ'):
			return ('sete', a[0])
		if mn in ('JE', 'JNE', 'JZ', 'JNZ'):
			return ('b', 'eq' if mn in ('JE', 'JZ') else 'ne',
			    ops.strip(), None)
		if mn == 'JMP':
			return ('b', None, ops.strip(), None)
		raise Unsupported('X86 instruction "%s"' % ins)


class SPARC:
	"""This project's SPARC dialect (herd7 has no SPARC front end):
	registers %g1..; memory operands [x] name a location; ldstub,
	swap, cas, ld/ldub/lduw, st/stb, clr/clrb, mov, cmp, be/bne, ba,
	membar #StoreLoad|#Sync|... (only #StoreLoad matters under TSO)."""
	name = 'SPARC'
	zero = 'g0'
	model = 'tso'

	def is_label(self, s):
		return True

	def reg(self, r):
		r = r.strip().lstrip('%').lower()
		if not re.fullmatch(r'[goil]\d', r):
			raise Unsupported('SPARC register %s' % r)
		return r

	def src(self, s):
		s = s.strip()
		return imm(s) if re.fullmatch(r'-?(0x)?[0-9a-f]+', s) \
		    else self.reg(s)

	def mem(self, s):
		m = re.fullmatch(r'\[\s*(\w+)\s*\]', s.strip())
		if not m:
			raise Unsupported('SPARC address %s' % s)
		return '@' + m.group(1)

	def decode(self, ins):
		m = re.match(r'(\S+)\s*(.*)$', ins)
		mn, ops = m.group(1).lower(), m.group(2)
		mn = re.sub(r',(pn|pt|a)', '', mn)
		a = [x.strip() for x in re.split(r',(?![^\[]*\])', ops)] \
		    if ops else []
		a = [x for x in a if x not in ('%icc', '%xcc')]
		if mn == 'nop':
			return ('nop',)
		if mn == 'mov':
			return ('mov', self.reg(a[1]), self.src(a[0]))
		if mn == 'cmp':
			return ('cmp', self.reg(a[0]), self.src(a[1]))
		if mn in ('be', 'bne', 'bz', 'bnz'):
			return ('b', 'eq' if mn in ('be', 'bz') else 'ne', a[0],
			    None)
		if mn in ('ba', 'b'):
			return ('b', None, a[0], None)
		if mn == 'membar':
			mask = ops.replace(' ', '')
			if re.search(r'#(StoreLoad|Sync|MemIssue)', mask):
				return ('fence', 'mfence')
			return ('nop',)
		if mn in ('ld', 'ldub', 'lduw', 'lduh', 'ldx'):
			return ('ld', self.reg(a[1]), self.mem(a[0]), None, ())
		if mn in ('st', 'stb', 'stw', 'sth', 'stx'):
			return ('st', self.src(a[0]), self.mem(a[1]), None, ())
		if mn in ('clr', 'clrb', 'clrh', 'clrx'):
			return ('st', ('imm', 0), self.mem(a[0]), None, ())
		if mn == 'ldstub':
			return ('amo', 'swap', self.reg(a[1]), ('imm', 0xff),
			    self.mem(a[0]), {'atomic'})
		if mn in ('swap', 'swapa'):
			return ('amo', 'swap', self.reg(a[1]), self.reg(a[1]),
			    self.mem(a[0]), {'atomic'})
		if mn in ('cas', 'casa', 'casx'):
			return ('casrd', self.mem(a[0]), self.reg(a[1]),
			    self.reg(a[2]))
		raise Unsupported('SPARC instruction "%s"' % ins)


FRONTS = {'AArch64': AArch64, 'ARM': ARM, 'RISCV': RISCV, 'PPC': PPC,
    'X86': X86, 'SPARC': SPARC}


def lower(front, ins):
	"""Front-end forms that need rewriting into the common ones."""
	if ins[0] == 'sxppc':
		_, rs, ra, rb = ins
		# stwcx.: CR0.EQ set on success; "bne" tests it
		return [('sx', 'FLAGS', rs, ('ppcaddr', ra, rb), set(), True,
		    False)]
	if ins[0] == 'casrd':
		# SPARC cas [x],rs2,rd: compare with rs2, swap rd
		_, base, rs2, rd = ins
		return [('cas', rs2, rd, base, {'r': ('atomic',),
		    'w': ('atomic',)}), ('mov', rd, rs2)]
	return [ins]


# --------------------------------------------------------------------
# Relations on n events as lists of bitmasks

class Rel:
	def __init__(self, n, rows=None):
		self.n = n
		self.r = rows if rows is not None else [0] * n

	@staticmethod
	def pairs(n, ps):
		r = Rel(n)
		for a, b in ps:
			r.r[a] |= 1 << b
		return r

	def __or__(self, o):
		return Rel(self.n, [a | b for a, b in zip(self.r, o.r)])

	def __and__(self, o):
		return Rel(self.n, [a & b for a, b in zip(self.r, o.r)])

	def __sub__(self, o):
		return Rel(self.n, [a & ~b for a, b in zip(self.r, o.r)])

	def __eq__(self, o):
		return self.r == o.r

	def seq(self, o):
		out = []
		for row in self.r:
			x, i = 0, 0
			while row:
				if row & 1:
					x |= o.r[i]
				row >>= 1
				i += 1
			out.append(x)
		return Rel(self.n, out)

	def dom(self, s):		# [S];r
		return Rel(self.n, [row if (s >> i) & 1 else 0
		    for i, row in enumerate(self.r)])

	def rng(self, s):		# r;[S]
		return Rel(self.n, [row & s for row in self.r])

	def inv(self):
		out = [0] * self.n
		for i, row in enumerate(self.r):
			j = 0
			while row:
				if row & 1:
					out[j] |= 1 << i
				row >>= 1
				j += 1
		return Rel(self.n, out)

	def plus(self):
		r = list(self.r)
		for k in range(self.n):
			bk = 1 << k
			rk = r[k]
			for i in range(self.n):
				if r[i] & bk:
					r[i] |= rk
		return Rel(self.n, r)

	def star(self):
		p = self.plus()
		return Rel(self.n, [row | (1 << i)
		    for i, row in enumerate(p.r)])

	def irreflexive(self):
		return all(not (row >> i) & 1 for i, row in enumerate(self.r))

	def acyclic(self):
		return self.plus().irreflexive()

	def empty(self):
		return not any(self.r)

	def range_set(self):
		s = 0
		for row in self.r:
			s |= row
		return s

	def domain_set(self):
		return sum(1 << i for i, row in enumerate(self.r) if row)


class Exec:
	"""One candidate execution and its derived relations."""

	def __init__(self, evs, rf, co):
		n = len(evs)
		self.n, self.evs = n, evs
		bit = lambda pred: sum(1 << i for i, e in enumerate(evs)
		    if pred(e))
		self.R = bit(lambda e: e.kind == 'R')
		self.W = bit(lambda e: e.kind == 'W')
		self.M = self.R | self.W
		self.F = bit(lambda e: e.kind == 'F')
		self.attr = lambda a: bit(lambda e: a in e.attrs)
		self.fset = lambda k: bit(lambda e: e.kind == 'F' and
		    e.fence == k)
		po, loc, ext = [], [], []
		for i, a in enumerate(evs):
			for j, b in enumerate(evs):
				if i == j:
					continue
				if a.tid == b.tid >= 0 and a.poi < b.poi:
					po.append((i, j))
				if a.loc is not None and a.loc == b.loc:
					loc.append((i, j))
				if a.tid != b.tid:
					ext.append((i, j))
		self.po = Rel.pairs(n, po)
		self.loc = Rel.pairs(n, loc)
		self.ext = Rel.pairs(n, ext)
		self.int = Rel(n, [((1 << n) - 1) & ~row & ~(1 << i)
		    for i, row in enumerate(self.ext.r)])
		self.rf = Rel.pairs(n, rf)
		self.co = Rel.pairs(n, co)
		self.fr = self.rf.inv().seq(self.co)
		self.po_loc = self.po & self.loc
		self.com = self.rf | self.co | self.fr
		self.rfe, self.rfi = self.rf & self.ext, self.rf & self.int
		self.coe, self.fre = self.co & self.ext, self.fr & self.ext
		idx = {id(e): i for i, e in enumerate(evs)}
		self.rmw = Rel.pairs(n, [(idx[id(e.rmw)], i)
		    for i, e in enumerate(evs) if e.rmw is not None])
		self.addr = Rel.pairs(n, [(idx[id(r)], i)
		    for i, e in enumerate(evs) for r in e.addr])
		self.data = Rel.pairs(n, [(idx[id(r)], i)
		    for i, e in enumerate(evs) for r in e.data])
		self.ctrl = Rel.pairs(n, [(idx[id(r)], i)
		    for i, e in enumerate(evs) for r in e.ctrl])
		self.amo = Rel.pairs(n, [(idx[id(e.rmw)], i)
		    for i, e in enumerate(evs)
		    if e.rmw is not None and 'amo' in e.attrs])

	def fencerel(self, fmask):
		"""po;[F];po restricted to memory events."""
		return self.po.rng(fmask).seq(self.po).dom(self.M).rng(self.M)

	def cross(self, a, b):
		return Rel(self.n, [b if (a >> i) & 1 else 0
		    for i in range(self.n)])

	def atomicity(self):
		return (self.rmw & self.fre.seq(self.coe)).empty()


def model_tso(x):
	M, R, W = x.M, x.R, x.W
	if not (x.po_loc | x.com).acyclic() or not x.atomicity():
		return False
	ppo = x.po.dom(M).rng(M) - x.cross(W, R)
	mf = x.fencerel(x.fset('mfence'))
	at = x.attr('atomic')
	wr = x.po & x.cross(W, R)
	implied = (wr.dom(at) | wr.rng(at))
	return (ppo | mf | implied | x.rfe | x.fr | x.co).acyclic()


def model_aarch64(x):
	M, R, W = x.M, x.R, x.W
	if not (x.po_loc | x.co | x.fr | x.rf).acyclic() or \
	    not x.atomicity():
		return False
	obs = x.rfe | x.coe | x.fre
	lws = x.po_loc.dom(M).rng(W)
	# local read successor: no same-location write po-between
	plw = x.po_loc.dom(W).rng(R)
	between = x.po_loc.dom(W).rng(W).seq(x.po_loc.rng(R))
	lrs = plw - between
	isb = x.fset('isb')
	dob = (x.addr | x.data | x.ctrl.rng(W) | x.addr.seq(x.po).rng(W) |
	    (x.ctrl | x.addr.seq(x.po)).rng(isb).seq(x.po) |
	    (x.addr | x.data).seq(lrs))
	# an atomic whose result goes to the zero register is no acquire
	noret = x.attr('NoRet')
	A, Q, L = x.attr('A') & ~noret, x.attr('Q'), x.attr('L')
	aob = x.rmw | lrs.dom(x.rmw.range_set()).rng(A | Q)
	full = x.fencerel(x.fset('dmb.full'))
	ld = x.fencerel(x.fset('dmb.ld')).dom(R & ~noret)
	st = x.fencerel(x.fset('dmb.st')).dom(W).rng(W)
	alrange = x.amo.dom(A).rng(L).range_set()
	bob = (full | ld | st | x.po.dom(alrange) |
	    x.po.dom(L).rng(A) | x.po.dom(A | Q) | x.po.rng(L))
	lob = lws | dob | aob | bob
	ob = (obs | lob).dom(M).rng(M)
	return ob.acyclic()


def model_riscv(x):
	M, R, W = x.M, x.R, x.W
	if not (x.po_loc | x.com).acyclic() or not x.atomicity():
		return False
	r1 = x.po_loc.dom(M).rng(W)
	plr = x.po_loc.dom(R).rng(R)
	between = x.po_loc.dom(R).rng(W).seq(x.po_loc.rng(R))
	same_src = x.rf.inv().seq(x.rf)
	r2 = (plr - between) - same_src
	amosc = x.attr('amo') | (x.attr('X') & W)
	r3 = x.rfi.dom(amosc).rng(R)
	r4 = Rel(x.n)
	for i, e in enumerate(x.evs):
		if e.kind != 'F':
			continue
		if e.fence[0] == 'tso':
			pairs = [(R, M), (W, W)]
		else:
			ks = lambda s: ((R if 'r' in s else 0) |
			    (W if 'w' in s else 0))
			pairs = [(ks(e.fence[1]), ks(e.fence[2]))]
		fr_ = x.fencerel(1 << i)
		for p, s in pairs:
			r4 = r4 | fr_.dom(p).rng(s)
	AQ, RL, RC = x.attr('aq'), x.attr('rl'), x.attr('rcsc')
	r5 = x.po.dom(AQ)
	r6 = x.po.rng(RL)
	r7 = x.po.dom(RC).rng(RC)
	r8 = x.rmw
	r9 = x.addr
	r10 = x.data.rng(W)
	r11 = x.ctrl.rng(W)
	r12 = (x.addr | x.data).rng(W).seq(x.rfi).rng(R)
	r13 = x.addr.seq(x.po).rng(W)
	ppo = (r1 | r2 | r3 | r4 | r5 | r6 | r7 | r8 | r9 | r10 | r11 |
	    r12 | r13).dom(M).rng(M)
	return (ppo | x.rfe | x.co | x.fr).acyclic()


def model_cats(x, arm):
	M, R, W = x.M, x.R, x.W
	if not (x.po_loc | x.com).acyclic() or not x.atomicity():
		return False
	mm = lambda r: r.dom(M).rng(M)
	dp = mm(x.addr | x.data)
	rdw = x.po_loc & x.fre.seq(x.rfe)
	detour = x.po_loc & x.coe.seq(x.rfe)
	isy = x.fset('isb' if arm else 'isync')
	ctrlisync = mm(x.ctrl.rng(isy).seq(x.po))
	ctrl = mm(x.ctrl)
	apo = mm(x.addr.seq(x.po))
	ii0 = dp | rdw | x.rfi
	ci0 = ctrlisync | detour
	cc0 = dp | ctrl | apo if arm else dp | mm(x.po_loc) | ctrl | apo
	ic0 = Rel(x.n)
	ii, ic, ci, cc = ii0, ic0, ci0, cc0
	while True:
		nii = ii0 | ci | ic.seq(ci) | ii.seq(ii)
		nic = ic0 | ii | cc | ic.seq(cc) | ii.seq(ic)
		nci = ci0 | ci.seq(ii) | cc.seq(ci)
		ncc = cc0 | ci | ci.seq(ic) | cc.seq(cc)
		if (nii, nic, nci, ncc) == (ii, ic, ci, cc):
			break
		ii, ic, ci, cc = nii, nic, nci, ncc
	ppo = ii.dom(R).rng(R) | ic.dom(R).rng(W)
	if arm:
		ffence = (x.fencerel(x.fset('dmb')) |
		    x.fencerel(x.fset('dmb.st')).dom(W).rng(W))
		lwfence = Rel(x.n)
	else:
		ffence = x.fencerel(x.fset('sync'))
		lwfence = (x.fencerel(x.fset('lwsync')) - x.cross(W, R)) | \
		    x.fencerel(x.fset('eieio')).dom(W).rng(W)
	fences = ffence | lwfence
	hb = ppo | fences | x.rfe
	if not hb.acyclic():
		return False
	hbs = hb.star()
	propbase = (fences | x.rfe.seq(fences)).seq(hbs)
	prop = (propbase.dom(W).rng(W) |
	    x.com.star().seq(propbase.star()).seq(ffence).seq(hbs))
	if not x.fre.seq(prop).seq(hbs).irreflexive():
		return False
	return (x.co | prop).acyclic()


MODELS = {'tso': model_tso, 'aarch64': model_aarch64,
    'riscv': model_riscv, 'ppc': lambda x: model_cats(x, False),
    'arm': lambda x: model_cats(x, True)}


# --------------------------------------------------------------------
# Enumeration

def thread_runs(test, front, domain):
	runs = []
	for tid in range(test.nthreads):
		mach = Machine(front, tid, test.code[tid], None)
		prog = []
		for ins in mach.prog:
			prog.extend(lower(front, ins))
		# relabel: lowering may insert instructions
		if len(prog) != len(mach.prog):
			old = mach.prog
			newpos, k = [], 0
			for ins in old:
				newpos.append(k)
				k += len(lower(front, ins))
			newpos.append(k)
			mach.labels = {l: newpos[p]
			    for l, p in mach.labels.items()}
		mach.prog = [fix_ppcaddr(i) for i in prog]
		out = []
		run_thread(mach, test, domain, out)
		runs.append(out)
	return runs


def fix_ppcaddr(ins):
	if ins[0] == 'sx' and isinstance(ins[3], tuple):
		_, rstat, rs, (_, ra, rb), at, ok, fail = ins
		return ('sx', rstat, rs, ('ppc', ra, rb), at, ok, fail)
	return ins


def check(test, model=None, verbose=False):
	if test.arch not in FRONTS:
		raise Unsupported('architecture %s' % test.arch)
	front = FRONTS[test.arch]()
	mname = model or front.model
	judge = MODELS[mname]
	# canonical register names in the init block and condition
	test.init_reg = {(t, front.reg(r)): v
	    for (t, r), v in test.init_reg.items()}
	locs = set(test.init_mem)
	domain = {l: {v} for l, v in test.init_mem.items()}
	# Read values come from writes; a value needing a longer chain of
	# read-modify-writes than there are stores cannot occur, so that
	# many rounds give every value an execution can read.
	nst = sum(1 for th in test.code for i in th
	    if re.match(r'\s*(st|sw|sd|sb|sh|sc|amo|cas|swp|ld(add|set|clr|eor)'
	    r'|xchg|lock|mov|ldstub|swap|clr)', i, re.I)) + 2
	for _ in range(nst):
		runs = thread_runs(test, front, domain)
		changed = False
		for tr in runs:
			for evs, _ in tr:
				for e in evs:
					if e.loc is None:
						continue
					dl = domain.setdefault(e.loc, set())
					v0 = test.init_mem.get(e.loc, 0)
					for v in (v0, e.val) if e.kind == 'W' else (v0,):
						if v not in dl:
							dl.add(v)
							changed = True
		if not changed:
			break
	for l in domain:
		locs.add(l)
	locs = sorted(locs, key=str)
	pos = neg = 0
	states = {}
	for combo in itertools.product(*runs):
		evs = []
		for tid, (tevs, _) in enumerate(combo):
			for k, e in enumerate(tevs):
				e.poi = k
			evs.extend(tevs)
		inits = []
		for l in locs:
			e = Ev('W', -1, l, test.init_mem.get(l, 0), ('init',))
			inits.append(e)
		allev = inits + evs
		idx = {id(e): i for i, e in enumerate(allev)}
		reads = [i for i, e in enumerate(allev) if e.kind == 'R']
		writes = {}
		for i, e in enumerate(allev):
			if e.kind == 'W':
				writes.setdefault(e.loc, []).append(i)
		cands = []
		ok = True
		for r in reads:
			e = allev[r]
			c = [w for w in writes.get(e.loc, [])
			    if allev[w].val == e.val]
			if not c:
				ok = False
				break
			cands.append(c)
		if not ok:
			continue
		coch = []
		for l in locs:
			ws = writes.get(l, [])
			init, rest = ws[0], ws[1:]
			coch.append([(init,) + p for p in
			    itertools.permutations(rest)])
		for rfsel in itertools.product(*cands):
			rf = list(zip(rfsel, reads))
			for cosel in itertools.product(*coch):
				co = []
				final = {}
				for l, order in zip(locs, cosel):
					co.extend(itertools.combinations(order, 2))
					final[l] = allev[order[-1]].val
				x = Exec(allev, rf, co)
				if not judge(x):
					continue
				env = (final, [regs for _, regs in combo])
				if test.filter is not None and \
				    not evalp(test.filter, env, front):
					continue
				sat = evalp(test.cond, env, front)
				if sat:
					pos += 1
				else:
					neg += 1
				if verbose:
					key = state_str(test, env, front)
					states[key] = states.get(key, 0) + 1
	return pos, neg, states


def lookup(atom, env, front):
	final, regs = env
	m = re.fullmatch(r'(\d+):(.+)', atom)
	if m:
		tid = int(m.group(1))
		r = front.reg(m.group(2))
		if tid >= len(regs):
			raise Unsupported('no thread %d' % tid)
		return regs[tid].get(r, (0, None))[0]
	return final.get(atom, 0)


def evalp(p, env, front):
	k = p[0]
	if k == 'true':
		return True
	if k == 'not':
		return not evalp(p[1], env, front)
	if k == 'and':
		return evalp(p[1], env, front) and evalp(p[2], env, front)
	if k == 'or':
		return evalp(p[1], env, front) or evalp(p[2], env, front)
	v = lookup(p[1], env, front)
	if isinstance(v, bool):
		v = int(v)
	return v == p[2]


def atoms(p, out):
	if p[0] == 'eq':
		out.append(p[1])
	elif p[0] != 'true':
		for q in p[1:]:
			atoms(q, out)
	return out


def state_str(test, env, front):
	names = []
	for a in atoms(test.cond, []) + test.locations:
		if a not in names:
			names.append(a)
	return ' '.join('%s=%s;' % (a, lookup(a, env, front)) for a in names)


def main(argv):
	verbose, model, files = False, None, []
	args = list(argv)
	while args:
		a = args.pop(0)
		if a == '-v':
			verbose = True
		elif a == '-m':
			model = args.pop(0)
		elif a == '-x':
			PPC.sc_dep = True
		else:
			files.append(a)
	if not files:
		print('usage: litmus.py [-v] [-x] '
		    '[-m tso|aarch64|riscv|ppc|arm] FILE...', file=sys.stderr)
		return 2
	rc = 0
	for f in files:
		try:
			with open(f) as fp:
				t = parse(fp.read())
			pos, neg, states = check(t, model, verbose)
		except Unsupported as e:
			print('%s: unsupported: %s' % (f, e), file=sys.stderr)
			rc = 2
			continue
		except OSError as e:
			print('%s: %s' % (f, e), file=sys.stderr)
			rc = 2
			continue
		if t.quant == 'forall':
			p, n = pos, neg
			word = 'Never' if p == 0 else ('Always' if n == 0
			    else 'Sometimes')
		else:
			p, n = pos, neg
			word = 'Never' if p == 0 else ('Always' if n == 0
			    else 'Sometimes')
		if verbose:
			kind = {'exists': 'Allowed', '~exists': 'Forbidden',
			    'forall': 'Required'}[t.quant]
			print('Test %s %s' % (t.name, kind))
			print('States %d' % len(states))
			for s in sorted(states):
				print(s)
			print('Condition %s (%s)' % (t.quant, t.cond_text))
		print('Observation %s %s %d %d' % (t.name, word, p, n))
	return rc


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))
