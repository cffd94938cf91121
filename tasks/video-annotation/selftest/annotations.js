// The checker's sameAnnotations over a table of cases: what it must accept and each way to break the contract.
'use strict';
const path = require('path');
const { sameAnnotations } = require(path.join(__dirname, '..', 'checker', 'ui.js'));

const A = { start_time: 1, finish_time: 3, category: 'noise', content: 'Cough' };
const B = { start_time: 2.5, finish_time: 4, category: 'speech', content: 'Hi' };
const cases = [
  ['exact and ordered', [A, B], null],
  ['key order does not matter', [{ content: 'Cough', category: 'noise', finish_time: 3, start_time: 1 }, B], null],
  ['out of order', [B, A], 'not ordered by start_time'],
  ['an extra key', [{ ...A, id: 7 }, B], 'expected exactly'],
  ['a missing key', [{ start_time: 1, finish_time: 3, category: 'noise' }, B], 'expected exactly'],
  ['times as strings', [{ ...A, start_time: '1' }, B], 'JSON numbers'],
  ['a wrong value', [{ ...A, content: 'cough' }, B], 'expected'],
  ['one missing', [A], 'expected'],
  ['not an array', { items: [A, B] }, 'not a JSON array'],
];
let failed = 0;
for (const [name, got, error] of cases) {
  let message = null;
  try {
    sameAnnotations(got, [A, B], 'list');
  } catch (e) {
    message = e.message;
  }
  const ok = error === null ? message === null : message !== null && message.includes(error);
  if (!ok) {
    failed++;
    console.log(`${name}: expected ${error === null ? 'acceptance' : `an error with "${error}"`}, got ${message === null ? 'acceptance' : `"${message}"`}`);
  }
}
process.exit(failed ? 1 : 0);
