import { SpoolDirectory, readLinesAt } from './spool-file';

describe('reading spooled lines back', () => {
  it('returns each line in the order asked, non-ASCII text intact, across runs of adjacent lines', async () => {
    const spool = await SpoolDirectory.create();
    try {
      const writer = spool.writer('lines');
      const texts = ['{"name":"Ōtani Shōhei"}', 'plain', '{"name":"Müller-Lüdenscheidt 🩸"}', 'last'];
      const entries = [];
      for (const text of texts) entries.push(await writer.writeLine(text));
      await writer.close();
      const file = await spool.reader('lines');
      try {
        expect(await readLinesAt(file, [entries[2]!, entries[0]!, entries[1]!])).toEqual([texts[2], texts[0], texts[1]]);
        expect(await readLinesAt(file, [entries[3]!, entries[0]!])).toEqual([texts[3], texts[0]]);
        expect(await readLinesAt(file, [])).toEqual([]);
      } finally {
        await file.close();
      }
    } finally {
      await spool.remove();
    }
  });
});
