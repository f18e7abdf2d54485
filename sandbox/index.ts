/** Both simulators together: what the tests, the demo and the benchmark start. */
import { seedHubSpot, startHubSpotSimulator, type HubSpotSimulator, type HubSpotSimulatorOptions } from './hubspot';
import { startQuickBooksSimulator, type QuickBooksSimulator, type QuickBooksSimulatorOptions } from './quickbooks/simulator';

export { startHubSpotSimulator, seedHubSpot, type HubSpotSimulator } from './hubspot';
export { startQuickBooksSimulator, type QuickBooksSimulator } from './quickbooks/simulator';

export interface Sandbox {
	hubspot: HubSpotSimulator;
	quickbooks: QuickBooksSimulator;
	close(): Promise<void>;
}

export interface SandboxOptions {
	hubspot?: HubSpotSimulatorOptions;
	quickbooks?: QuickBooksSimulatorOptions;
	/** HubSpot invoices to seed (deterministic); none by default. */
	invoices?: number;
	seed?: number;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const hubspot = await startHubSpotSimulator(options.hubspot);
	const quickbooks = await startQuickBooksSimulator(options.quickbooks);
	if (options.invoices) seedHubSpot(hubspot, { invoices: options.invoices, seed: options.seed });
	return {
		hubspot,
		quickbooks,
		close: async () => {
			await Promise.all([hubspot.close(), quickbooks.close()]);
		},
	};
}
