/**
 * n8n-workflow runs the regular expressions of its parameter checks (resource locators among them) in a vm with a
 * 250 ms bound against runaway patterns. On a busy 2-core CI machine a test process can be descheduled that long
 * while a trivial pattern runs, and the run fails with "Regular expression execution timed out" although nothing is
 * wrong. Tests keep n8n's engine, the same vm and the same error, with a bound a busy machine meets (the reason
 * jest's testTimeout is generous too): a pattern that really runs away still fails.
 */
import { createContext, Script } from 'node:vm';

import { setSafeRegexEngine, type RegexEngine } from 'n8n-workflow';

const BOUND_MS = 10_000;

interface Slots {
	pattern: string;
	flags: string;
	input: string;
	replacement: string;
	result: unknown;
}

const slots: Slots = { pattern: '', flags: '', input: '', replacement: '', result: undefined };
const context = createContext(slots);
const scripts = {
	exec: new Script('result = new RegExp(pattern, flags).exec(input)'),
	test: new Script('result = new RegExp(pattern, flags).test(input)'),
	replace: new Script('result = input.replace(new RegExp(pattern, flags), replacement)'),
	matchAll: new Script('result = Array.from(input.matchAll(new RegExp(pattern, flags)))'),
	split: new Script('result = input.split(new RegExp(pattern, flags))'),
};

function run<T>(script: Script, values: Partial<Slots>): T {
	Object.assign(context, { flags: '', replacement: '', ...values, result: undefined });
	try {
		script.runInContext(context, { timeout: BOUND_MS });
		return (context as Slots).result as T;
	} catch (error) {
		if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new Error('Regular expression execution timed out');
		throw error;
	}
}

const engine: RegexEngine = {
	exec: (pattern, input, flags) => run(scripts.exec, { pattern, input, flags }),
	test: (pattern, input, flags) => run(scripts.test, { pattern, input, flags }),
	replace: (pattern, input, flags, replacement) => run(scripts.replace, { pattern, input, flags, replacement }),
	matchAll: (pattern, input, flags = '') => run(scripts.matchAll, { pattern, input, flags: flags.includes('g') ? flags : `${flags}g` }),
	split: (pattern, input, flags) => run(scripts.split, { pattern, input, flags }),
};

/** n8n's regular expressions from here on run under the longer bound. */
export function useBusyMachineRegexBound(): void {
	setSafeRegexEngine(engine);
}
