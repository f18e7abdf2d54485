// Runs before n8n-core loads in every jest worker: n8n-core's InstanceSettings writes its config
// under N8N_USER_FOLDER. All workers share one folder: the key is fixed, so the config is the same.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { useBusyMachineRegexBound } from './regexEngine';

process.env.N8N_USER_FOLDER ??= join(tmpdir(), 'hsqb-n8n-jest');
mkdirSync(process.env.N8N_USER_FOLDER, { recursive: true });
process.env.N8N_ENCRYPTION_KEY ??= 'hsqb-test-encryption-key';
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
process.env.TZ = 'UTC';

// n8n's parameter checks bound each regular expression at 250 ms, which a busy CI machine can miss: see regexEngine.ts.
useBusyMachineRegexBound();
