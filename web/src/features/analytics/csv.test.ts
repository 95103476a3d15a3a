import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('starts with a BOM, ends lines with CRLF and quotes what needs it', () => {
    const csv = toCsv(['Name', 'Won'], [['Ада, "East"', 3], ['line\nbreak', null], ['plain', 1.5]]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('Name,Won\r\n"Ада, ""East""",3\r\n"line\nbreak",\r\nplain,1.5\r\n');
  });

  it('never lets a text cell become a formula, but keeps negative numbers numbers', () => {
    expect(toCsv(['a', 'b'], [['=HYPERLINK("x")', -2], ['@SUM(A1)', 0]]).slice(1))
      .toBe('a,b\r\n"\'=HYPERLINK(""x"")",-2\r\n\'@SUM(A1),0\r\n');
  });
});
