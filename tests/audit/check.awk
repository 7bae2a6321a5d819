# SPDX-License-Identifier: BSD-2-Clause
# check.awk: the ordering audit on `objdump -dr --no-show-raw-insn` of
# audit.c's object (see audit.sh for the rule variables, one regular
# expression per instruction class, matched against "mnemonic operands").
#
# Acquire: every path from audit_lock's and audit_try's entry to their
# *_held_* markers must pass an atomic on the lock and then, unless the
# atomic is itself an acquire, an acquire barrier.  Release: every path
# from the audit_unlock_from_* marker to the return must meet a release
# barrier (unless TSO=1) before the first store, and must store.  Both
# walk the control-flow graph, delay slots included.  Prints each
# violation and exits 1 if there were any.  SKIP is an instruction that
# may nullify the next one (PA-RISC's compare-and-clear).

function hex(s,    i, c, v) {
	v = 0
	s = tolower(s)
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1))
		if (c == 0)
			return -1
		v = v * 16 + c - 1
	}
	return v
}

function is(re, t) { return re != "" && t ~ re }

function lastop(ops,    n, a) {
	gsub(/ /, "", ops)
	n = split(ops, a, ",")
	return a[n]
}

# The instructions that follow instruction k when it has run, as a
# comma-separated list of indices, X for leaving the function.
function succ(k,    t, nx) {
	t = text[k]
	nx = is(DELAY, t) ? k + 2 : k + 1
	if (is(RET, t))
		return "X"
	if (is(CALL, t))
		return nx
	if (is(SKIP, t))
		return nx "," (nx + 1)
	if (target[k] != "" && !is(NOTBR, t)) {
		if (!(target[k] in at)) {
			bad++
			printf "%s: branch at %x to %x, not an instruction\n",
			    fn, addr[k], target[k]
			return "X"
		}
		if (is(JMP, t))
			return at[target[k]]
		return at[target[k]] "," nx
	}
	return nx
}

function push(k, st, after,    key) {
	key = k SUBSEP st SUBSEP after
	if (key in seen)
		return
	seen[key] = 1
	sp++
	sk[sp] = k; ss[sp] = st; sa[sp] = after
}

# Follow the successors, through a delay slot if there is one.
function flow(k, st,    s, n, a, i, t) {
	t = text[k]
	s = succ(k)
	if (is(DELAY, t) && k < ninsn) {
		push(k + 1, st, s)
		if (!is(ANNUL, t))
			return
	}
	n = split(s, a, ",")
	for (i = 1; i <= n; i++)
		if (a[i] == "X")
			leave(k, st)
		else
			push(a[i] + 0, st, "")
}

function then(k, st, after,    n, a, i) {
	if (after == "") {
		flow(k, st)
		return
	}
	n = split(after, a, ",")
	for (i = 1; i <= n; i++)
		if (a[i] == "X")
			leave(k, st)
		else
			push(a[i] + 0, st, "")
}

# A call to the compiler's atomics library: "fence" for a barrier
# alone, "atomic" for an atomic at least as strong as an acquire (and,
# for a store, a release), "relaxed" for one that orders nothing.
function libcall(k,    r) {
	if (!is(CALL, text[k]))
		return ""
	r = reloc[k]
	if (r ~ /^__sync_synchronize/)
		return "fence"
	if (r ~ /^__(sync|atomic)_/)
		return "atomic"
	if (r ~ /^__aarch64_[a-z]+[0-9]+_(acq|acq_rel|sync)$/)
		return "atomic"
	if (r ~ /^__aarch64_[a-z]+[0-9]+_(relax|rel)$/)
		return "relaxed"
	return ""
}

# Acquire state: seen pending armed lladdr atomaddr (space-separated).
function acquire_step(k, st,    f, t, lc) {
	split(st, f, " ")
	t = text[k]
	if ((lc = libcall(k)) == "fence")
		f[2] = 0
	else if (lc != "") {
		f[1] = 1; f[2] = (lc == "relaxed"); f[5] = sprintf("%x", addr[k])
	} else if (is(LLACQ, t)) {
		f[1] = 1; f[2] = 0; f[3] = 1; f[4] = lastop(ops[k])
	} else if (is(LL, t)) {
		f[1] = 1; f[2] = 0; f[3] = 0; f[4] = lastop(ops[k])
	} else if (is(SC, t)) {
		if (f[4] == "-" || f[4] == lastop(ops[k])) {
			f[1] = 1; f[2] = f[3] ? 0 : 1; f[5] = sprintf("%x", addr[k])
		}
	} else if (is(ACQATOM, t)) {
		f[1] = 1; f[2] = 0; f[5] = sprintf("%x", addr[k])
	} else if (is(ATOM, t)) {
		f[1] = 1; f[2] = 1; f[5] = sprintf("%x", addr[k])
	} else if (is(ACQF, t))
		f[2] = 0
	return f[1] " " f[2] " " f[3] " " f[4] " " f[5]
}

