/**
 * Characters that change no glyph: zero-width spaces and joiners, the word joiner and invisible
 * operators, the byte-order mark, and the bidi marks, embeddings, overrides and isolates. "A" and
 * "A\u200b" look the same to a voter, and a formula behind one still runs in a spreadsheet.
 */
const INVISIBLE = '\\u200b\\u200c\\u200e\\u200f\\u2060-\\u2064\\u202a-\\u202e\\u2066-\\u2069\\u061c\\ufeff';
/** A zero-width joiner between two pictographs builds one emoji (👩‍💻) and stays; any other goes. */
const STRAY_JOINER = '\\u200d(?!\\p{Extended_Pictographic})|(?<![\\p{Extended_Pictographic}\\p{Emoji_Modifier}\\ufe0f])\\u200d';
const INVISIBLE_ANYWHERE = new RegExp(`[${INVISIBLE}]|${STRAY_JOINER}`, 'gu');
const INVISIBLE_PREFIX = new RegExp(`^[${INVISIBLE}\\u200d]+`, 'u');

/**
 * An option label as stored and compared: NFC (a decomposed "é" is the same label as "é"), without
 * invisible characters.
 */
export function cleanLabel(value: string): string {
  return value.normalize('NFC').replace(INVISIBLE_ANYWHERE, '');
}

/** The text a reader sees first: invisible characters at the start removed. */
export const withoutInvisiblePrefix = (text: string) => text.replace(INVISIBLE_PREFIX, '');
