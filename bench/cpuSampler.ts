/**
 * Where a benchmark run's CPU goes, per process group, sampled from /proc (Linux) once a second: each
 * process's user + system time, summed by the part it belongs to (n8n main, each worker with its task
 * runners, redis-server, PostgreSQL, this process with the simulators, everything else on the machine),
 * and the machine's busy share of all its cores. Elsewhere than Linux it reports nothing.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** How a process is matched to a part of the run; the first match wins, children follow their parent. */
export interface CpuPart {
	name: string;
	matches(process: ProcessStat): boolean;
}

export interface ProcessStat {
	pid: number;
	ppid: number;
	pgrp: number;
	comm: string;
	/** user + system time in clock ticks. */
	ticks: number;
}

export interface CpuFigures {
	seconds: number;
	/** Seconds of CPU per part, and the mean and peak share of one core while the run lasted. */
	parts: Record<string, { cpu_s: number; mean_core_pct: number; peak_core_pct: number }>;
	/** The machine's cores: how busy all of them were on average, and the share of samples at >= 90 %. */
	machine: { cores: number; mean_busy_pct: number; samples_over_90_pct: number; samples: number };
}

/** Linux's USER_HZ: /proc reports times in 1/100 s on every architecture n8n runs on. */
const TICKS_PER_SECOND = 100;

function readStat(pid: number): ProcessStat | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name is in parentheses and may hold spaces; the fields after it are fixed.
		const close = text.lastIndexOf(')');
		const comm = text.slice(text.indexOf('(') + 1, close);
		const fields = text.slice(close + 2).split(' ');
		return { pid, comm, ppid: Number(fields[1]), pgrp: Number(fields[2]), ticks: Number(fields[11]) + Number(fields[12]) };
	} catch {
		return undefined; // it ended between the listing and the read
	}
}

function machineTicks(): { busy: number; total: number } {
	const [line] = readFileSync('/proc/stat', 'utf8').split('\n');
	const values = line.trim().split(/\s+/).slice(1).map(Number);
	const idle = values[3] + (values[4] ?? 0);
	const total = values.reduce((sum, value) => sum + value, 0);
	return { busy: total - idle, total };
}

function snapshot(): Map<number, ProcessStat> {
	const processes = new Map<number, ProcessStat>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const stat = readStat(Number(entry));
		if (stat) processes.set(stat.pid, stat);
	}
	return processes;
}

/** The part of each process: its own match, or its nearest matched ancestor's, or "other". */
function partsOf(processes: Map<number, ProcessStat>, parts: CpuPart[]): Map<number, string> {
	const byPid = new Map<number, string>();
	const resolve = (pid: number, depth: number): string => {
		const known = byPid.get(pid);
		if (known) return known;
		const stat = processes.get(pid);
		if (!stat || depth > 64) return 'other';
		const own = parts.find((part) => part.matches(stat))?.name;
		const name = own ?? (stat.ppid > 1 ? resolve(stat.ppid, depth + 1) : 'other');
		byPid.set(pid, name);
		return name;
	};
	for (const pid of processes.keys()) resolve(pid, 0);
	return byPid;
}

export interface CpuSampler {
	stop(): CpuFigures | undefined;
}

/** Samples every `intervalMs` until stop(); `parts()` is asked at every sample (workers may be added). */
export function startCpuSampler(parts: () => CpuPart[], intervalMs = 1000): CpuSampler {
	if (!existsSync('/proc/stat')) return { stop: () => undefined };
	const startedAt = Date.now();
	let previous = snapshot();
	let previousMachine = machineTicks();
	let previousAt = startedAt;
	const totals = new Map<string, number>();
	const peaks = new Map<string, number>();
	const busyShares: number[] = [];
	const sample = () => {
		const now = snapshot();
		const machine = machineTicks();
		const names = partsOf(now, parts());
		const perPart = new Map<string, number>();
		for (const [pid, stat] of now) {
			// A process new since the last sample counts from zero (its start-up is part of the run).
			const spent = stat.ticks - (previous.get(pid)?.ticks ?? 0);
			if (spent <= 0) continue;
			const name = names.get(pid) ?? 'other';
			perPart.set(name, (perPart.get(name) ?? 0) + spent);
		}
		// The timer runs late on a busy machine: a share of one core is per the time that really passed.
		const at = Date.now();
		const elapsedMs = Math.max(1, at - previousAt);
		const elapsedTicks = (elapsedMs / 1000) * TICKS_PER_SECOND;
		previousAt = at;
		// The last, shorter sample adds its time but no peak or busy share: a few 10 ms ticks would read as a spike.
		const whole = elapsedMs >= intervalMs / 2;
		for (const [name, ticks] of perPart) {
			totals.set(name, (totals.get(name) ?? 0) + ticks);
			if (whole) peaks.set(name, Math.max(peaks.get(name) ?? 0, (100 * ticks) / elapsedTicks));
		}
		const total = machine.total - previousMachine.total;
		if (total > 0 && whole) busyShares.push((100 * (machine.busy - previousMachine.busy)) / total);
		previous = now;
		previousMachine = machine;
	};
	const timer = setInterval(sample, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			sample();
			const seconds = (Date.now() - startedAt) / 1000;
			const round = (value: number) => Math.round(value * 10) / 10;
			const figures: CpuFigures['parts'] = {};
			for (const [name, ticks] of [...totals].sort((a, b) => b[1] - a[1])) {
				const cpu = ticks / TICKS_PER_SECOND;
				figures[name] = { cpu_s: round(cpu), mean_core_pct: round((100 * cpu) / seconds), peak_core_pct: round(Math.min(peaks.get(name) ?? 0, 100 * availableParallelism())) };
			}
			const mean = busyShares.reduce((sum, share) => sum + share, 0) / Math.max(1, busyShares.length);
			return {
				seconds: round(seconds),
				parts: figures,
				machine: {
					cores: availableParallelism(),
					mean_busy_pct: round(mean),
					samples_over_90_pct: round((100 * busyShares.filter((share) => share >= 90).length) / Math.max(1, busyShares.length)),
					samples: busyShares.length,
				},
			};
		},
	};
}

/** A detached process group's leader started in `dir` (n8n main and workers each run in their own user folder). */
export function byWorkingDirectory(name: string, dir: string): CpuPart {
	return {
		name,
		matches: (stat) => {
			if (stat.pid !== stat.pgrp) return false;
			try {
				return readlinkSync(`/proc/${stat.pid}/cwd`) === dir;
			} catch {
				return false;
			}
		},
	};
}

/** A part matched by pid. */
export const byPid = (name: string, pid: number): CpuPart => ({ name, matches: (stat) => stat.pid === pid });

/** A part matched by its command name and its command line (redis-server shows its address there). */
export function byCommandLine(name: string, comm: string, contains: string): CpuPart {
	return {
		name,
		matches: (stat) => {
			if (stat.comm !== comm) return false;
			try {
				return readFileSync(`/proc/${stat.pid}/cmdline`, 'utf8').includes(contains);
			} catch {
				return false;
			}
		},
	};
}
