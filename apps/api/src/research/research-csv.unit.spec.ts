import { csvLine } from './research-csv';

describe('a CSV line', () => {
  it('leaves plain cells alone, empties nulls and ends with CRLF', () => {
    expect(csvLine(['P-0a1b', 'AUTO_PBSCT', -1, 3200.5, null, true])).toBe('P-0a1b,AUTO_PBSCT,-1,3200.5,,true\r\n');
  });

  it('quotes cells holding a comma, a quote or a line break, doubling quotes', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines'])).toBe('"a,b","say ""hi""","two\nlines"\r\n');
  });
});
