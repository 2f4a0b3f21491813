/**
 * Buffer time: the configured minutes are added to every service's own buffer, for availability and for each new
 * booking (scheduling stores the total on the appointment, where the no-overlap constraint enforces it). Read on
 * every call, so a config change applies to the next request.
 */
import type { ConfigOf, PluginHandlers } from '../../src/plugin-definition.ts';
import type { bufferTimeManifest } from './manifest.ts';

export const bufferTimeHandlers: PluginHandlers<ConfigOf<typeof bufferTimeManifest>> = {
  bufferMinutes: (context) => context.config.minutes,
};
