/** The marketplace's coded errors; apps/api's one error handler turns them into the error shape. */
import createError from '@fastify/error';

export const PluginNotFoundError = createError('PLUGIN_NOT_FOUND', 'No such plugin', 404);
export const PluginNotInstalledError = createError('PLUGIN_NOT_INSTALLED', 'This plugin is not installed', 404);
export const PluginWithdrawnError = createError(
  'PLUGIN_WITHDRAWN',
  'This plugin is no longer shipped: it can be uninstalled but not installed or configured',
  409,
);
export const RatingRequiresInstallError = createError(
  'PLUGIN_NOT_INSTALLED_FOR_RATING',
  'Only a business that has this plugin installed may rate it',
  403,
);
