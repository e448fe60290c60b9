import type { ComponentChildren } from 'preact';

/** A titled table of rows (the id `table-<title>` names it for links and tests), or a line saying it is empty. */
export function Table({ title, headers, rows, empty, rowClass }: { title: string; headers: string[]; rows: ComponentChildren[][]; empty: string; rowClass?: (index: number) => string | undefined }) {
  const id = `table-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section class="data-table" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                {headers.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((cells, i) => (
                <tr key={i} class={rowClass?.(i)}>
                  {cells.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A value as a table shows it: "—" when there is none. */
export const value = (v: unknown) => (v === undefined || v === null || v === '' ? '—' : String(v));

/** Newest first. */
export const newest = <T,>(items: ReadonlyArray<T>, time: (item: T) => string) => [...items].sort((a, b) => (time(a) < time(b) ? 1 : -1));

/** "DOSE_HELD" → "Dose held". */
export const words = (code: string | null | undefined) => (code ? code.toLowerCase().replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) : '—');
