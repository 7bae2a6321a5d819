#!/usr/bin/env python3
#	$simplelock: tests/litmus/verify.py $
# SPDX-License-Identifier: BSD-2-Clause
#
# verify.py [-q] [-x] [-f FINDINGS] TABLE...: runs tools/litmus/litmus.py
# on every test of each verdicts table (NAME, Allowed|Forbidden|report,
# a note; the files NAME.litmus beside it) and compares.  Prints one
# line per test: "ok", "MISMATCH", or "known" where FINDINGS (lines of
# GLOB, verdict, reason) records a different verdict on purpose; exits
# 1 on any mismatch or error.  -q prints mismatches only; -x passes -x
# to the checker.
# verify.py -s REPORT: the per-configuration summary of such a report.

import fnmatch
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True	# no __pycache__ in the source tree
sys.path.insert(0, os.path.join(HERE, '..', '..', 'tools', 'litmus'))
import litmus  # noqa: E402

PROPS = ['MP-lock', 'MP-try', 'LB-lock', 'LB-try', 'WW-lock', 'WW-try',
    'MX-lock-lock', 'MX-lock-try', 'MX-try-try', 'FT-try', 'QN-link']


def observe(path):
	with open(path) as f:
		t = litmus.parse(f.read())
	pos, neg, _ = litmus.check(t)
	word = 'Never' if pos == 0 else ('Always' if neg == 0 else 'Sometimes')
	return t.name, word, pos, neg


def summary(report):
	rows, order, bad = {}, [], 0
	for ln in open(report):
		f = ln.split()
		if len(f) < 8 or f[2] != 'Observation':
			continue
		name, word, st = f[3], f[4], f[0]
		if name.endswith('+reach'):
			if st == 'MISMATCH':
				bad += 1
				print('vacuous: %s never acquires' % name)
			continue
		for p in PROPS:
			if name.endswith('-' + p):
				tag = name[:-len(p) - 1]
				break
		else:
			continue
		if tag not in rows:
			rows[tag] = {}
			order.append(tag)
		mark = {'ok': '', 'known': '*', 'MISMATCH': '!'}.get(st, '?')
		rows[tag][p] = word[0] + mark
		bad += st == 'MISMATCH'
	print('%-28s %s' % ('configuration', ' '.join('%-6s' % p.replace(
	    'lock', 'l').replace('try', 't') for p in PROPS)))
	for tag in order:
		print('%-28s %s' % (tag, ' '.join('%-6s' % rows[tag].get(p, '-')
		    for p in PROPS)))
	print('N = Never, S = Sometimes, A = Always; required: N everywhere '
	    'but FT-t (reported); QN-link: the queue hand-off (rqs); '
	    '* known finding (findings.tab); ! MISMATCH')
	print('%d configurations, %d mismatches' % (len(order), bad))
	return 1 if bad else 0


def main(args):
	quiet, findings = False, []
	while args and args[0].startswith('-'):
		a = args.pop(0)
		if a == '-q':
			quiet = True
		elif a == '-x':
			litmus.PPC.sc_dep = True
		elif a == '-f':
			for ln in open(args.pop(0)):
				if ln.startswith('#') or not ln.strip():
					continue
				g, v, why = ln.rstrip('\n').split('\t')[:3]
				findings.append((g, v, why))
		elif a == '-s':
			return summary(args.pop(0))
	bad = total = 0
	for tab in args:
		d = os.path.dirname(tab)
		for ln in open(tab):
			if ln.startswith('#') or not ln.strip():
				continue
			name, want = ln.rstrip('\n').split('\t')[:2]
			total += 1
			path = os.path.join(d, name + '.litmus')
			try:
				tn, word, p, n = observe(path)
			except (litmus.Unsupported, OSError) as e:
				print('MISMATCH  %s: ERROR %s' % (path, e))
				bad += 1
				continue
			got = 'Forbidden' if word == 'Never' else 'Allowed'
			st = 'ok' if got == want or want not in ('Allowed',
			    'Forbidden') else 'MISMATCH'
			why = ''
			for g, v, w in findings:
				if fnmatch.fnmatchcase(name, g):
					if got == v and st == 'MISMATCH':
						st, why = 'known', ' [%s]' % w
					elif st == 'ok' and want in ('Allowed',
					    'Forbidden'):
						# a finding that no longer holds
						st, why = 'MISMATCH', ' [finding gone: %s]' % w
					break
			if st == 'MISMATCH':
				bad += 1
			if st != 'ok' or not quiet:
				print('%-9s %s: Observation %s %s %d %d (want %s)%s' % (
				    st, path, tn, word, p, n, want, why))
	print('%d tests, %d mismatches' % (total, bad))
	return 1 if bad else 0


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))
