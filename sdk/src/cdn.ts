/*
 * The one-file module site owners load with `<script type="module" src=".../sdk/vote-poll.js">`:
 * it defines `<vote-poll>`, and exports the same API as the npm package for inline module scripts.
 */
export * from './index.js';
