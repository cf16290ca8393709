export { instantRunoff } from '@votewire/wire/runoff';
