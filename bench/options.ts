/** Command line of `npm run bench` (tsx bench/run.ts). */
import type { ContenderId } from './contenders/types';

export interface BenchOptions {
	sizes: number[];
	contenders: ContenderId[];
	latencyMs: [number, number];
	seed: number;
	smoke: boolean;
	/** Run (b) and (c) above LARGE_N too (they take an hour or more there). */
	allContendersAtLargeN: boolean;
	write: boolean;
	/** Run the reconciliation benchmark (bench/reconcile.ts) instead of the sync contenders. */
	reconcile: boolean;
	/** Run the queue-mode benchmark (bench/queue.ts) instead of the sync contenders. */
	queue: boolean;
}

/** Above this N only contender (a) runs unless --all-contenders (N = 10,000 is the memory target of (a)). */
export const LARGE_N = 1000;

export const USAGE = `npm run bench -- [options]

  --n 100,1000          invoice counts (default 100,1000; env BENCH_N). 10000 is the memory target of (a).
  --contenders a,b,c    which contenders (default a,b,c; env BENCH_CONTENDERS)
                          a = our nodes in bulk, b = our nodes one item per execution,
                          c = n8n's built-in nodes only (HTTP Request for HubSpot + the built-in QuickBooks node)
  --latency 80,150      added latency per call in ms, min,max (default 80,150; env BENCH_LATENCY)
  --seed 7              seed of the generated HubSpot data (default 7)
  --smoke               N = 20, latency 5,15 ms: proves the wiring in well under a minute
                          (results go to bench/results/smoke.tmp.json, not latest.json)
  --all-contenders      also run (b) and (c) for N > ${LARGE_N} (slow: hours at N = 10,000)
  --reconcile           Reconcile With HubSpot over N invoices instead (default N = 10000; bench/reconcile.ts)
  --queue               n8n queue mode instead: N invoices (default 1000) on one company, then 3 companies x 300,
                          with 1 and 2 workers (bench/queue.ts; results in bench/results/queue.json)
  --no-write            print only
  --help`;

function list(value: string, name: string): string[] {
	const parts = value.split(',').map((part) => part.trim()).filter(Boolean);
	if (parts.length === 0) throw new Error(`${name} needs a value`);
	return parts;
}

function positiveIntegers(value: string, name: string): number[] {
	return list(value, name).map((part) => {
		const number = Number(part.replace(/_/g, ''));
		if (!Number.isInteger(number) || number <= 0) throw new Error(`${name}: ${part} is not a positive whole number`);
		return number;
	});
}

function latency(value: string): [number, number] {
	const numbers = list(value, '--latency').map(Number);
	if (numbers.length > 2 || numbers.some((number) => !Number.isFinite(number) || number < 0)) throw new Error('--latency takes min,max in ms');
	const [min, max = min] = numbers;
	if (max < min) throw new Error('--latency: max is below min');
	return [min, max];
}

function contenders(value: string): ContenderId[] {
	const ids = list(value, '--contenders').map((id) => id.toLowerCase().replace(/[()]/g, ''));
	for (const id of ids) if (!['a', 'b', 'c'].includes(id)) throw new Error(`--contenders: unknown contender ${id} (a, b or c)`);
	return [...new Set(ids)].sort() as ContenderId[];
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions | 'help' {
	const options: BenchOptions = {
		sizes: env.BENCH_N ? positiveIntegers(env.BENCH_N, 'BENCH_N') : [100, 1000],
		contenders: env.BENCH_CONTENDERS ? contenders(env.BENCH_CONTENDERS) : ['a', 'b', 'c'],
		latencyMs: env.BENCH_LATENCY ? latency(env.BENCH_LATENCY) : [80, 150],
		seed: 7,
		smoke: false,
		allContendersAtLargeN: false,
		write: true,
		reconcile: false,
		queue: false,
	};
	let sizesGiven = false;
	let latencyGiven = false;
	for (let index = 0; index < argv.length; index += 1) {
		const arg = argv[index];
		const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const value = () => {
			const next = inline ?? argv[++index];
			if (next === undefined) throw new Error(`${flag} needs a value`);
			return next;
		};
		switch (flag) {
			case '--help':
			case '-h':
				return 'help';
			case '--n':
				options.sizes = positiveIntegers(value(), '--n');
				sizesGiven = true;
				break;
			case '--contenders':
				options.contenders = contenders(value());
				break;
			case '--latency':
				options.latencyMs = latency(value());
				latencyGiven = true;
				break;
			case '--seed':
				options.seed = positiveIntegers(value(), '--seed')[0];
				break;
			case '--smoke':
				options.smoke = true;
				break;
			case '--all-contenders':
				options.allContendersAtLargeN = true;
				break;
			case '--reconcile':
				options.reconcile = true;
				break;
			case '--queue':
				options.queue = true;
				break;
			case '--no-write':
				options.write = false;
				break;
			default:
				throw new Error(`unknown option ${arg}\n\n${USAGE}`);
		}
	}
	if (options.reconcile && !sizesGiven && !env.BENCH_N) options.sizes = [10_000];
	if (options.queue && !sizesGiven && !env.BENCH_N) options.sizes = [1000];
	if (options.smoke) {
		if (!sizesGiven) options.sizes = [20];
		if (!latencyGiven) options.latencyMs = [5, 15];
	}
	return options;
}
