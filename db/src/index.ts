export { migrate } from './migrations';
export { seedDemo, DEMO_POLL_IDS, DEMO_SITE_ORIGINS } from './seed';
export * from './tally-slots';
export * from './ballot-log';
