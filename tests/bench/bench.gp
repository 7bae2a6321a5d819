# SPDX-License-Identifier: BSD-2-Clause
# Throughput against thread count, one line per lock, from the
# throughput.dat that bench writes.  make bench runs it as
#	gnuplot -e "datafile='...'" -e "outfile='...'" bench.gp

if (!exists("datafile")) datafile = 'throughput.dat'
if (!exists("outfile")) outfile = 'bench.png'

set terminal pngcairo size 1100,700 noenhanced font ",10"
set output outfile
set title "Lock throughput, empty critical section (threads pinned round-robin)"
set xlabel "threads"
set ylabel "acquisitions per second (all threads)"
set logscale x 2
set logscale y 10
set format y "%.0s%c"
set key outside right top
set grid
set datafile missing "NaN"
stats datafile skip 1 nooutput
ncols = STATS_columns
# Past the eight default colours, lines are dashed.
dash(i) = 1 + (i > 9)
plot for [i=2:ncols] datafile using 1:i with linespoints \
	title columnheader(i) lw 2 pt (i % 13) dt dash(i)
