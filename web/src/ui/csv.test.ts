// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { csvBlob, datedFileName, toCsv, withBom } from './csv';

describe('csv', () => {
  it('quotes cells with commas, quotes and line breaks, and ends lines with CRLF', () => {
    expect(toCsv([['a', 'b,c'], ['say "hi"', 'two\nlines'], [null, 3]])).toBe('a,"b,c"\r\n"say ""hi""","two\nlines"\r\n,3\r\n');
  });

  it('separates cells with a semicolon on request, quoting the cells that hold one but not those with a comma', () => {
    expect(toCsv([['a;b', '1,5', 'Имя']], ';')).toBe('"a;b";1,5;Имя\r\n');
  });

  it('writes a figure that is not a number as an empty cell', () => {
    expect(toCsv([[Number.NaN, Number.POSITIVE_INFINITY, 0.25]])).toBe(',,0.25\r\n');
  });
  it('defuses formulas but leaves numbers and phones as they are', () => {
    expect(toCsv([['=SUM(A1)', '+1 555 0100', '-12.5', '@cmd', '-x']])).toBe("'=SUM(A1),+1 555 0100,-12.5,'@cmd,'-x\r\n");
  });

  it('makes UTF-8 files with one byte order mark', async () => {
    const bytes = new Uint8Array(await csvBlob([['Имя']]).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe('Имя\r\n');
    const again = new Uint8Array(await (await withBom(csvBlob([['x']]))).arrayBuffer());
    expect([...again]).toEqual([0xef, 0xbb, 0xbf, 0x78, 0x0d, 0x0a]); // not a second mark
  });

  it('adds the byte order mark to a file without one', async () => {
    const bytes = new Uint8Array(await (await withBom(new Blob(['a,b\r\n']))).arrayBuffer());
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe('\uFEFFa,b\r\n');
  });

  it('names files by day', () => {
    expect(datedFileName('companies', 'csv', new Date(2026, 11, 7, 23, 30))).toBe('companies-2026-12-07.csv');
  });
});
