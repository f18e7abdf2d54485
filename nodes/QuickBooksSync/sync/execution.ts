/** The n8n execution a sync runs in: named in the documents it creates, so that Undo can find them. */
import type { IExecuteFunctions } from 'n8n-workflow';

/** The id n8n gives this execution; undefined where the context has none. */
export function executionIdOf(context: IExecuteFunctions): string | undefined {
	try {
		return context.getExecutionId();
	} catch {
		return undefined;
	}
}
