import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(toCsv(['a', 'b'], [{ a: 'x,y', b: 'say "hi"\nbye' }])).toBe('a,b\r\n"x,y","say ""hi""\nbye"\r\n');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const rows = [{ a: '=HYPERLINK("http://evil")' }, { a: '+1+1' }, { a: '-2+3' }, { a: '@SUM(A1)' }, { a: '\t=1' }, { a: '\r=1' }];
    expect(toCsv(['a'], rows).split('\r\n').slice(1, -1)).toEqual([
      `"'=HYPERLINK(""http://evil"")"`,
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      `"'\t=1"`,
      // The CR makes the cell quoted; the leading quote mark keeps it from being a formula.
      `"'\r=1"`,
    ]);
  });

  it('keeps numbers (negative ones too) and ordinary text as they are', () => {
    expect(toCsv(['a', 'b', 'c'], [{ a: -5, b: 'alpha', c: null }])).toBe('a,b,c\r\n-5,alpha,\r\n');
  });

  it('writes objects as JSON', () => {
    expect(toCsv(['d'], [{ d: { newName: 'web-2' } }])).toBe('d\r\n"{""newName"":""web-2""}"\r\n');
  });
});
