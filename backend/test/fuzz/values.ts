// Hostile inputs for the fuzz suite: values of the wrong type, text that tries to escape its
// context, and raw bodies that are not JSON at all.

export const nest = (depth: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

/** Values of every JSON type, none of them a valid string, number or boolean for a typed field. */
export const WRONG_TYPES: unknown[] = [null, true, false, 0, -1, 1.5, 1e308, -1e308, [], [1, 2], {}, { $gt: '' }, nest(40)];

/** Text meant to break out of SQL, HTML, URLs or the terminal; all of it is plain text to Votewire. */
export const HOSTILE_TEXT: string[] = [
  "' OR 1=1 --",
  "'; DROP TABLE ballots; --",
  '" OR ""="',
  '1; SELECT SLEEP(5)',
  '\\',
  '%',
  '_',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '{{constructor.constructor("alert(1)")()}}',
  '${process.exit(1)}',
  '\u202eevil\u202c gnp.exe',
  'مرحبا بالعالم',
  'שלום עולם',
  'zero\u200bwidth\u200d\ufeff',
  '🗳️👩‍👩‍👧‍👦🏳️‍🌈',
  '\u0301\u0301\u0301combining',
  'Ｆｕｌｌｗｉｄｔｈ',
  '𝕌𝕟𝕚𝕔𝕠𝕕𝕖',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  '%00%0d%0a',
];

/** Strings a validator must refuse for a required text field (empty, blank, control chars, too long). */
export const BAD_TEXT = (max: number): unknown[] => [
  '',
  '   ',
  'a\u0000b',
  'bell\u0007',
  'esc\u001b[31m',
  'x'.repeat(max + 1),
  ...WRONG_TYPES,
];

/** Bodies that are not valid JSON, or not the JSON object a route expects. */
export const RAW_BODIES: string[] = [
  '{',
  '{"a":',
  '{"a" 1}',
  "{'a': 1}",
  '{"a": 1,}',
  '[1, 2,]',
  'undefined',
  'NaN',
  '{"a": NaN}',
  '{"a": Infinity}',
  '\u0000',
  '\ufeff{"a":',
  '{"a": "\\ud800"',
  '"just a string"',
  '42',
  'null',
  'true',
  '[]',
  '[{}]',
  '{"__proto__": {"admin": true}}',
  '{"constructor": {"prototype": {"admin": true}}}',
  '['.repeat(3000) + ']'.repeat(3000),
  '{"a":'.repeat(2000) + '1' + '}'.repeat(2000),
  JSON.stringify({ a: 'x'.repeat(20 * 1024) }),
];

/** Path segments that are not a poll id: injections, traversal, encodings, overlong. */
export const BAD_IDS: string[] = [
  "'%20OR%201=1%20--",
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '%E0%A4%A',
  '%F0%9F%97%B3',
  'x'.repeat(33),
  'x'.repeat(2000),
  '1e3',
  '-1',
  'null',
  'constructor',
  '__proto__',
];
