/**
 * True in the CDN build only (rollup.parts.js swaps this module's value there): its script's own
 * origin is the Votewire server, so `api-base` may be left out. A constant, so that the CDN bundle
 * drops what depends on it.
 */
export const CDN_BUILD: boolean = false;
