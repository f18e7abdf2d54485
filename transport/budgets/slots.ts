/**
 * How a rolling limit ("at most L calls in any W ms", the way QuickBooks and HubSpot count) is kept with a
 * fixed-window counter, which is what rate-limiter-flexible keeps in Redis. Time is cut into short slots
 * aligned on the clock, each slot allows `points` calls, and the slots are short enough that any rolling
 * window, widened by the time a granted call may take to reach the server (`marginMs`), touches so few
 * slots that their points add up to at most L. A plain fixed window of W with L points would let 2L
 * through around its edge.
 */

export interface SlotPlan {
	/** Calls one slot allows. */
	points: number;
	/** Length of a slot. */
	slotMs: number;
}

/**
 * The slot plan for at most `limit` calls in any `windowMs`, a call reaching the server up to `marginMs`
 * after its grant. A rolling span of T ms touches at most ceil(T / slot) + 1 aligned slots, so with
 * n = floor(limit / points) slots allowed, a slot of (windowMs + marginMs) / (n - 1) is safe. The points
 * per slot are chosen for the highest steady rate; of equal rates the fewer, longer slots win (fewer keys).
 */
export function slotPlan(limit: number, windowMs: number, marginMs: number): SlotPlan {
	if (!Number.isInteger(limit) || limit < 2) throw new Error(`A shared budget needs a limit of at least 2 calls per window (got ${limit})`);
	if (!(windowMs > 0) || !(marginMs >= 0)) throw new Error('A shared budget needs a positive window and a margin of 0 or more');
	let best: SlotPlan & { rate: number } = { points: 1, slotMs: 0, rate: 0 };
	for (let points = 1; points <= Math.floor(limit / 2); points++) {
		const slots = Math.floor(limit / points);
		const slotMs = Math.ceil((windowMs + marginMs) / (slots - 1));
		const rate = points / slotMs;
		// 1 % worse for far fewer keys is a good trade (a 500-per-minute budget: 10 points per 1.2 s, not 1 per 0.12 s).
		if (rate > best.rate * 1.01 || (rate >= best.rate * 0.99 && slotMs > best.slotMs && points > best.points)) best = { points, slotMs, rate };
	}
	return { points: best.points, slotMs: best.slotMs };
}

/** The slot a moment falls in, and when that slot ends. */
export function slotAt(plan: SlotPlan, now: number): { index: number; endsAt: number } {
	const index = Math.floor(now / plan.slotMs);
	return { index, endsAt: (index + 1) * plan.slotMs };
}

/** The most calls a plan lets reach the server in any rolling window (for tests and the README). */
export function mostInAnyWindow(plan: SlotPlan, windowMs: number, marginMs: number): number {
	return (Math.ceil((windowMs + marginMs) / plan.slotMs) + 1) * plan.points;
}
