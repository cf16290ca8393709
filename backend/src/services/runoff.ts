export { instantRunoff, type RankingCount } from '@votewire/wire/runoff';
