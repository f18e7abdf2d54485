/** The HubSpot transport: the only code in this package that talks to HubSpot. */
export * from './client';
export * from './errors';
export * from './objects';
export * from './rateLimit';
export * from './search';
export * from './syncProperties';
export * from './twoWayProperties';
