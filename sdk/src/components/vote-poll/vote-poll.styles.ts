import { css } from 'lit';

/*
 * Every colour goes through a private `--_x` variable: the public `--vote-poll-*` property wins when
 * the site sets it, and the theme only changes the fallbacks.
 */
export const styles = css`
  :host {
    --_bg: var(--vote-poll-bg, #fff);
    --_fg: var(--vote-poll-fg, #1a1a1a);
    --_muted: var(--vote-poll-muted, #555);
    --_border: var(--vote-poll-border, #c8c8c8);
    --_accent: var(--vote-poll-accent, #0b57d0);
    --_accent-fg: var(--vote-poll-accent-fg, #fff);
    --_track: var(--vote-poll-track, #e6e6e6);
    --_error: var(--vote-poll-error, #b3261e);
    --_gap: var(--vote-poll-gap, 0.75rem);
    --_radius: var(--vote-poll-radius, 0.5rem);
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
    --_border: var(--vote-poll-border, #4a4a4f);
    --_accent: var(--vote-poll-accent, #8ab4f8);
    --_accent-fg: var(--vote-poll-accent-fg, #0b1b33);
    --_track: var(--vote-poll-track, #3a3b3f);
    --_error: var(--vote-poll-error, #f2b8b5);
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      --_bg: var(--vote-poll-bg, #1e1f22);
      --_fg: var(--vote-poll-fg, #ececec);
      --_muted: var(--vote-poll-muted, #b4b4b4);
      --_border: var(--vote-poll-border, #4a4a4f);
      --_accent: var(--vote-poll-accent, #8ab4f8);
      --_accent-fg: var(--vote-poll-accent-fg, #0b1b33);
      --_track: var(--vote-poll-track, #3a3b3f);
      --_error: var(--vote-poll-error, #f2b8b5);
    }
  }
  .base {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_gap) * 1.5);
  }
  .question {
    font-size: 1.2em;
    margin: 0 0 var(--_gap);
  }
  .sub,
  h4 {
    font-size: 1em;
    margin: var(--_gap) 0 calc(var(--_gap) / 2);
  }
  p {
    margin: 0 0 var(--_gap);
  }
  .muted {
    color: var(--_muted);
  }
  .options {
    border: 0;
    margin: 0 0 var(--_gap);
    padding: 0;
    list-style: none;
  }
  .option {
    display: flex;
    align-items: center;
    gap: calc(var(--_gap) / 1.5);
    padding: calc(var(--_gap) / 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin-bottom: calc(var(--_gap) / 2);
    cursor: pointer;
  }
  .rank-item {
    cursor: grab;
  }
  img {
    width: 2.5em;
    height: 2.5em;
    object-fit: cover;
    border-radius: calc(var(--_radius) / 2);
  }
  input {
    accent-color: var(--_accent);
    width: 1.1em;
    height: 1.1em;
    margin: 0;
  }
  .rank {
    min-width: 1.6em;
    font-weight: 700;
    text-align: center;
    color: var(--_accent);
  }
  .grow {
    flex: 1;
  }
  button {
    font: inherit;
    color: var(--_fg);
    background: transparent;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.4em 0.9em;
    cursor: pointer;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .primary {
    background: var(--_accent);
    color: var(--_accent-fg);
    border-color: var(--_accent);
    font-weight: 600;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_gap) / 2);
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .status:focus {
    outline: none;
  }
  .error {
    color: var(--_error);
    font-weight: 600;
  }
  .bars {
    list-style: none;
    margin: 0 0 var(--_gap);
    padding: 0;
  }
  .result {
    margin-bottom: calc(var(--_gap) / 1.5);
  }
  .line {
    display: flex;
    justify-content: space-between;
    gap: var(--_gap);
  }
  .count {
    color: var(--_muted);
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  .mine {
    font-weight: 600;
  }
  .bar {
    display: block;
    height: 0.5em;
    margin-top: 0.25em;
    background: var(--_track);
    border-radius: 1em;
    overflow: hidden;
  }
  .fill {
    display: block;
    height: 100%;
    background: var(--_accent);
    transform: scaleX(var(--p, 0));
    transform-origin: left;
    transition: transform 0.4s ease-out;
  }
  :host(:dir(rtl)) .fill {
    transform-origin: right;
  }
  .winner {
    font-weight: 600;
  }
  .rounds ol,
  .rounds ul {
    padding-inline-start: 1.2em;
  }
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;
