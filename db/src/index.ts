export { migrate } from './migrations';
export { seedDemo, DEMO_POLL_IDS, DEMO_SITE_ORIGINS } from './seed';
export { TALLY_SLOTS, createTallySlots } from './tally-slots';