# Release state: needbarrier stored.
function release_step(k, st,    f, t, w, lc) {
	split(st, f, " ")
	t = text[k]
	if ((lc = libcall(k)) == "fence" || lc == "atomic") {
		f[1] = 0
		if (lc == "atomic")
			f[2] = 1
		return f[1] " " f[2]
	}
	if (lc == "relaxed") {
		if (f[1] && !f[2]) {
			bad++
			printf "%s: relaxed atomic call at %x with no release " \
			    "barrier before it\n", fn, addr[k]
		}
		f[2] = 1
		return f[1] " " f[2]
	}
	w = is(STORE, t) || is(SC, t) || is(ATOM, t) || is(ACQATOM, t)
	if (is(RELST, t))
		f[2] = 1
	else if (w) {
		if (f[1] && !f[2]) {
			bad++
			printf "%s: store at %x (%s) with no release barrier " \
			    "before it\n", fn, addr[k], t
		}
		f[2] = 1
	}
	if (is(RELF, t))
		f[1] = 0
	return f[1] " " f[2]
}

function leave(k, st,    f) {
	if (mode != "release")
		return
	split(st, f, " ")
	if (!f[2]) {
		bad++
		printf "%s: returns at %x without storing to the lock\n",
		    fn, addr[k]
	}
}

function held(k,    a) {
	return (addr[k] in mark) && mark[addr[k]] ~ /_held_/
}

function walk(name, start, st0, m,    k, st, after, f) {
	fn = name
	mode = m
	delete seen
	sp = 0
	reached = 0
	push(start, st0, "")
	while (sp > 0) {
		k = sk[sp]; st = ss[sp]; after = sa[sp]; sp--
		if (k > ninsn) {
			bad++
			printf "%s: falls off the end of the code\n", fn
			continue
		}
		if (mode == "acquire" && held(k) && after == "") {
			reached++
			split(st, f, " ")
			if (!f[1]) {
				bad++
				printf "%s: reaches %s with no atomic on the " \
				    "lock\n", fn, mark[addr[k]]
			} else if (f[2]) {
				bad++
				printf "%s: reaches %s with no acquire barrier " \
				    "after the atomic at %s\n", fn,
				    mark[addr[k]], f[5]
			}
			continue
		}
		if (mode == "acquire")
			st = acquire_step(k, st)
		else
			st = release_step(k, st)
		then(k, st, after)
	}
	if (mode == "acquire" && !reached) {
		bad++
		printf "%s: no path reaches its marker\n", fn
	}
}

# objdump -t: markers and functions in .text (a marker at a function's
# first instruction gets no heading in the disassembly).
/^[0-9a-f]+ .* \.text\t[0-9a-f]+ / {
	a = hex($1)
	name = $NF
	if (!(name in sym)) {
		sym[name] = a
		mark[a] = mark[a] " " name
	}
	next
}

/^[0-9a-f]+ <[^>]+>:$/ {
	a = hex($1)
	name = $2
	gsub(/[<>:]/, "", name)
	sub(/^\./, "", name)
	if (!(name in sym)) {
		sym[name] = a
		mark[a] = mark[a] " " name
	}
	next
}

/^[ \t]*[0-9a-f]+: R_/ {
	if (ninsn > 0)
		reloc[ninsn] = $3
	next
}

/^[ \t]*[0-9a-f]+:\t/ {
	line = $0
	sub(/^[ \t]*/, "", line)
	a = hex(substr(line, 1, index(line, ":") - 1))
	t = substr(line, index(line, ":") + 1)
	sub(/[ \t]*\/\/.*$/, "", t)
	sub(/[ \t]+# .*$/, "", t)
	gsub(/[ \t]+/, " ", t)
	sub(/^ /, "", t)
	sub(/ $/, "", t)
	if (t == "")
		next
	ninsn++
	addr[ninsn] = a
	at[a] = ninsn
	text[ninsn] = t
	ops[ninsn] = (index(t, " ") ? substr(t, index(t, " ") + 1) : "")
	target[ninsn] = ""
	if (match(t, /[0-9a-f]+ <[^>]*>/)) {
		tg = substr(t, RSTART, RLENGTH)
		target[ninsn] = hex(substr(tg, 1, index(tg, " ") - 1))
	}
	next
}

END {
	bad = 0
	for (name in sym)
		if (name ~ /^audit_(lock|try)$/)
			walk(name, at[sym[name]], "0 0 0 - -", "acquire")
	for (name in sym)
		if (name ~ /^audit_unlock_from_/)
			walk("audit_unlock", at[sym[name]],
			    (TSO ? 0 : 1) " 0", "release")
	if (!("audit_lock" in sym) || !("audit_try" in sym))
		{ bad++; print "audit_lock or audit_try not found" }
	n = 0
	for (name in sym)
		if (name ~ /^audit_unlock_from_/)
			n++
	if (n == 0)
		{ bad++; print "audit_unlock's marker not found" }
	exit bad != 0
}
