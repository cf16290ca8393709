import { css } from 'lit';

/*
 * Colours go through private `--_x` variables: a site's `--vote-poll-*` property always wins, and
 * the theme only changes the fallbacks. Kept short on purpose: it ships in the 12 KB first load.
 */
export const styles = css`
  :host {
    --_bg: var(--vote-poll-bg, #fff);
    --_fg: var(--vote-poll-fg, #1a1a1a);
    --_muted: var(--vote-poll-muted, #555);
    --_line: var(--vote-poll-border, #c8c8c8);
    --_accent: var(--vote-poll-accent, #0b57d0);
    --_on: var(--vote-poll-accent-fg, #fff);
    --_track: var(--vote-poll-track, #e6e6e6);
    --_err: var(--vote-poll-error, #b3261e);
    --_gap: var(--vote-poll-gap, 0.75rem);
    --_r: var(--vote-poll-radius, 0.5rem);
    display: block;
    max-width: var(--vote-poll-max-width, 36rem);
    font-family: var(--vote-poll-font, inherit);
    color: var(--_fg);
    line-height: 1.4;
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='dark']) {
    --_bg: var(--vote-poll-bg, #1e1f22);
    --_fg: var(--vote-poll-fg, #ececec);
    --_muted: var(--vote-poll-muted, #b4b4b4);
    --_line: var(--vote-poll-border, #4a4a4f);
    --_accent: var(--vote-poll-accent, #8ab4f8);
    --_on: var(--vote-poll-accent-fg, #0b1b33);
    --_track: var(--vote-poll-track, #3a3b3f);
    --_err: var(--vote-poll-error, #f2b8b5);
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      --_bg: var(--vote-poll-bg, #1e1f22);
      --_fg: var(--vote-poll-fg, #ececec);
      --_muted: var(--vote-poll-muted, #b4b4b4);
      --_line: var(--vote-poll-border, #4a4a4f);
      --_accent: var(--vote-poll-accent, #8ab4f8);
      --_on: var(--vote-poll-accent-fg, #0b1b33);
      --_track: var(--vote-poll-track, #3a3b3f);
      --_err: var(--vote-poll-error, #f2b8b5);
    }
  }
  .base {
    background: var(--_bg);
    border: 1px solid var(--_line);
    border-radius: var(--_r);
    padding: var(--_gap);
  }
  h2 {
    font-size: 1.2em;
  }
  h2,
  h3,
  p,
  ul,
  ol,
  fieldset {
    margin: 0 0 var(--_gap);
  }
  h3 {
    font-size: 1em;
  }
  .muted,
  .count {
    color: var(--_muted);
  }
  ul,
  ol,
  fieldset {
    border: 0;
    padding: 0;
    list-style: none;
  }
  .option {
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding: 0.5em;
    border: 1px solid var(--_line);
    border-radius: var(--_r);
    margin-bottom: 0.4em;
    cursor: pointer;
  }
  img {
    width: 2.5em;
  }
  input {
    accent-color: var(--_accent);
  }
  .grow {
    flex: 1;
  }
  button {
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid var(--_line);
    border-radius: var(--_r);
    padding: 0.4em 0.9em;
    margin: 0 0.4em 0.4em 0;
    cursor: pointer;
  }
  button:disabled {
    opacity: 0.5;
  }
  .primary {
    background: var(--_accent);
    color: var(--_on);
    border-color: var(--_accent);
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .error {
    color: var(--_err);
  }
  .line {
    display: flex;
    justify-content: space-between;
    gap: var(--_gap);
  }
  .bar {
    display: block;
    height: 0.5em;
    margin: 0.2em 0 0.5em;
    background: var(--_track);
    border-radius: 1em;
    overflow: hidden;
  }
  .fill {
    display: block;
    height: 100%;
    background: var(--_accent);
    /* A width rather than a transform, so that right-to-left pages fill from the right. */
    width: calc(var(--p, 0) * 100%);
    transition: width 0.4s;
  }
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  @media (prefers-reduced-motion: reduce) {
    .fill {
      transition: none;
    }
  }
`;
