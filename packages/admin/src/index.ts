export { admin, type AdminPluginOptions } from './admin-plugin.ts';
