import { css } from 'lit';

/*
 * Colours go through private `--_x` variables: a site's `--vote-poll-*` property always wins, and
 * the theme only changes the fallbacks. Kept short on purpose: it ships in the 12 KB first load.
 * light-dark() needs Chrome 123, Firefox 120, Safari 17.5 (2024).
 */
export const styles = css`
  /*
   * One colour pair per variable, picked by light-dark() from the host's color-scheme; the scheme
   * also turns native radios, checkboxes and scrollbars dark with the theme.
   */
  :host {
    color-scheme: light;
    --_bg: var(--vote-poll-bg, light-dark(#fff, #1e1f22));
    --_fg: var(--vote-poll-fg, light-dark(#1a1a1a, #ececec));
    --_muted: var(--vote-poll-muted, light-dark(#555, #b4b4b4));
    --_line: var(--vote-poll-border, light-dark(#c8c8c8, #4a4a4f));
    --_accent: var(--vote-poll-accent, light-dark(#0b57d0, #8ab4f8));
    --_on: var(--vote-poll-accent-fg, light-dark(#fff, #0b1b33));
    --_track: var(--vote-poll-track, light-dark(#e6e6e6, #3a3b3f));
    --_err: var(--vote-poll-error, light-dark(#b3261e, #f2b8b5));
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
    color-scheme: dark;
  }
  :host([theme='auto']) {
    color-scheme: light dark;
  }
  /* Roughly the height of a loaded three-option poll, so that the page does not jump when it arrives. */
  [aria-busy='true'] {
    min-height: var(--vote-poll-loading-height, 20rem);
    box-sizing: border-box;
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
  .count {
    white-space: nowrap;
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
    margin-block-end: 0.4em;
    cursor: pointer;
  }
  img {
    width: 2.5em;
    height: 2.5em;
    object-fit: cover;
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
    margin: 0 0 0.4em;
    margin-inline-end: 0.4em;
    cursor: pointer;
  }
  button:disabled,
  [aria-disabled='true'] {
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
